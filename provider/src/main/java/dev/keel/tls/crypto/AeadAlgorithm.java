package dev.keel.tls.crypto;

/** The AEAD algorithms of Keel's cipher suites: key length, IV (nonce) length, tag length. */
public enum AeadAlgorithm {
    AES_128_GCM(16, 12, 16),
    AES_256_GCM(32, 12, 16),
    CHACHA20_POLY1305(32, 12, 16);

    private final int keyLength;
    private final int ivLength;
    private final int tagLength;

    AeadAlgorithm(int keyLength, int ivLength, int tagLength) {
        this.keyLength = keyLength;
        this.ivLength = ivLength;
        this.tagLength = tagLength;
    }

    public int keyLength() {
        return keyLength;
    }

    public int ivLength() {
        return ivLength;
    }

    public int tagLength() {
        return tagLength;
    }
}
