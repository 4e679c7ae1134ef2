package dev.keel.tls.handshake;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.CipherSuite;
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

    /**
     * TLS 1.2: the peer's ChangeCipherSpec arrived (RFC 5246 7.1), with no handshake message
     * partially received. It is a step of the TLS 1.2 state machine; anywhere else it is
     * unexpected_message. TLS 1.3 handshakes never get this call (their dummy change_cipher_spec is
     * dropped by the connection, see {@link #acceptsChangeCipherSpec()}).
     */
    default void changeCipherSpec() throws TlsAlertException {
        throw TlsAlertException.unexpectedMessage("unexpected change_cipher_spec");
    }

    /**
     * TLS 1.3 client: a NewSessionTicket arrived after the handshake (RFC 8446 4.6.1). The default
     * checks it and sets it aside; a handshake with a session store keeps it for resumption.
     */
    default void newSessionTicket(dev.keel.tls.message.RawHandshake message) throws TlsAlertException {
        dev.keel.tls.message.NewSessionTicket13.decode(message.reader());
    }

    /**
     * A keying-material exporter over the completed handshake, or {@code null} before it completes.
     * The default is TLS 1.3's (RFC 8446 7.5: an absent context is the empty one); TLS 1.2 handshakes
     * use RFC 5705's PRF-based one.
     */
    default byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        byte[] secret = exporterMasterSecret();
        CipherSuite suite = session().cipherSuite();
        if (secret == null || suite == null) {
            return null;
        }
        return KeySchedule13.exportKeyingMaterial(suite.hash(), secret, label,
                context == null ? new byte[0] : context, length);
    }
}
