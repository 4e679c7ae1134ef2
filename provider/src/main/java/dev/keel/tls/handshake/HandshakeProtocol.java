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

    /** The exporter master secret (RFC 8446 7.5), available once the handshake is complete. */
    byte[] exporterMasterSecret();
}
