package dev.keel.tls.handshake;

import dev.keel.tls.crypto.HashAlgorithm;
import dev.keel.tls.message.HandshakeType;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;

/**
 * The transcript hash, RFC 8446 4.4.1: the hash of the concatenation of every handshake message (type,
 * length and body, exactly as on the wire), in order.
 *
 * <p>The hash function is the cipher suite's, which is not known when the first message (ClientHello)
 * goes by; until {@link #setHash} is called the bytes are buffered, then hashed. {@link #currentHash()}
 * does not disturb the running hash, so it can be called after every message.
 */
public final class Transcript {
    private final boolean retainMessages;
    private HashAlgorithm hash;
    private MessageDigest digest;
    /** Messages seen before {@link #setHash}; {@code null} once hashing. */
    private ByteArrayOutputStream pending = new ByteArrayOutputStream(512);
    /**
     * Every message, kept when asked to ({@link #Transcript(boolean)}) or when the JCA digest cannot be
     * cloned (possible with some provider configurations; then {@link #currentHash()} re-hashes this
     * copy). Handshakes are small.
     */
    private ByteArrayOutputStream retained;

    /** A transcript that keeps only the running hash. */
    public Transcript() {
        this(false);
    }

    /**
     * @param retainMessages also keep the concatenated messages, for {@link #messages()}: TLS 1.2
     *     CertificateVerify signs the messages themselves (RFC 5246 7.4.8), with a hash that may differ
     *     from the PRF hash
     */
    public Transcript(boolean retainMessages) {
        this.retainMessages = retainMessages;
    }

    /** Feeds one or more complete handshake messages, exactly as on the wire. */
    public void update(byte[] handshakeWireBytes) {
        update(handshakeWireBytes, 0, handshakeWireBytes.length);
    }

    /** Feeds {@code len} bytes of {@code bytes} from {@code off}. */
    public void update(byte[] bytes, int off, int len) {
        if (digest == null) {
            pending.write(bytes, off, len);
            return;
        }
        digest.update(bytes, off, len);
        if (retained != null) {
            retained.write(bytes, off, len);
        }
    }

    /**
     * Fixes the hash function (once the cipher suite is known) and hashes what was buffered.
     *
     * @throws IllegalStateException if a different hash was already set
     */
    public void setHash(HashAlgorithm hashAlgorithm) {
        if (hash != null) {
            if (hash != hashAlgorithm) {
                throw new IllegalStateException("transcript hash already set to " + hash + ", not " + hashAlgorithm);
            }
            return;
        }
        hash = hashAlgorithm;
        digest = hashAlgorithm.newDigest();
        if (retainMessages || !cloneable(digest)) {
            retained = new ByteArrayOutputStream(4096);
        }
        byte[] buffered = pending.toByteArray();
        pending = null;
        update(buffered);
    }

    /** The hash function, or {@code null} until {@link #setHash} was called. */
    public HashAlgorithm hash() {
        return hash;
    }

    /**
     * The concatenation of every message fed so far (after {@link #replaceWithMessageHash()}: starting
     * with the synthetic message_hash message).
     *
     * @throws IllegalStateException unless constructed with {@code retainMessages}
     */
    public byte[] messages() {
        if (!retainMessages) {
            throw new IllegalStateException("this transcript does not retain its messages");
        }
        return digest == null ? pending.toByteArray() : retained.toByteArray();
    }

    /** Transcript-Hash of everything fed so far; the running hash is left untouched. */
    public byte[] currentHash() {
        requireHash("currentHash");
        if (retained != null) {
            MessageDigest fresh = hash.newDigest();
            return fresh.digest(retained.toByteArray());
        }
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("digest stopped being cloneable", e);
        }
    }

    /**
     * Transcript-Hash of everything fed so far followed by {@code extra}, leaving the transcript as it
     * is: the hash over a truncated ClientHello that a PSK binder signs (RFC 8446 4.2.11.2).
     */
    public byte[] currentHashWith(byte[] extra) {
        requireHash("currentHashWith");
        MessageDigest d;
        if (retained != null) {
            d = hash.newDigest();
            d.update(retained.toByteArray());
        } else {
            try {
                d = (MessageDigest) digest.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("digest stopped being cloneable", e);
            }
        }
        return d.digest(extra);
    }

    /**
     * After a HelloRetryRequest (RFC 8446 4.4.1): replaces everything fed so far — which must be exactly
     * ClientHello1 — with the synthetic message {@code message_hash(254) || uint24(Hash.length) ||
     * Hash(ClientHello1)}. Call it when the HelloRetryRequest arrives (client) or is decided (server),
     * before feeding the HelloRetryRequest itself.
     */
    public void replaceWithMessageHash() {
        requireHash("replaceWithMessageHash");
        byte[] clientHello1Hash = currentHash();
        digest.reset();
        if (retained != null) {
            retained.reset();
        }
        int n = clientHello1Hash.length;
        update(new byte[] {(byte) HandshakeType.MESSAGE_HASH.code(), 0, (byte) (n >>> 8), (byte) n});
        update(clientHello1Hash);
    }

    private void requireHash(String what) {
        if (digest == null) {
            throw new IllegalStateException(what + " called before the transcript hash was set");
        }
    }

    private static boolean cloneable(MessageDigest d) {
        try {
            d.clone();
            return true;
        } catch (CloneNotSupportedException e) {
            return false;
        }
    }
}
