package dev.keel.tls.jsse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Drives an {@link SSLEngine} over the blocking streams of a TCP socket: the handshake, application
 * reads and writes, close_notify, and the fatal-error path. It knows nothing of the {@code SSLSocket}
 * API; {@link KeelSSLSocket} calls it and hears back through {@link Events}.
 *
 * <h2>Driving the engine</h2>
 * Wrap and unwrap are called strictly as {@link HandshakeStatus} asks; delegated tasks run inline on
 * the calling thread. {@link SocketInbound} and {@link SocketOutbound} absorb {@code BUFFER_UNDERFLOW}
 * (read more from the socket) and {@code BUFFER_OVERFLOW} (grow to the session's buffer sizes).
 *
 * <h2>Locks</h2>
 * Three locks, always taken in this order: the handshake lock, the read lock (in {@code SocketInbound}),
 * the write lock (in {@code SocketOutbound}). One thread reads while another writes; they meet only
 * when the engine needs the other direction:
 * <ul>
 *   <li>The initial handshake runs under the handshake lock. Readers and writers wait for it there, so
 *       whichever thread gets there first drives it and the others find it done.</li>
 *   <li>A reader whose unwrap leaves a message to send (a KeyUpdate response, a TLS 1.2 close_notify
 *       reply, renegotiation) sends it if the write lock is free. If a writer holds it, the writer sends
 *       it: its next wrap produces the pending message first, and after unlocking it checks again. Only
 *       when the engine refuses to unwrap until that message is out does the reader wait for the lock.
 *       </li>
 *   <li>A writer whose wrap needs the peer's answer first (renegotiation) releases the write lock and
 *       drives the handshake; for unwraps it takes the read lock only if free, otherwise it waits for
 *       the reader holding it to unwrap the answer.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * An {@link SSLException} from the engine (or an I/O error of the transport, reported as one) is fatal:
 * the alert the engine produces is written (bounded in time; none when the peer ended the stream
 * without close_notify), the socket is closed through
 * {@link Events#fatalError()}, and the exception is rethrown; later calls report the connection as shut
 * down. A {@link java.net.SocketTimeoutException} is not fatal: the state is intact and the call may be
 * repeated.
 */
final class SocketEngineDriver {
    /** What the driver tells the socket. */
    interface Events {
        /** A handshake completed (initial or renegotiated); called on the thread that completed it. */
        void handshakeFinished();

        /** The connection failed; the alert, if any, was sent. Close the socket. */
        void fatalError();

        /** Close the transport now, to unblock a write that is taking too long while closing. */
        void abortTransport();
    }

    /** Calls in a row that may leave the engine where it was before we decide it is stuck. */
    private static final int MAX_IDLE_TURNS = 8;

    /** How long close waits for a writer to release the write lock before giving up on close_notify. */
    private static final long CLOSE_LOCK_WAIT_MILLIS = 200;

    private static final String TLS13 = "TLSv1.3";

    private enum WriteOutcome { DONE, NEEDS_PEER, CLOSED }

    private final SSLEngine engine;
    private final SocketInbound inbound;
    private final SocketOutbound outbound;
    private final Events events;
    private final ReentrantLock handshakeLock = new ReentrantLock();

    private boolean handshakeBegun; // guarded by handshakeLock
    private volatile boolean initialHandshakeDone;
    private volatile SSLException failure;
    private volatile boolean closed;

    SocketEngineDriver(SSLEngine engine, InputStream network, OutputStream networkOut, Events events) {
        this.engine = engine;
        this.inbound = new SocketInbound(engine, network);
        this.outbound = new SocketOutbound(engine, networkOut);
        this.events = events;
    }

    // ---------------------------------------------------------------- handshake

    boolean isInitialHandshakeDone() {
        return initialHandshakeDone;
    }

    /** Performs the first handshake unless it is done; threads that arrive meanwhile wait for it. */
    void ensureInitialHandshake() throws IOException {
        if (initialHandshakeDone) {
            return;
        }
        handshakeLock.lock();
        try {
            checkUsable();
            if (initialHandshakeDone) {
                return;
            }
            if (!handshakeBegun) {
                engine.beginHandshake();
                handshakeBegun = true;
            }
            drive(true);
            initialHandshakeDone = true;
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        } finally {
            handshakeLock.unlock();
        }
    }

    /**
     * A new handshake on an established connection, as {@link SSLEngine#beginHandshake} defines it for
     * the negotiated version (TLS 1.3: a KeyUpdate; TLS 1.2: renegotiation, if the engine allows it).
     */
    void rehandshake() throws IOException {
        ensureInitialHandshake();
        handshakeLock.lock();
        try {
            checkUsable();
            engine.beginHandshake();
            drive(false);
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        } finally {
            handshakeLock.unlock();
        }
    }

    /** Drives a handshake the engine is in (the writer found it waiting for the peer). */
    private void continueHandshake() throws IOException {
        handshakeLock.lock();
        try {
            drive(false);
        } finally {
            handshakeLock.unlock();
        }
    }

    /** The handshake loop: do what the engine asks until it is no longer handshaking. */
    private void drive(boolean initial) throws IOException {
        boolean finished = false;
        int idleTurns = 0;
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            SSLEngineResult result;
            switch (status) {
                case NEED_TASK:
                    runDelegatedTasks();
                    continue;
                case NEED_WRAP:
                    result = wrapForHandshake();
                    break;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    result = unwrapForHandshake();
                    break;
                default: // NOT_HANDSHAKING (FINISHED is only ever a result, never a status)
                    sendKeptHandshake(); // the peer may be waiting for our last flight
                    if (initial && !finished) {
                        events.handshakeFinished(); // an engine that never reported FINISHED
                    }
                    return;
            }
            if (result == null) {
                continue; // another thread unwrapped for us; look at the engine again
            }
            if (result.getStatus() == Status.CLOSED) {
                throw new SSLHandshakeException("Connection closed during the handshake ("
                        + (engine.isInboundDone() ? "peer sent close_notify" : "closed locally") + ")");
            }
            finished |= noteFinished(result, status);
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                if (++idleTurns > MAX_IDLE_TURNS) {
                    throw new SSLException("Engine made no handshake progress: " + status + " -> " + result);
                }
            } else {
                idleTurns = 0;
            }
        }
    }

    /**
     * Wraps the next handshake message and keeps it: records are written when the handshake has to
     * wait for the peer, or is over (see {@link SocketOutbound#wrapHandshakeAndKeep}). A TLS 1.3
     * client, for one, wraps its change_cipher_spec before unwrapping the server's flight and its
     * Finished after; both leave in one write.
     */
    private SSLEngineResult wrapForHandshake() throws IOException {
        outbound.lock();
        try {
            return outbound.wrapHandshakeAndKeep();
        } finally {
            outbound.unlock();
        }
    }

    /** Writes the handshake records kept so far: the peer needs them before it can answer. */
    private void sendKeptHandshake() throws IOException {
        outbound.lock();
        try {
            outbound.sendKept();
        } finally {
            outbound.unlock();
        }
    }

    /**
     * Unwraps if the read lock is free (sending kept records before blocking on the network);
     * otherwise sends them, waits for the reader holding the lock to unwrap, and returns null.
     */
    private SSLEngineResult unwrapForHandshake() throws IOException {
        long seen = inbound.progress();
        if (inbound.tryLock()) {
            try {
                return inbound.unwrap(this::sendKeptHandshake);
            } finally {
                inbound.unlock();
            }
        }
        sendKeptHandshake();
        inbound.awaitProgressSince(seen);
        return null;
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /**
     * Tells the socket when {@code result} ends a handshake; {@code before} is the engine's status
     * before the call that returned it. Only a handshake counts: SunJSSE also answers FINISHED to a
     * TLS 1.3 NewSessionTicket unwrapped while not handshaking, and to a KeyUpdate it sent, and JSSE
     * sockets do not report those as handshakes.
     */
    private boolean noteFinished(SSLEngineResult result, HandshakeStatus before) {
        if (result.getHandshakeStatus() != HandshakeStatus.FINISHED || before == HandshakeStatus.NOT_HANDSHAKING) {
            return false;
        }
        if (initialHandshakeDone && TLS13.equals(engine.getSession().getProtocol())) {
            return false; // TLS 1.3 has no renegotiation: after the first handshake only post-handshake messages
        }
        events.handshakeFinished();
        return true;
    }

    // ---------------------------------------------------------------- application data

    /** Decrypted bytes buffered and not yet read. */
    int available() {
        return inbound.available();
    }

    /**
     * Reads at least one byte of application data, or returns -1 after the peer's close_notify. Call
     * after {@link #ensureInitialHandshake()}.
     */
    int read(byte[] b, int off, int len) throws IOException {
        inbound.lock();
        try {
            checkUsable();
            return readLocked(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        } finally {
            inbound.unlock();
        }
    }

    private int readLocked(byte[] b, int off, int len) throws IOException {
        int idleTurns = 0;
        while (true) {
            int n = inbound.takePlaintext(b, off, len);
            if (n > 0) {
                return n;
            }
            if (engine.isInboundDone()) {
                return -1; // close_notify received (RFC 8446 section 6.1)
            }
            HandshakeStatus before = engine.getHandshakeStatus();
            SSLEngineResult result = inbound.unwrap();
            noteFinished(result, before);
            boolean progressed = result.bytesConsumed() > 0 || result.bytesProduced() > 0;
            if (result.getStatus() == Status.CLOSED) {
                answerCloseNotify();
            } else {
                answerHandshakeFromReader(!progressed);
            }
            if (progressed) {
                idleTurns = 0;
            } else if (++idleTurns > MAX_IDLE_TURNS) {
                throw new SSLException("Engine made no progress unwrapping: " + result);
            }
        }
    }

    /**
     * The peer's close_notify arrived. Engines that close both directions on it (TLS 1.2, RFC 5246
     * section 7.2.1) want to answer with their own close_notify; that answer is a courtesy, and a peer
     * that already closed its TCP connection must not turn a clean end of stream into an error.
     */
    private void answerCloseNotify() {
        try {
            answerHandshakeFromReader(false);
        } catch (IOException | RuntimeException ignored) {
            // The peer is gone; the data it sent ended properly with close_notify.
        }
    }

    /**
     * After an unwrap on an established connection: run tasks, and send what the engine wants to send
     * (see the class comment for when the reader waits for the write lock).
     */
    private void answerHandshakeFromReader(boolean engineIsWaitingForWrap) throws IOException {
        HandshakeStatus status;
        while ((status = engine.getHandshakeStatus()) == HandshakeStatus.NEED_TASK) {
            runDelegatedTasks();
        }
        if (status == HandshakeStatus.NEED_WRAP) {
            flushPendingHandshakeWrites(engineIsWaitingForWrap);
        }
    }

    /** Sends handshake messages the engine has pending, if it can have (or, if told to, wait for) the write lock. */
    private void flushPendingHandshakeWrites(boolean waitForLock) throws IOException {
        if (waitForLock) {
            outbound.lock();
        } else if (!outbound.tryLock()) {
            return; // the writer holding the lock sends them
        }
        try {
            int idleTurns = 0;
            HandshakeStatus status;
            while ((status = engine.getHandshakeStatus()) == HandshakeStatus.NEED_WRAP
                    || status == HandshakeStatus.NEED_TASK) {
                if (status == HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                    continue;
                }
                SSLEngineResult result = outbound.wrapHandshakeAndKeep();
                noteFinished(result, status);
                if (result.bytesProduced() > 0) {
                    idleTurns = 0;
                } else if (++idleTurns > MAX_IDLE_TURNS) {
                    throw new SSLException("Engine made no progress wrapping a handshake message: " + result);
                }
            }
            outbound.sendKept();
        } finally {
            outbound.unlock();
        }
    }

    /**
     * Writes all of {@code b[off..off+len)} as records of at most 2^14 plaintext bytes. Call after
     * {@link #ensureInitialHandshake()}.
     */
    void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        WriteOutcome outcome;
        try {
            outcome = writeAll(src);
            // A reader that found the write lock busy left its handshake message to us: we hold no lock
            // now, so either it or we will send it.
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                flushPendingHandshakeWrites(false);
            }
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
        if (outcome == WriteOutcome.CLOSED) {
            throw new SocketException("Connection is closed for writing (close_notify sent or received)");
        }
    }

    private WriteOutcome writeAll(ByteBuffer src) throws IOException {
        while (true) {
            WriteOutcome outcome;
            outbound.lock();
            try {
                checkUsable();
                outcome = wrapAll(src);
            } finally {
                outbound.unlock();
            }
            if (outcome != WriteOutcome.NEEDS_PEER) {
                return outcome;
            }
            continueHandshake(); // holds no read or write lock here, as the lock order requires
        }
    }

    private WriteOutcome wrapAll(ByteBuffer src) throws IOException {
        int idleTurns = 0;
        while (src.hasRemaining()) {
            int limit = src.limit();
            src.limit(Math.min(limit, src.position() + SocketOutbound.MAX_RECORD_PLAINTEXT));
            HandshakeStatus before = engine.getHandshakeStatus();
            SSLEngineResult result;
            try {
                result = outbound.wrapAndSend(src);
            } finally {
                src.limit(limit);
            }
            if (result.getStatus() == Status.CLOSED) {
                return WriteOutcome.CLOSED;
            }
            noteFinished(result, before);
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
            }
            if (result.bytesConsumed() > 0 || result.bytesProduced() > 0) {
                idleTurns = 0;
                continue;
            }
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                return WriteOutcome.NEEDS_PEER;
            }
            if (++idleTurns > MAX_IDLE_TURNS) {
                throw new SSLException("Engine made no progress wrapping application data: " + result);
            }
        }
        return WriteOutcome.DONE;
    }

    void flush() throws IOException {
        try {
            outbound.flush();
        } catch (IOException e) {
            throw translate(e);
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Closes the engine's outbound side and sends close_notify (RFC 8446 section 6.1). With
     * {@code bounded}, gives up (sending nothing) if a writer keeps the write lock for long: that
     * writer is blocked on a peer that does not read, and the caller is about to close the transport.
     */
    void sendCloseNotify(boolean bounded) throws IOException {
        try {
            if (!lockOutbound(bounded)) {
                return;
            }
            try {
                engine.closeOutbound();
                for (int i = 0; i < MAX_IDLE_TURNS && !engine.isOutboundDone(); i++) {
                    SSLEngineResult result = outbound.wrapHandshakeAndSend();
                    if (result.bytesProduced() == 0 && result.getStatus() == Status.CLOSED) {
                        break;
                    }
                }
            } finally {
                outbound.unlock();
            }
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
    }

    private boolean lockOutbound(boolean bounded) throws InterruptedIOException {
        if (!bounded) {
            outbound.lock();
            return true;
        }
        try {
            return outbound.tryLock(CLOSE_LOCK_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while closing");
        }
    }

    /** True once the peer's close_notify has been received. */
    boolean isInboundDone() {
        return engine.isInboundDone();
    }

    /**
     * Marks the connection closed locally: threads that fail because the transport closed under them
     * report "Socket is closed" rather than a connection error.
     */
    void markClosed() {
        closed = true;
    }

    /** Lets the engine release its inbound state, unless a reader is still using it. */
    void releaseInbound() {
        if (!inbound.tryLock()) {
            return;
        }
        try {
            engine.closeInbound();
        } catch (SSLException expected) {
            // No close_notify was received; we are closing anyway.
        } finally {
            inbound.unlock();
        }
    }

    // ---------------------------------------------------------------- errors

    /** Throws if the connection failed ("Connection has been shut down: ...") or was closed locally. */
    void checkUsable() throws IOException {
        if (failure != null) {
            throw connectionShutDown();
        }
        if (closed) {
            throw new SocketException("Socket is closed");
        }
    }

    private SSLException connectionShutDown() {
        SSLException first = failure;
        return new SSLException("Connection has been shut down: " + first.getMessage(), first);
    }

    /**
     * Maps what went wrong to what the caller sees. Timeouts pass through (recoverable). After a local
     * close or an earlier failure, that is the story. Anything else is a fresh failure of the connection.
     */
    private IOException translate(Exception e) {
        if (e instanceof InterruptedIOException) {
            return (InterruptedIOException) e;
        }
        if (failure != null) {
            return connectionShutDown();
        }
        if (closed) {
            return e instanceof SocketException ? (SocketException) e : new SocketException("Socket is closed");
        }
        if (e instanceof SSLException) {
            return fail((SSLException) e);
        }
        String reason = e instanceof IOException ? String.valueOf(e.getMessage()) : "Engine failed: " + e;
        return fail(new SSLException(reason, e));
    }

    /**
     * The fatal path: remember the first failure, send the engine's alert (unless the peer ended the
     * stream without close_notify: see {@link SocketInbound#endedWithoutCloseNotify}), close the socket.
     */
    private SSLException fail(SSLException e) {
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
        }
        if (!inbound.endedWithoutCloseNotify()) {
            try {
                SocketCloseTimer.runBounded(this::flushAlert, events::abortTransport);
            } catch (IOException | RuntimeException ignored) {
                // Best effort: the peer may be gone; the error being reported is e.
            }
        }
        events.fatalError();
        return e;
    }

    /** Writes the alert a failed engine has pending (it asks for a wrap), if the write lock comes soon. */
    private void flushAlert() throws IOException {
        if (!lockOutbound(true)) {
            return;
        }
        try {
            for (int i = 0; i < MAX_IDLE_TURNS && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                if (outbound.wrapHandshakeAndSend().bytesProduced() == 0) {
                    break;
                }
            }
        } finally {
            outbound.unlock();
        }
    }
}
