package dev.keel.tls.connection;

import dev.keel.tls.config.TlsConfig;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.session.TlsSession;
import java.nio.ByteBuffer;

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
 * <p>Not thread-safe: the JSSE layer serialises wrap calls and unwrap calls (one lock each way is
 * enough: wrap and unwrap may run concurrently on different threads).
 */
public final class TlsConnection {
    /** Largest TLS record on the wire Keel accepts or writes: header + 2^14 + 256 (RFC 8446 5.2). */
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

    private final TlsConfig config;

    public TlsConnection(TlsConfig config) {
        this.config = config;
    }

    public TlsConfig config() {
        return config;
    }

    /**
     * Starts the handshake if it has not started (a client then needs to wrap its ClientHello; a
     * server to unwrap one). Calling it again during or after the handshake does nothing (TLS 1.3 has
     * no renegotiation). After close it throws.
     */
    public void beginHandshake() throws TlsAlertException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Produces at most one flight of handshake records, one alert, or application data records from
     * {@code srcs} (only when the handshake is done). Writes only whole records into {@code dst};
     * when {@code dst} is too small nothing is lost and the status is {@code BUFFER_OVERFLOW}.
     * A {@code dst} of {@link #MAX_PACKET_SIZE} bytes always suffices for one record.
     */
    public Result wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws TlsAlertException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Consumes at most one complete record from {@code src}. A partial record consumes nothing and
     * returns {@code BUFFER_UNDERFLOW}; application data that does not fit {@code dsts} returns
     * {@code BUFFER_OVERFLOW} and consumes nothing. Post-handshake messages (NewSessionTicket,
     * KeyUpdate) are handled here and produce 0 bytes with status OK.
     */
    public Result unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws TlsAlertException {
        throw new UnsupportedOperationException("TODO");
    }

    /** What the caller must do next. */
    public HandshakeStatus handshakeStatus() {
        throw new UnsupportedOperationException("TODO");
    }

    /** A delegated task, or {@code null}. Keel currently runs all crypto inline and returns null. */
    public Runnable delegatedTask() {
        return null;
    }

    /** Queues close_notify (sent by the next wrap); no more application data is written. */
    public void closeOutbound() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The application will read no more. Throws when the peer's close_notify was not received after
     * the handshake had started (a possible truncation attack); the connection is then closed.
     */
    public void closeInbound() throws TlsAlertException {
        throw new UnsupportedOperationException("TODO");
    }

    public boolean isInboundDone() {
        throw new UnsupportedOperationException("TODO");
    }

    public boolean isOutboundDone() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The established session, or {@code null} before the handshake completes. */
    public TlsSession session() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The session being negotiated, or {@code null} when no handshake is in progress. */
    public TlsSession handshakeSession() {
        throw new UnsupportedOperationException("TODO");
    }

    /** True once the handshake has started (beginHandshake, wrap or unwrap was called). */
    public boolean handshakeStarted() {
        throw new UnsupportedOperationException("TODO");
    }
}
