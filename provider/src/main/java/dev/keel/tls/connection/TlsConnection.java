package dev.keel.tls.connection;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.AlertLevel;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.HandshakeObserver;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.handshake.ClientHandshake;
import dev.keel.tls.handshake.HandshakeIo;
import dev.keel.tls.handshake.HandshakeProtocol;
import dev.keel.tls.handshake.KeySchedule13;
import dev.keel.tls.handshake.PostHandshakeState;
import dev.keel.tls.handshake.ServerHandshake;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.ContentType;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.HelloRequest;
import dev.keel.tls.message.KeyUpdate;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.record.HandshakeReassembler;
import dev.keel.tls.record.RecordLayer;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TlsSession;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One TLS connection, sans I/O: network bytes in, network bytes out, plaintext to and from the
 * application. Its {@link #wrap}/{@link #unwrap} contract is the SSLEngine one, without JSSE types, so
 * the JSSE engine is a thin adapter (DESIGN.md).
 *
 * <p>Errors: a problem detected locally throws {@link TlsAlertException}; the alert is then queued,
 * {@link #handshakeStatus()} becomes {@code NEED_WRAP} and the next {@link #wrap} writes it, after
 * which the connection is closed both ways. An alert received from the peer is thrown with
 * {@link TlsAlertException#receivedFromPeer()} true and nothing is sent back.
 *
 * <p>Threads: the JSSE layer serialises wrap calls and unwrap calls (one lock each way); wrap and
 * unwrap may run concurrently on different threads, and what the reading side changes on the writing
 * side is guarded by {@code sendLock}.
 */
public final class TlsConnection {
    /**
     * Largest TLS record on the wire Keel accepts or writes: header + 2^14 + 256 (RFC 8446 5.2). TLS
     * 1.2 records are smaller: Keel's AEAD suites add at most 8 + 16 bytes to 2^14 (RFC 5246 6.2.3.3),
     * and a longer one is a record_overflow whatever it carries.
     */
    public static final int MAX_PACKET_SIZE = 5 + (1 << 14) + 256;
    /** Largest plaintext of one record (RFC 8446 5.1). */
    public static final int MAX_PLAINTEXT_SIZE = 1 << 14;

    /** Outcome of one wrap or unwrap: {@code SSLEngineResult.Status} without JSSE. */
    public enum Status {
        OK,
        BUFFER_UNDERFLOW,
        BUFFER_OVERFLOW,
        CLOSED
    }

    /** {@code SSLEngineResult.HandshakeStatus} without JSSE. */
    public enum HandshakeStatus {
        NOT_HANDSHAKING,
        FINISHED,
        NEED_TASK,
        NEED_WRAP,
        NEED_UNWRAP
    }

    /** The result of one call, as {@code SSLEngineResult}. */
    public record Result(Status status, HandshakeStatus handshakeStatus, int bytesConsumed, int bytesProduced) {
    }

    /** Bytes an encrypted record adds beyond its plaintext at most: header, content type, AEAD tag. */
    private static final int RECORD_OVERHEAD = 5 + 1 + 16;

    /**
     * The configuration, until the handshake is complete; then dropped (an idle connection keeps no
     * lists of suites, groups or schemes: retained heap, issue 7). Only the two fields below are used after.
     */
    private TlsConfig config;
    private final boolean clientMode;
    private final HandshakeObserver observer;
    private final RecordLayer records = new RecordLayer();
    /**
     * Handshake messages being reassembled: made with the connection, dropped once the handshake is
     * complete and nothing is buffered, made again for a post-handshake message (retained heap, issue 7).
     * Only the reading side uses it.
     */
    private HandshakeReassembler reassembler;
    private final int maxHandshakeMessageSize;
    /** Sized for a post-handshake message and its key switch; grows for a handshake flight. */
    private final ArrayDeque<Outbound> outbound = new ArrayDeque<>(3);
    /**
     * Guards the writing side — the outbound queue, the write keys, the close and alert state — because
     * wrap and unwrap may run at the same time on two threads (a socket's reader and writer): reading
     * queues answers and alerts (a KeyUpdate answer, no_renegotiation, a fatal alert after bad input)
     * while another thread may be sealing records from the same queue. Held for a whole wrap call and
     * for each short change the reading side makes; nothing blocking runs under it.
     */
    private final Object sendLock = new Object();
    private final TlsSession session;
    /** The handshake while it runs; {@code null} before it starts and once it is complete. */
    private volatile HandshakeProtocol handshake;
    /** Once the handshake is complete: all that is kept of it (exporter and resumption secrets). */
    private volatile PostHandshakeState postHandshake;
    private ByteBuffer handshakeScratch;

    // Life cycle.
    private volatile boolean handshakeStarted;
    private volatile boolean handshakeComplete;
    private volatile boolean finishedReported;
    private boolean readingApplicationData;
    private volatile AlertDescription pendingAlert;
    private volatile boolean failed;
    private volatile boolean closeNotifyQueued;
    private volatile boolean closeNotifyReceived;
    private volatile boolean inboundDone;
    /** Set by the reading side when it released the read keys (see releaseReadKeysWhenDone). */
    private boolean readKeysReleased;
    private volatile boolean outboundDone;

    /** The version the handshake negotiated ({@code null} until ServerHello): it decides the rules below. */
    private volatile ProtocolVersion negotiatedVersion;

    // Current traffic secrets, for KeyUpdate (RFC 8446 4.6.3).
    private CipherSuite suite;
    private byte[] readSecret;
    private byte[] latestWriteSecret;

    private final SessionStore store;

    public TlsConnection(TlsConfig config) {
        this(config, null);
    }

    /**
     * @param store the sessions of this side of the context, for resumption and tickets;
     *     {@code null}: every handshake is a full one and no ticket is kept or issued
     */
    public TlsConnection(TlsConfig config, SessionStore store) {
        this.config = config;
        this.clientMode = config.clientMode();
        this.observer = config.observer();
        this.store = store;
        this.maxHandshakeMessageSize = config.maxHandshakeMessageSize();
        this.reassembler = new HandshakeReassembler(maxHandshakeMessageSize);
        this.session = new TlsSession(config.peerHost(), config.peerPort());
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Starts the handshake if it has not started (a client then needs to wrap its ClientHello; a
     * server to unwrap one). Calling it again during or after the handshake does nothing (TLS 1.3 has
     * no renegotiation, and Keel does not renegotiate TLS 1.2). After close it throws, without queuing
     * an alert.
     */
    public void beginHandshake() throws TlsAlertException {
        if (isClosed()) {
            throw new TlsAlertException(AlertDescription.INTERNAL_ERROR, "the connection is closed");
        }
        ensureStarted();
    }

    private void ensureStarted() throws TlsAlertException {
        if (handshakeStarted) {
            return;
        }
        HandshakeIo io = new Io();
        // The version-specific state machine is chosen by the hello exchange (ClientHandshake / ServerHandshake).
        handshake = clientMode
                ? new ClientHandshake(config, io, session, store)
                : new ServerHandshake(config, io, session, store);
        handshakeStarted = true;
        if (clientMode) {
            // RFC 8446 5.1: the first ClientHello record may carry 0x0301 for old middleboxes.
            records.setInitialRecordVersion(0x0301);
        }
        try {
            handshake.start();
        } catch (TlsAlertException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(TlsAlertException.internalError("handshake failed to start: " + e, e));
        }
    }

    /** True once the handshake has started (beginHandshake, wrap or unwrap was called). */
    public boolean handshakeStarted() {
        return handshakeStarted;
    }

    private boolean isClosed() {
        return failed || inboundDone || outboundDone || closeNotifyQueued;
    }

    /** Queues close_notify (sent by the next wrap); no more application data is written. */
    public void closeOutbound() {
        synchronized (sendLock) {
            if (outboundDone || closeNotifyQueued || failed) {
                return;
            }
            if (!handshakeStarted) {
                // Nothing was ever said: there is nothing to close politely.
                outboundDone = true;
                inboundDone = true;
                return;
            }
            closeNotifyQueued = true;
        }
    }

    /**
     * The application will read no more. Throws when the peer's close_notify was not received after
     * the handshake had started (a possible truncation attack); the connection is then closed.
     */
    public void closeInbound() throws TlsAlertException {
        if (inboundDone) {
            return;
        }
        inboundDone = true;
        if (handshakeStarted && !closeNotifyReceived && !failed) {
            TlsAlertException e = new TlsAlertException(AlertDescription.INTERNAL_ERROR,
                    "Inbound closed before receiving peer's close_notify: possible truncation attack");
            // RFC 5246 7.2.1 (since TLS 1.1): a connection closed without close_notify does not make
            // its session unusable, so the session stays valid; the connection itself is over.
            throw fail(e, !handshakeComplete);
        }
    }

    public boolean isInboundDone() {
        return inboundDone;
    }

    public boolean isOutboundDone() {
        return outboundDone;
    }

    /** The established session, or {@code null} before the handshake completes. */
    public TlsSession session() {
        return handshakeComplete ? session : null;
    }

    /** The session being negotiated, or {@code null} when no handshake is in progress. */
    public TlsSession handshakeSession() {
        return handshakeStarted && !finishedReported && !failed ? session : null;
    }

    /** A delegated task, or {@code null}. Keel currently runs all crypto inline and returns null. */
    public Runnable delegatedTask() {
        return null;
    }

    /**
     * Asks for a KeyUpdate (RFC 8446 4.6.3) to be sent with the next wrap; with {@code askPeer} the
     * peer is asked to update its keys too. Only after a TLS 1.3 handshake (TLS 1.2 has no KeyUpdate).
     */
    public void requestKeyUpdate(boolean askPeer) {
        synchronized (sendLock) {
            if (handshakeComplete && !isClosed() && !isTls12()) {
                queueKeyUpdate(askPeer);
            }
        }
    }

    /**
     * Keying-material exporter (RFC 8446 7.5 for TLS 1.3, RFC 5705 for TLS 1.2, where a {@code null}
     * context differs from an empty one); {@code null} before the handshake completes.
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        PostHandshakeState state = postHandshake;
        return state == null ? null : state.exportKeyingMaterial(label, context, length);
    }

    /** True once the handshake negotiated TLS 1.2. */
    private boolean isTls12() {
        return negotiatedVersion == ProtocolVersion.TLS12;
    }

    /** What the caller must do next. */
    public HandshakeStatus handshakeStatus() {
        synchronized (sendLock) {
            return currentHandshakeStatus();
        }
    }

    private HandshakeStatus currentHandshakeStatus() {
        if (pendingAlert != null) {
            return HandshakeStatus.NEED_WRAP;
        }
        if (!handshakeStarted || failed) {
            return HandshakeStatus.NOT_HANDSHAKING;
        }
        if (closeNotifyQueued && !outboundDone) {
            return HandshakeStatus.NEED_WRAP;
        }
        if (!finishedReported) {
            if (!outbound.isEmpty()) {
                return HandshakeStatus.NEED_WRAP;
            }
            if (!handshakeComplete) {
                return inboundDone ? HandshakeStatus.NOT_HANDSHAKING : HandshakeStatus.NEED_UNWRAP;
            }
        }
        return HandshakeStatus.NOT_HANDSHAKING;
    }

    /** The status to report at the end of a call: FINISHED once, when the handshake just completed. */
    private HandshakeStatus statusAfterCall() {
        synchronized (sendLock) {
            if (handshakeComplete && !finishedReported && outbound.isEmpty() && pendingAlert == null) {
                finishedReported = true;
                return HandshakeStatus.FINISHED;
            }
            return currentHandshakeStatus();
        }
    }

    // ------------------------------------------------------------------ wrap

    /**
     * Produces handshake records, one alert, or application data records from {@code srcs} (only once
     * the handshake is done). Writes only whole records into {@code dst}; when {@code dst} is too small
     * nothing is lost and the status is {@code BUFFER_OVERFLOW}. A {@code dst} of
     * {@link #MAX_PACKET_SIZE} bytes always suffices for one record.
     */
    public Result wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws TlsAlertException {
        synchronized (sendLock) {
            try {
                return doWrap(srcs, offset, length, dst);
            } catch (TlsAlertException e) {
                throw fail(e);
            } catch (RuntimeException e) {
                throw fail(TlsAlertException.internalError("internal error while writing: " + e, e));
            }
        }
    }

    private Result doWrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws TlsAlertException {
        if (pendingAlert != null) {
            return writePendingAlert(dst);
        }
        if (outboundDone) {
            return new Result(Status.CLOSED, handshakeStatus(), 0, 0);
        }
        if (!failed) {
            ensureStarted();
        }
        int start = dst.position();
        if (!outbound.isEmpty()) {
            // Handshake and post-handshake messages go out first, in calls of their own.
            flushOutbound(dst);
            if (!outbound.isEmpty() && dst.position() == start) {
                return new Result(Status.BUFFER_OVERFLOW, handshakeStatus(), 0, 0);
            }
            if (dst.position() != start || !handshakeComplete) {
                return new Result(Status.OK, statusAfterCall(), 0, dst.position() - start);
            }
        }
        if (closeNotifyQueued) {
            return writeCloseNotify(dst, dst.position() - start);
        }
        if (!handshakeComplete) {
            return new Result(Status.OK, statusAfterCall(), 0, dst.position() - start);
        }
        if (records.writeKeyUpdateRecommended()) {
            // RFC 8446 5.5: change keys well before the AEAD's safety limit.
            queueKeyUpdate(false);
            flushOutbound(dst);
            if (!outbound.isEmpty()) {
                return new Result(dst.position() == start ? Status.BUFFER_OVERFLOW : Status.OK,
                        statusAfterCall(), 0, dst.position() - start);
            }
        }
        int consumed = writeApplicationData(srcs, offset, length, dst);
        int produced = dst.position() - start;
        if (produced == 0 && remaining(srcs, offset, length) > 0) {
            return new Result(Status.BUFFER_OVERFLOW, statusAfterCall(), 0, 0);
        }
        return new Result(Status.OK, statusAfterCall(), consumed, produced);
    }

    private int writeApplicationData(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
            throws TlsAlertException {
        int consumed = 0;
        int i = offset;
        while (i < offset + length) {
            ByteBuffer src = srcs[i];
            if (!src.hasRemaining()) {
                i++;
                continue;
            }
            int n = Math.min(src.remaining(), MAX_PLAINTEXT_SIZE);
            if (n < MAX_PLAINTEXT_SIZE && remaining(srcs, i + 1, offset + length - i - 1) > 0) {
                // This record would be short of a full one while more data follows in the next
                // buffer: gather across buffers so records stay full.
                n = Math.min(MAX_PLAINTEXT_SIZE, remaining(srcs, i, offset + length - i));
                if (dst.remaining() < records.wireSize(n)) {
                    break;
                }
                ByteBuffer gathered = gather(srcs, i, offset + length, n);
                records.writeRecord(ContentType.APPLICATION_DATA, gathered, dst);
                consumed += n;
                continue;
            }
            if (dst.remaining() < records.wireSize(n)) {
                break;
            }
            int limit = src.limit();
            src.limit(src.position() + n);
            try {
                records.writeRecord(ContentType.APPLICATION_DATA, src, dst);
            } finally {
                src.limit(limit);
            }
            consumed += n;
        }
        return consumed;
    }

    /** Copies n bytes from consecutive buffers into the scratch buffer (rare: only split writes). */
    private ByteBuffer gather(ByteBuffer[] srcs, int from, int end, int n) {
        ByteBuffer scratch = scratch(n);
        scratch.clear();
        for (int i = from; i < end && scratch.position() < n; i++) {
            ByteBuffer src = srcs[i];
            int take = Math.min(src.remaining(), n - scratch.position());
            int limit = src.limit();
            src.limit(src.position() + take);
            scratch.put(src);
            src.limit(limit);
        }
        scratch.flip();
        return scratch;
    }

    /**
     * A scratch buffer of at least {@code n} bytes (at most one record's worth is ever asked for). Sized
     * to what is needed, not to 2^14: a handshake flight record is about a kilobyte.
     */
    private ByteBuffer scratch(int n) {
        ByteBuffer scratch = handshakeScratch; // read once: the read side drops it after the handshake
        if (scratch == null || scratch.capacity() < n) {
            int size = Math.max(n, scratch == null ? 512 : 2 * scratch.capacity());
            scratch = ByteBuffer.allocate(Math.min(size, Math.max(n, MAX_PLAINTEXT_SIZE)));
            handshakeScratch = scratch;
        }
        return scratch;
    }

    private static int remaining(ByteBuffer[] bufs, int offset, int length) {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += bufs[i].remaining();
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /**
     * Writes queued handshake messages, change_cipher_spec records and key switches in order, as many
     * whole records as fit. Handshake messages are coalesced into records of up to 2^14 bytes.
     */
    private void flushOutbound(ByteBuffer dst) throws TlsAlertException {
        while (!outbound.isEmpty()) {
            Outbound item = outbound.peek();
            if (item instanceof Outbound.WriteKeys keys) {
                records.setWriteKeys13(keys.suite(), keys.trafficSecret());
                Arrays.fill(keys.trafficSecret(), (byte) 0);
                outbound.poll();
            } else if (item instanceof Outbound.WriteKeys12 keys) {
                records.setWriteKeys12(keys.suite(), keys.key(), keys.fixedIv());
                Arrays.fill(keys.key(), (byte) 0);
                Arrays.fill(keys.fixedIv(), (byte) 0);
                outbound.poll();
            } else if (item instanceof Outbound.WarningAlert alert) {
                if (dst.remaining() < records.wireSize(2)) {
                    return;
                }
                writeAlert(AlertLevel.WARNING, alert.description(), dst);
                outbound.poll();
            } else if (item instanceof Outbound.ChangeCipherSpec) {
                if (dst.remaining() < records.wireSize(1)) {
                    return;
                }
                records.writeRecord(ContentType.CHANGE_CIPHER_SPEC, ByteBuffer.wrap(new byte[] {1}), dst);
                outbound.poll();
            } else {
                int n = Math.min(MAX_PLAINTEXT_SIZE, queuedHandshakeBytes());
                if (dst.remaining() < records.wireSize(n)) {
                    return;
                }
                ByteBuffer record = takeHandshakeBytes(n);
                records.writeRecord(ContentType.HANDSHAKE, record, dst);
            }
        }
    }

    /** Handshake bytes queued before the next key switch or change_cipher_spec. */
    private int queuedHandshakeBytes() {
        int n = 0;
        for (Outbound o : outbound) {
            if (!(o instanceof Outbound.HandshakeBytes hb)) {
                break;
            }
            n += hb.remaining();
        }
        return n;
    }

    private ByteBuffer takeHandshakeBytes(int n) {
        Outbound.HandshakeBytes first = (Outbound.HandshakeBytes) outbound.peek();
        if (first.remaining() >= n) {
            // The whole record comes from one queued message: no copy needed.
            ByteBuffer whole = ByteBuffer.wrap(first.data, first.offset, n);
            first.offset += n;
            if (first.remaining() == 0) {
                outbound.poll();
            }
            return whole;
        }
        ByteBuffer scratch = scratch(n);
        scratch.clear();
        while (scratch.position() < n) {
            Outbound.HandshakeBytes hb = (Outbound.HandshakeBytes) outbound.peek();
            int take = Math.min(hb.remaining(), n - scratch.position());
            scratch.put(hb.data, hb.offset, take);
            hb.offset += take;
            if (hb.remaining() == 0) {
                outbound.poll();
            }
        }
        scratch.flip();
        return scratch;
    }

    private Result writePendingAlert(ByteBuffer dst) throws TlsAlertException {
        if (dst.remaining() < records.wireSize(2)) {
            return new Result(Status.BUFFER_OVERFLOW, HandshakeStatus.NEED_WRAP, 0, 0);
        }
        int start = dst.position();
        writeAlert(AlertLevel.FATAL, pendingAlert, dst);
        pendingAlert = null;
        outboundDone = true;
        records.releaseWriteKeys();
        return new Result(Status.CLOSED, HandshakeStatus.NOT_HANDSHAKING, 0, dst.position() - start);
    }

    private Result writeCloseNotify(ByteBuffer dst, int producedSoFar) throws TlsAlertException {
        if (dst.remaining() < records.wireSize(2)) {
            return new Result(producedSoFar == 0 ? Status.BUFFER_OVERFLOW : Status.OK, handshakeStatus(), 0,
                    producedSoFar);
        }
        int start = dst.position();
        writeAlert(AlertLevel.WARNING, AlertDescription.CLOSE_NOTIFY, dst);
        closeNotifyQueued = false;
        outboundDone = true;
        records.releaseWriteKeys();
        if (!handshakeComplete) {
            // Closing during the handshake ends it: there is no one to finish it with.
            inboundDone = true;
        }
        return new Result(Status.CLOSED, handshakeStatus(), 0, producedSoFar + dst.position() - start);
    }

    private void writeAlert(AlertLevel level, AlertDescription description, ByteBuffer dst) throws TlsAlertException {
        records.writeRecord(ContentType.ALERT,
                ByteBuffer.wrap(new byte[] {(byte) level.code(), (byte) description.code()}), dst);
    }

    // ------------------------------------------------------------------ unwrap

    /**
     * Consumes at most one complete record from {@code src}. A partial record consumes nothing and
     * returns {@code BUFFER_UNDERFLOW}; application data that does not fit {@code dsts} returns
     * {@code BUFFER_OVERFLOW} and consumes nothing. Post-handshake messages (NewSessionTicket,
     * KeyUpdate) are handled here and produce 0 bytes with status OK.
     */
    public Result unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws TlsAlertException {
        try {
            Result result = doUnwrap(src, dsts, offset, length);
            releaseReadKeysWhenDone();
            return result;
        } catch (TlsAlertException e) {
            throw releaseReadKeysWhenDone(fail(e));
        } catch (RuntimeException e) {
            TlsAlertException internal = TlsAlertException.internalError("internal error while reading: " + e, e);
            throw releaseReadKeysWhenDone(fail(internal));
        }
    }

    /**
     * Once nothing more will be read, the read keys are wiped and their cipher released (issue 7:
     * a pooled cipher serves the next connection). Only the reading side does this — it alone uses
     * the read keys — so a failure seen by the writing side is cleaned up at the next unwrap.
     */
    private void releaseReadKeysWhenDone() {
        if (inboundDone && !readKeysReleased) {
            readKeysReleased = true;
            records.releaseReadKeys();
        }
    }

    private TlsAlertException releaseReadKeysWhenDone(TlsAlertException e) {
        releaseReadKeysWhenDone();
        return e;
    }

    private Result doUnwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws TlsAlertException {
        if (inboundDone || failed) {
            return new Result(Status.CLOSED, handshakeStatus(), 0, 0);
        }
        ensureStarted();
        int recordLength = records.peekRecordLength(src);
        if (recordLength == 0) {
            return new Result(Status.BUFFER_UNDERFLOW, handshakeStatus(), 0, 0);
        }
        // At most 2^14 content bytes (RFC 8446 5.4): a larger record fails with record_overflow below,
        // so it must not make a getApplicationBufferSize() destination report BUFFER_OVERFLOW forever.
        int maxPlaintext = Math.min(MAX_PLAINTEXT_SIZE, Math.max(0, recordLength - RECORD_OVERHEAD));
        int room = remaining(dsts, offset, length);
        if (readingApplicationData && room < maxPlaintext) {
            return new Result(Status.BUFFER_OVERFLOW, handshakeStatus(), 0, 0);
        }
        ByteBuffer direct = directDestination(dsts, offset, length, records.maxPlaintextLength(recordLength));
        int directStart = direct == null ? 0 : direct.position();
        int start = src.position();
        ContentType type = records.readRecord(src, direct);
        int consumed = src.position() - start;
        int produced = 0;
        switch (type) {
            case APPLICATION_DATA -> produced = onApplicationData(direct, directStart, dsts, offset, length);
            case HANDSHAKE -> onHandshakeRecord();
            case ALERT -> onAlert();
            case CHANGE_CIPHER_SPEC -> onChangeCipherSpec();
            default -> throw TlsAlertException.unexpectedMessage("unexpected record type " + type);
        }
        Status status = inboundDone ? Status.CLOSED : Status.OK;
        return new Result(status, statusAfterCall(), consumed, produced);
    }

    /** The one destination buffer that can take a whole record's plaintext, if there is one. */
    private ByteBuffer directDestination(ByteBuffer[] dsts, int offset, int length, int maxPlaintext) {
        if (!readingApplicationData) {
            return null;
        }
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].hasRemaining()) {
                return dsts[i].remaining() >= maxPlaintext ? dsts[i] : null;
            }
        }
        return null;
    }

    private int onApplicationData(ByteBuffer direct, int directStart, ByteBuffer[] dsts, int offset, int length)
            throws TlsAlertException {
        if (!readingApplicationData) {
            throw TlsAlertException.unexpectedMessage("application data received before the handshake completed");
        }
        if (hasPartialHandshakeMessage()) {
            if (direct != null) {
                for (int i = directStart; i < direct.position(); i++) {
                    direct.put(i, (byte) 0);
                }
                direct.position(directStart);
            }
            throw interleaved(ContentType.APPLICATION_DATA);
        }
        if (direct != null && direct.position() != directStart) {
            return direct.position() - directStart;
        }
        ByteBuffer fragment = records.readFragment();
        int produced = fragment.remaining();
        for (int i = offset; i < offset + length && fragment.hasRemaining(); i++) {
            ByteBuffer d = dsts[i];
            int take = Math.min(d.remaining(), fragment.remaining());
            int limit = fragment.limit();
            fragment.limit(fragment.position() + take);
            d.put(fragment);
            fragment.limit(limit);
        }
        return produced;
    }

    private void onHandshakeRecord() throws TlsAlertException {
        if (reassembler == null) {
            reassembler = new HandshakeReassembler(maxHandshakeMessageSize);
        }
        reassembler.add(records.readFragment());
        RawHandshake message;
        while ((message = reassembler.next()) != null) {
            if (handshakeComplete) {
                onPostHandshakeMessage(message);
            } else {
                observer.message(false, message);
                handshake.handle(message);
                if (handshake.isComplete()) {
                    onHandshakeComplete();
                }
            }
        }
        if (handshakeComplete) {
            // Idle connections keep no handshake-sized buffers (retained heap, issue 7).
            if (!reassembler.hasPartialMessage()) {
                reassembler = null;
            }
            records.trimBuffers();
            handshakeScratch = null;
        }
    }

    private void onHandshakeComplete() {
        // Keep only what post-handshake messages and exporters need; the handshake object (transcript,
        // key schedule, ClientHello, key shares) is dropped (retained heap, issue 7).
        postHandshake = handshake.postHandshakeState();
        handshake = null;
        handshakeComplete = true;
        readingApplicationData = true;
        if (session.id().length == 0) {
            // TLS 1.3 (and TLS 1.2 sessions without a session id): an id for SSLSession.getId().
            session.setRandomIdOnFirstUse(config.random());
        }
        session.touch();
        config = null;
        observer.completed();
    }

    /** NewSessionTicket and KeyUpdate after the handshake (RFC 8446 4.6). */
    private void onPostHandshakeMessage(RawHandshake message) throws TlsAlertException {
        HandshakeType type = message.handshakeType();
        if (isTls12()) {
            onPostHandshakeMessage12(message, type);
            return;
        }
        if (type == HandshakeType.NEW_SESSION_TICKET && clientMode) {
            postHandshake.newSessionTicket(message); // kept for resumption when there is a session store
            return;
        }
        if (type == HandshakeType.KEY_UPDATE) {
            KeyUpdate update = KeyUpdate.decode(message.reader());
            if (hasPartialHandshakeMessage()) {
                throw TlsAlertException.unexpectedMessage("a handshake message spans a KeyUpdate");
            }
            byte[] next = KeySchedule13.nextTrafficSecret(suite.hash(), readSecret);
            Arrays.fill(readSecret, (byte) 0);
            readSecret = next;
            records.setReadKeys13(suite, next);
            // RFC 8446 4.6.3: several requests received while silent are answered by one update; a
            // KeyUpdate already queued (and not yet sent) is that answer.
            synchronized (sendLock) {
                if (update.updateRequested() && !closeNotifyQueued && !outboundDone && !keyUpdateQueued()) {
                    queueKeyUpdate(false);
                }
            }
            return;
        }
        throw TlsAlertException.unexpectedMessage("unexpected post-handshake message "
                + (type == null ? "type " + message.type() : type.rfcName()));
    }

    /** True when part of a handshake message (or a message not yet handled) is buffered. */
    private boolean hasPartialHandshakeMessage() {
        HandshakeReassembler r = reassembler;
        return r != null && r.hasPartialMessage();
    }

    /** True when a KeyUpdate of ours is queued and not yet (completely) written. */
    private boolean keyUpdateQueued() {
        for (Outbound o : outbound) {
            if (o instanceof Outbound.HandshakeBytes hb && hb.data[0] == HandshakeType.KEY_UPDATE.code()) {
                return true;
            }
        }
        return false;
    }

    /**
     * TLS 1.2 after the handshake: only a renegotiation request can arrive, and Keel does not
     * renegotiate. A client answers HelloRequest with a warning no_renegotiation (RFC 5246 7.4.1.1,
     * 7.2.2), a server answers a ClientHello the same way (RFC 5746 4.4, 5); the peer then decides
     * whether to go on. Anything else is unexpected_message.
     */
    private void onPostHandshakeMessage12(RawHandshake message, HandshakeType type) throws TlsAlertException {
        if (type == HandshakeType.HELLO_REQUEST && clientMode) {
            HelloRequest.decode(message.reader());
        } else if (type == HandshakeType.CLIENT_HELLO && !clientMode) {
            ClientHello.decode(message.reader());
        } else {
            throw TlsAlertException.unexpectedMessage("unexpected TLS 1.2 post-handshake message "
                    + (type == null ? "type " + message.type() : type.rfcName()));
        }
        if (hasPartialHandshakeMessage()) {
            throw TlsAlertException.unexpectedMessage("a renegotiation request is followed by a partial message");
        }
        synchronized (sendLock) {
            if (!closeNotifyQueued && !outboundDone) {
                outbound.add(new Outbound.WarningAlert(AlertDescription.NO_RENEGOTIATION));
            }
        }
    }

    private void queueKeyUpdate(boolean askPeer) {
        byte[] wire = new KeyUpdate(askPeer).encode();
        outbound.add(new Outbound.HandshakeBytes(wire));
        byte[] next = KeySchedule13.nextTrafficSecret(suite.hash(), latestWriteSecret);
        latestWriteSecret = next;
        outbound.add(new Outbound.WriteKeys(suite, next.clone()));
    }

    /** RFC 8446 6: close_notify ends the peer's writing; every other alert is fatal. */
    private void onAlert() throws TlsAlertException {
        ByteBuffer fragment = records.readFragment();
        if (fragment.remaining() != 2) {
            throw TlsAlertException.decodeError("an alert record must hold exactly one 2-byte alert, not "
                    + fragment.remaining() + " bytes");
        }
        int level = fragment.get() & 0xFF;
        int code = fragment.get() & 0xFF;
        AlertDescription description = AlertDescription.fromCode(code);
        if (description == AlertDescription.CLOSE_NOTIFY) {
            closeNotifyReceived = true;
            inboundDone = true;
            if (!handshakeComplete) {
                throw TlsAlertException.unexpectedMessage("the peer closed the connection during the handshake");
            }
            synchronized (sendLock) {
                if (isTls12() && !outboundDone && !closeNotifyQueued) {
                    // RFC 5246 7.2.1: answer with our own close_notify (TLS 1.2 has no half-close).
                    closeNotifyQueued = true;
                }
            }
            return;
        }
        if (description == AlertDescription.USER_CANCELED && level == AlertLevel.WARNING.code()) {
            return; // RFC 8446 6.1: followed by close_notify
        }
        if (isTls12() && level == AlertLevel.WARNING.code() && (description == AlertDescription.NO_RENEGOTIATION
                || description == AlertDescription.UNRECOGNIZED_NAME)) {
            // RFC 5246 7.2.2 / RFC 6066 3: warnings a TLS 1.2 peer may send and carry on after.
            return;
        }
        inboundDone = true;
        throw description == null ? TlsAlertException.receivedUnknown(code) : TlsAlertException.received(description);
    }

    /**
     * RFC 8446 5: a change_cipher_spec of the single byte 0x01 is dropped while the handshake runs;
     * anything else is unexpected_message. TLS 1.2 (RFC 5246 7.1): it is a step of the handshake that
     * switches the read keys; it may not split a handshake message, and after the handshake it is
     * unexpected (Keel does not renegotiate).
     */
    private void onChangeCipherSpec() throws TlsAlertException {
        ByteBuffer fragment = records.readFragment();
        boolean wellFormed = fragment.remaining() == 1 && fragment.get(fragment.position()) == 1;
        if (hasPartialHandshakeMessage()) {
            // RFC 8446 5.1 / RFC 5246 7.1: nothing may come between the fragments of a handshake message.
            throw interleaved(ContentType.CHANGE_CIPHER_SPEC);
        }
        if (wellFormed && isTls12() && !handshakeComplete) {
            handshake.changeCipherSpec();
            return;
        }
        HandshakeProtocol running = handshake;
        if (!wellFormed || running == null || isTls12() || !running.acceptsChangeCipherSpec()) {
            throw TlsAlertException.unexpectedMessage("unexpected change_cipher_spec record");
        }
    }

    /** RFC 8446 5.1: no other record may come between the records of one handshake message. */
    private static TlsAlertException interleaved(ContentType type) {
        return TlsAlertException.unexpectedMessage("received " + type.name().toLowerCase(java.util.Locale.ROOT)
                + " between the fragments of a handshake message (RFC 8446 5.1)");
    }

    // ------------------------------------------------------------------ failure

    /** Records a failure: queue the alert (unless it came from the peer) and stop reading. */
    private TlsAlertException fail(TlsAlertException e) {
        return fail(e, true);
    }

    /** As {@link #fail(TlsAlertException)}; {@code invalidateSession} false keeps the session resumable. */
    private TlsAlertException fail(TlsAlertException e, boolean invalidateSession) {
        synchronized (sendLock) {
            recordFailure(e, invalidateSession);
        }
        return e;
    }

    private void recordFailure(TlsAlertException e, boolean invalidateSession) {
        if (!failed) {
            failed = true;
            inboundDone = true;
            applyKeysThePeerAlreadyExpects();
            outbound.clear();
            closeNotifyQueued = false;
            if (e.receivedFromPeer()) {
                outboundDone = true;
                records.releaseWriteKeys(); // under sendLock: no wrap is running
            } else if (!outboundDone) {
                pendingAlert = e.alert();
            }
            if (invalidateSession) {
                session.invalidate();
            }
        }
    }

    /**
     * Before the queue is dropped for an alert: write keys queued ahead of any unsent handshake message
     * are keys the peer already reads with (a client that has processed ServerHello is read by the
     * server with its handshake key), so the alert must be protected with them. A dummy
     * change_cipher_spec on the way is not needed by anyone and is skipped.
     */
    private void applyKeysThePeerAlreadyExpects() {
        for (Outbound item : outbound) {
            if (item instanceof Outbound.WriteKeys keys) {
                records.setWriteKeys13(keys.suite(), keys.trafficSecret());
            } else if (!(item instanceof Outbound.ChangeCipherSpec)) {
                return;
            }
        }
    }

    /** The connection's side of the handshake's requests. */
    private final class Io implements HandshakeIo {
        @Override
        public void sendHandshake(byte[] messageWire) {
            if (observer != HandshakeObserver.NONE) {
                observer.message(true, new RawHandshake(messageWire));
            }
            synchronized (sendLock) {
                outbound.add(new Outbound.HandshakeBytes(messageWire));
            }
        }

        @Override
        public void sendChangeCipherSpec() {
            synchronized (sendLock) {
                outbound.add(new Outbound.ChangeCipherSpec());
            }
        }

        @Override
        public void changeWriteKeys(CipherSuite s, byte[] trafficSecret) {
            synchronized (sendLock) {
                suite = s;
                latestWriteSecret = trafficSecret.clone();
                if (outbound.isEmpty()) {
                    // Nothing waits to be written with the old keys: switch now.
                    records.setWriteKeys13(s, trafficSecret);
                } else {
                    outbound.add(new Outbound.WriteKeys(s, trafficSecret.clone()));
                }
            }
        }

        @Override
        public void changeReadKeys(CipherSuite s, byte[] trafficSecret) throws TlsAlertException {
            if (hasPartialHandshakeMessage()) {
                throw TlsAlertException.unexpectedMessage(
                        "a handshake message spans a key change (RFC 8446 5.1)");
            }
            suite = s;
            if (readSecret != null) {
                Arrays.fill(readSecret, (byte) 0);
            }
            readSecret = trafficSecret.clone();
            records.setReadKeys13(s, trafficSecret);
        }

        @Override
        public void changeWriteKeys12(CipherSuite s, byte[] writeKey, byte[] writeIv) {
            synchronized (sendLock) {
                outbound.add(new Outbound.WriteKeys12(s, writeKey.clone(), writeIv.clone()));
            }
        }

        @Override
        public void changeReadKeys12(CipherSuite s, byte[] readKey, byte[] readIv) throws TlsAlertException {
            if (hasPartialHandshakeMessage()) {
                throw TlsAlertException.unexpectedMessage(
                        "a handshake message spans a key change (RFC 5246 7.1)");
            }
            records.setReadKeys12(s, readKey, readIv);
        }

        @Override
        public void versionNegotiated(ProtocolVersion version) {
            negotiatedVersion = version;
        }
    }
}
