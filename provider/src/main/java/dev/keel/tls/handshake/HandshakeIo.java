package dev.keel.tls.handshake;

import dev.keel.tls.crypto.CipherSuite;

/**
 * What a handshake state machine asks of its connection. Calls are ordered: a write-key change takes
 * effect after every message queued before it has been written, so a flight such as "ServerHello,
 * (switch to handshake keys), EncryptedExtensions ... Finished" is queued in protocol order.
 */
public interface HandshakeIo {
    /** Queues one complete handshake message (header included) at the current write protection. */
    void sendHandshake(byte[] messageWire);

    /**
     * Queues a change_cipher_spec record: a dummy one in TLS 1.3 (RFC 8446 D.4, middlebox
     * compatibility mode), the real one in TLS 1.2 (RFC 5246 7.1), which the caller follows with
     * {@link #changeWriteKeys12}.
     */
    void sendChangeCipherSpec();

    /** From the next record on, protect what we write with keys from this traffic secret. */
    void changeWriteKeys(CipherSuite suite, byte[] trafficSecret);

    /**
     * From the next record on, expect records protected with keys from this traffic secret. A
     * handshake message must not straddle the change (RFC 8446 5.1); the connection checks that.
     */
    void changeReadKeys(CipherSuite suite, byte[] trafficSecret) throws dev.keel.tls.alert.TlsAlertException;

    /**
     * TLS 1.2: from the next record on (queued after the change_cipher_spec that precedes it), protect
     * what we write with this AEAD key and fixed IV from the key block (RFC 5246 6.3). The arrays are
     * copied; the caller wipes its own.
     */
    void changeWriteKeys12(CipherSuite suite, byte[] writeKey, byte[] writeIv);

    /**
     * TLS 1.2, when the peer's change_cipher_spec arrives: from the next record on, expect records
     * protected with the peer's write key and fixed IV. The arrays are copied.
     */
    void changeReadKeys12(CipherSuite suite, byte[] readKey, byte[] readIv)
            throws dev.keel.tls.alert.TlsAlertException;

    /**
     * Tells the connection which protocol version the handshake negotiated (after ServerHello), so it
     * applies that version's record and alert rules.
     */
    void versionNegotiated(dev.keel.tls.message.ProtocolVersion version);
}
