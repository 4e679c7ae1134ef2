package dev.keel.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The TLS 1.2 key exchanges: which messages and certificate keys go with each (RFC 5246, RFC 8422). */
class KeyExchangeAlgorithmTest {

    @Test
    void onlyRsaKeyExchangeLacksServerKeyExchangeAndForwardSecrecy() {
        for (KeyExchangeAlgorithm k : KeyExchangeAlgorithm.values()) {
            boolean rsa = k == KeyExchangeAlgorithm.RSA;
            assertEquals(!rsa, k.hasServerKeyExchange(), k.name());
            assertEquals(!rsa, k.isEphemeral(), k.name());
        }
        assertTrue(KeyExchangeAlgorithm.ECDHE_ECDSA.isEcdhe());
        assertTrue(KeyExchangeAlgorithm.ECDHE_RSA.isEcdhe());
        assertFalse(KeyExchangeAlgorithm.DHE_RSA.isEcdhe());
        assertFalse(KeyExchangeAlgorithm.RSA.isEcdhe());
    }

    @Test
    void certificateKeys() {
        assertTrue(KeyExchangeAlgorithm.RSA.acceptsCertificateKey("RSA"));
        assertFalse(KeyExchangeAlgorithm.RSA.acceptsCertificateKey("RSASSA-PSS")); // PSS keys cannot encrypt
        assertFalse(KeyExchangeAlgorithm.RSA.acceptsCertificateKey("EC"));
        assertTrue(KeyExchangeAlgorithm.ECDHE_RSA.acceptsCertificateKey("RSASSA-PSS"));
        assertTrue(KeyExchangeAlgorithm.DHE_RSA.acceptsCertificateKey("RSA"));
        assertFalse(KeyExchangeAlgorithm.DHE_RSA.acceptsCertificateKey("EC"));
        assertTrue(KeyExchangeAlgorithm.ECDHE_ECDSA.acceptsCertificateKey("EC"));
        assertTrue(KeyExchangeAlgorithm.ECDHE_ECDSA.acceptsCertificateKey("Ed25519"));
        assertFalse(KeyExchangeAlgorithm.ECDHE_ECDSA.acceptsCertificateKey("RSA"));
    }

    @Test
    void serverKeyExchangeSignatures() {
        assertTrue(KeyExchangeAlgorithm.ECDHE_RSA.acceptsServerKeyExchangeSignature(SignatureScheme.RSA_PKCS1_SHA256));
        assertTrue(KeyExchangeAlgorithm.ECDHE_RSA.acceptsServerKeyExchangeSignature(SignatureScheme.RSA_PSS_RSAE_SHA256));
        assertTrue(KeyExchangeAlgorithm.DHE_RSA.acceptsServerKeyExchangeSignature(SignatureScheme.RSA_PSS_PSS_SHA384));
        assertFalse(KeyExchangeAlgorithm.ECDHE_RSA.acceptsServerKeyExchangeSignature(SignatureScheme.ECDSA_SECP256R1_SHA256));
        assertTrue(KeyExchangeAlgorithm.ECDHE_ECDSA.acceptsServerKeyExchangeSignature(SignatureScheme.ECDSA_SECP384R1_SHA384));
        assertTrue(KeyExchangeAlgorithm.ECDHE_ECDSA.acceptsServerKeyExchangeSignature(SignatureScheme.ED25519));
        assertFalse(KeyExchangeAlgorithm.ECDHE_ECDSA.acceptsServerKeyExchangeSignature(SignatureScheme.RSA_PKCS1_SHA256));
        for (SignatureScheme s : SignatureScheme.values()) {
            assertFalse(KeyExchangeAlgorithm.RSA.acceptsServerKeyExchangeSignature(s), s.rfcName());
        }
    }
}
