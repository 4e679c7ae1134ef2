package dev.keel.tls.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash functions of TLS 1.3 cipher suites and the TLS 1.2 PRF (RFC 8446 B.4, RFC 5246 5). */
public enum HashAlgorithm {
    SHA256("SHA-256", "HmacSHA256", 32, 64),
    SHA384("SHA-384", "HmacSHA384", 48, 128);

    private final String jcaName;
    private final String hmacName;
    private final int length;
    private final int blockLength;
    /** Never updated; see {@link #newDigest}. Racy initialisation is harmless: any instance will do. */
    private volatile MessageDigest prototype;
    private volatile byte[] emptyHash;

    HashAlgorithm(String jcaName, String hmacName, int length, int blockLength) {
        this.jcaName = jcaName;
        this.hmacName = hmacName;
        this.length = length;
        this.blockLength = blockLength;
    }

    /** Hash.length in RFC 8446 7.1. */
    public int length() {
        return length;
    }

    /** The input block size B of the hash (FIPS 180-4), which HMAC pads its key to (RFC 2104 2). */
    public int blockLength() {
        return blockLength;
    }

    public String jcaName() {
        return jcaName;
    }

    public String hmacName() {
        return hmacName;
    }

    /**
     * A fresh digest. Cloning an untouched prototype skips the provider lookup of
     * {@code MessageDigest.getInstance}, which allocates about ten times more than the digest itself
     * and runs several times per handshake. The prototype is never updated, so concurrent clones are
     * safe; a digest that cannot be cloned falls back to the lookup.
     */
    public MessageDigest newDigest() {
        MessageDigest p = prototype;
        if (p == null) {
            p = lookUp();
            prototype = p;
        }
        try {
            return (MessageDigest) p.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp();
        }
    }

    /** Hash of the empty string: Transcript-Hash("") of Derive-Secret(., "derived", "") (RFC 8446 7.1). */
    public byte[] emptyHash() {
        byte[] h = emptyHash;
        if (h == null) {
            h = newDigest().digest();
            emptyHash = h;
        }
        return h.clone();
    }

    private MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is missing from this JDK", e);
        }
    }
}
