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

    /** Queues a dummy change_cipher_spec record (RFC 8446 D.4, middlebox compatibility mode). */
    void sendChangeCipherSpec();

    /** From the next record on, protect what we write with keys from this traffic secret. */
    void changeWriteKeys(CipherSuite suite, byte[] trafficSecret);

    /**
     * From the next record on, expect records protected with keys from this traffic secret. A
     * handshake message must not straddle the change (RFC 8446 5.1); the connection checks that.
     */
    void changeReadKeys(CipherSuite suite, byte[] trafficSecret) throws dev.keel.tls.alert.TlsAlertException;

    /** Tells the connection which protocol version the records now use (after ServerHello). */
    void versionNegotiated(dev.keel.tls.message.ProtocolVersion version);
}
