package dev.keel.tls.crypto;

/**
 * Cipher suites Keel implements, in Keel's default preference order. TLS 1.3 suites name only the
 * AEAD and the hash (RFC 8446 B.4); TLS 1.2 suites also name a key exchange, and their hash is the PRF
 * hash (RFC 5246 5, RFC 5288 3, RFC 7905 2).
 *
 * <p>TLS 1.2: only AEAD suites (no CBC, no NULL, no anonymous or export suites). Forward-secret
 * exchanges come first, ECDSA before RSA certificates; the static-RSA suites come last and are not
 * enabled by default ({@link #enabledByDefault()}), since they give no forward secrecy.
 */
public enum CipherSuite {
    TLS_AES_128_GCM_SHA256(0x1301, AeadAlgorithm.AES_128_GCM, HashAlgorithm.SHA256),
    TLS_AES_256_GCM_SHA384(0x1302, AeadAlgorithm.AES_256_GCM, HashAlgorithm.SHA384),
    TLS_CHACHA20_POLY1305_SHA256(0x1303, AeadAlgorithm.CHACHA20_POLY1305, HashAlgorithm.SHA256),

    // TLS 1.2, RFC 8422 6 (originally RFC 5289) and RFC 7905 2.
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xC02C, AeadAlgorithm.AES_256_GCM, HashAlgorithm.SHA384,
            KeyExchangeAlgorithm.ECDHE_ECDSA),
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xC02B, AeadAlgorithm.AES_128_GCM, HashAlgorithm.SHA256,
            KeyExchangeAlgorithm.ECDHE_ECDSA),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA9, AeadAlgorithm.CHACHA20_POLY1305, HashAlgorithm.SHA256,
            KeyExchangeAlgorithm.ECDHE_ECDSA),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xC030, AeadAlgorithm.AES_256_GCM, HashAlgorithm.SHA384,
            KeyExchangeAlgorithm.ECDHE_RSA),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F, AeadAlgorithm.AES_128_GCM, HashAlgorithm.SHA256,
            KeyExchangeAlgorithm.ECDHE_RSA),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA8, AeadAlgorithm.CHACHA20_POLY1305, HashAlgorithm.SHA256,
            KeyExchangeAlgorithm.ECDHE_RSA),
    // TLS 1.2, RFC 5288 3 and RFC 7905 2; finite-field groups of RFC 7919 only.
    TLS_DHE_RSA_WITH_AES_256_GCM_SHA384(0x009F, AeadAlgorithm.AES_256_GCM, HashAlgorithm.SHA384,
            KeyExchangeAlgorithm.DHE_RSA),
    TLS_DHE_RSA_WITH_AES_128_GCM_SHA256(0x009E, AeadAlgorithm.AES_128_GCM, HashAlgorithm.SHA256,
            KeyExchangeAlgorithm.DHE_RSA),
    TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCAA, AeadAlgorithm.CHACHA20_POLY1305, HashAlgorithm.SHA256,
            KeyExchangeAlgorithm.DHE_RSA),
    // TLS 1.2 static RSA key exchange, RFC 5288 3: supported, not enabled by default.
    TLS_RSA_WITH_AES_256_GCM_SHA384(0x009D, AeadAlgorithm.AES_256_GCM, HashAlgorithm.SHA384,
            KeyExchangeAlgorithm.RSA),
    TLS_RSA_WITH_AES_128_GCM_SHA256(0x009C, AeadAlgorithm.AES_128_GCM, HashAlgorithm.SHA256,
            KeyExchangeAlgorithm.RSA);

    /**
     * RFC 5746 3.3: a signalling cipher suite value a client lists instead of an empty
     * renegotiation_info extension. Never negotiated, so not an enum constant.
     */
    public static final int TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF;
    /** RFC 7507 2: signals that the client retried with a lower version than it supports. */
    public static final int TLS_FALLBACK_SCSV = 0x5600;

    /** {@code values()} clones its array on every call; lookups run per handshake message. */
    private static final CipherSuite[] VALUES = values();

    private final int code;
    private final AeadAlgorithm aead;
    private final HashAlgorithm hash;
    private final KeyExchangeAlgorithm keyExchange;

    CipherSuite(int code, AeadAlgorithm aead, HashAlgorithm hash) {
        this(code, aead, hash, null);
    }

    CipherSuite(int code, AeadAlgorithm aead, HashAlgorithm hash, KeyExchangeAlgorithm keyExchange) {
        this.code = code;
        this.aead = aead;
        this.hash = hash;
        this.keyExchange = keyExchange;
    }

    /** The two-byte wire value. */
    public int code() {
        return code;
    }

    public AeadAlgorithm aead() {
        return aead;
    }

    /** The transcript hash (TLS 1.3) or the PRF hash (TLS 1.2). */
    public HashAlgorithm hash() {
        return hash;
    }

    /** The TLS 1.2 key exchange; {@code null} for the TLS 1.3 suites (RFC 8446 B.4). */
    public KeyExchangeAlgorithm keyExchange() {
        return keyExchange;
    }

    /**
     * Whether the suite is enabled when the application does not choose: every suite except static
     * RSA key exchange, which has no forward secrecy (and which JDK 24+ disables too).
     */
    public boolean enabledByDefault() {
        return keyExchange != KeyExchangeAlgorithm.RSA;
    }

    /** True for the TLS 1.3 suites (which carry no key exchange). */
    public boolean isTls13() {
        return (code & 0xFF00) == 0x1300;
    }

    /** The standard name used by JSSE, which is the enum name. */
    public String javaName() {
        return name();
    }

    /** The suite for a wire value, or {@code null} when Keel does not implement it. */
    public static CipherSuite fromCode(int code) {
        for (CipherSuite s : VALUES) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    /** The suite for a JSSE name, or {@code null}. */
    public static CipherSuite fromJavaName(String name) {
        for (CipherSuite s : VALUES) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
