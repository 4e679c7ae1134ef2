package dev.keel.tls.crypto;

/**
 * Cipher suites Keel implements. TLS 1.3 suites name only the AEAD and the hash (RFC 8446 B.4);
 * TLS 1.2 suites (added by the TLS 1.2 work) also name a key exchange.
 */
public enum CipherSuite {
    TLS_AES_128_GCM_SHA256(0x1301, AeadAlgorithm.AES_128_GCM, HashAlgorithm.SHA256),
    TLS_AES_256_GCM_SHA384(0x1302, AeadAlgorithm.AES_256_GCM, HashAlgorithm.SHA384),
    TLS_CHACHA20_POLY1305_SHA256(0x1303, AeadAlgorithm.CHACHA20_POLY1305, HashAlgorithm.SHA256);

    private final int code;
    private final AeadAlgorithm aead;
    private final HashAlgorithm hash;

    CipherSuite(int code, AeadAlgorithm aead, HashAlgorithm hash) {
        this.code = code;
        this.aead = aead;
        this.hash = hash;
    }

    /** The two-byte wire value. */
    public int code() {
        return code;
    }

    public AeadAlgorithm aead() {
        return aead;
    }

    public HashAlgorithm hash() {
        return hash;
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
        for (CipherSuite s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    /** The suite for a JSSE name, or {@code null}. */
    public static CipherSuite fromJavaName(String name) {
        for (CipherSuite s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
