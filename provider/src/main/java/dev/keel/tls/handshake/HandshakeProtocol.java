package dev.keel.tls.handshake;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.session.TlsSession;

/** One side of one handshake, as the connection drives it. */
public interface HandshakeProtocol {
    /** Starts the handshake: a client queues its ClientHello; a server waits for one. */
    void start() throws TlsAlertException;

    /** Processes one complete handshake message received from the peer. */
    void handle(RawHandshake message) throws TlsAlertException;

    /** True once our Finished is queued and the peer's verified. */
    boolean isComplete();

    /**
     * True while a dummy change_cipher_spec may arrive: after the first ClientHello was sent or
     * received and before the peer's Finished (RFC 8446 5).
     */
    boolean acceptsChangeCipherSpec();

    /** The session being negotiated (complete once {@link #isComplete()}). */
    TlsSession session();

    /**
     * What the connection keeps once the handshake is complete (exporter and resumption secrets), so
     * that it can drop this object; {@code null} before {@link #isComplete()}.
     */
    PostHandshakeState postHandshakeState();

    /**
     * TLS 1.2: the peer's ChangeCipherSpec arrived (RFC 5246 7.1), with no handshake message
     * partially received. It is a step of the TLS 1.2 state machine; anywhere else it is
     * unexpected_message. TLS 1.3 handshakes never get this call (their dummy change_cipher_spec is
     * dropped by the connection, see {@link #acceptsChangeCipherSpec()}).
     */
    default void changeCipherSpec() throws TlsAlertException {
        throw TlsAlertException.unexpectedMessage("unexpected change_cipher_spec");
    }
}
