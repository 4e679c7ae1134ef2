package dev.keel.tls.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash functions of TLS 1.3 cipher suites and the TLS 1.2 PRF (RFC 8446 B.4, RFC 5246 5). */
public enum HashAlgorithm {
    SHA256("SHA-256", "HmacSHA256", 32),
    SHA384("SHA-384", "HmacSHA384", 48);

    private final String jcaName;
    private final String hmacName;
    private final int length;

    HashAlgorithm(String jcaName, String hmacName, int length) {
        this.jcaName = jcaName;
        this.hmacName = hmacName;
        this.length = length;
    }

    /** Hash.length in RFC 8446 7.1. */
    public int length() {
        return length;
    }

    public String jcaName() {
        return jcaName;
    }

    public String hmacName() {
        return hmacName;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is missing from this JDK", e);
        }
    }
}
