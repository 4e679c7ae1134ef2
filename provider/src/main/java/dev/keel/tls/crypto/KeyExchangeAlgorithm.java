package dev.keel.tls.crypto;

/**
 * The key exchange named by a TLS 1.2 cipher suite (RFC 5246 7.4.3 and appendix A.5, RFC 8422 section
 * 2). It decides which messages the server sends, what its certificate key must be, and which
 * signature schemes may sign the ServerKeyExchange. TLS 1.3 suites have none (RFC 8446 B.4).
 */
public enum KeyExchangeAlgorithm {
    /** Ephemeral ECDH, ServerKeyExchange signed with an ECDSA (or EdDSA, RFC 8422 5.1) certificate key. */
    ECDHE_ECDSA,
    /** Ephemeral ECDH, ServerKeyExchange signed with an RSA certificate key (RFC 8422 2.2). */
    ECDHE_RSA,
    /** Ephemeral finite-field DH, ServerKeyExchange signed with an RSA certificate key (RFC 5246 7.4.3). */
    DHE_RSA,
    /** The premaster secret is encrypted to the server's RSA certificate key; no ServerKeyExchange. */
    RSA;

    /** True for the (EC)DHE exchanges, which give forward secrecy. */
    public boolean isEphemeral() {
        return this != RSA;
    }

    /** True when the server sends a ServerKeyExchange (RFC 5246 7.4.3: not for RSA key exchange). */
    public boolean hasServerKeyExchange() {
        return this != RSA;
    }

    /** True when the ephemeral exchange runs over an elliptic curve group (RFC 8422). */
    public boolean isEcdhe() {
        return this == ECDHE_ECDSA || this == ECDHE_RSA;
    }

    /**
     * True when the server certificate's public key, with JCA algorithm {@code keyAlgorithm} ("RSA",
     * "RSASSA-PSS", "EC", "Ed25519", "Ed448", or "EdDSA" as the JDK names EdDSA keys decoded from
     * certificates), suits this exchange: RSA key exchange needs an RSA key
     * that can encrypt (RFC 5246 7.4.2); the *_RSA exchanges need a key that can make RSA signatures
     * (PKCS#1 v1.5 or PSS, RFC 8446 4.2.3 allows rsa_pss_* in TLS 1.2); ECDHE_ECDSA needs an ECDSA or
     * EdDSA key (RFC 8422 section 2 and 5.1).
     */
    public boolean acceptsCertificateKey(String keyAlgorithm) {
        return switch (this) {
            case RSA -> keyAlgorithm.equals("RSA");
            case ECDHE_RSA, DHE_RSA -> keyAlgorithm.equals("RSA") || keyAlgorithm.equals("RSASSA-PSS");
            case ECDHE_ECDSA -> keyAlgorithm.equals("EC") || keyAlgorithm.equals("Ed25519")
                    || keyAlgorithm.equals("Ed448") || keyAlgorithm.equals("EdDSA");
        };
    }

    /**
     * The {@code authType} JSSE trust managers expect for a server authenticated by this exchange:
     * the exchange's name ("ECDHE_ECDSA", "ECDHE_RSA", "DHE_RSA", "RSA").
     */
    public String authType() {
        return name();
    }

    /**
     * True when {@code scheme} may sign this exchange's ServerKeyExchange: the scheme's key type must
     * match the certificate key this exchange requires. Always false for RSA key exchange, which
     * sends no ServerKeyExchange.
     */
    public boolean acceptsServerKeyExchangeSignature(SignatureScheme scheme) {
        return hasServerKeyExchange() && acceptsCertificateKey(scheme.keyAlgorithm());
    }
}
