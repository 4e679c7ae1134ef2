package dev.keel.tls.handshake;

import dev.keel.tls.crypto.HashAlgorithm;
import dev.keel.tls.message.HandshakeType;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;

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
    /**
     * Messages seen before {@link #setHash} (normally just the ClientHello, so sized to the first one),
     * in {@code pending[0..pendingLength)}; {@code null} once hashing.
     */
    private byte[] pending = new byte[0];
    private int pendingLength;
    /**
     * Every message, kept when asked to ({@link #Transcript(boolean)}) or when the JCA digest cannot be
     * cloned (possible with some provider configurations; then {@link #currentHash()} re-hashes this
     * copy). Handshakes are small.
     */
    private ByteArrayOutputStream retained;
    /** Whether the running hash can be copied; if not, {@link #retained} is hashed afresh instead. */
    private boolean cloneable;
    /**
     * The last {@link #currentHash()} while nothing was fed since, or {@code null}: the handshake asks
     * for the same hash twice in a row (e.g. the secrets after the server's Finished, then the client's
     * own Finished), and each fresh one costs a clone of the digest state.
     */
    private byte[] lastHash;
    /** Set by {@link #finalHash()}: the running hash was consumed, no message may follow. */
    private boolean finished;

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
        if (finished) {
            throw new IllegalStateException("the transcript was finished; no message may follow");
        }
        lastHash = null;
        if (digest == null) {
            if (pendingLength + len > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pendingLength + len, 2 * pending.length));
            }
            System.arraycopy(bytes, off, pending, pendingLength, len);
            pendingLength += len;
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
        cloneable = cloneable(digest);
        if (retainMessages || !cloneable) {
            retained = new ByteArrayOutputStream(4096);
        }
        byte[] buffered = pending;
        pending = null;
        update(buffered, 0, pendingLength);
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
        return digest == null ? Arrays.copyOf(pending, pendingLength) : retained.toByteArray();
    }

    /**
     * Transcript-Hash of everything fed so far; the running hash is left untouched. The array is
     * shared with later calls made before the next {@link #update}: callers must not modify it.
     */
    public byte[] currentHash() {
        requireHash("currentHash");
        if (lastHash == null) {
            lastHash = cloneable ? copyOfDigest().digest() : hashOfRetained();
        }
        return lastHash;
    }

    /**
     * Transcript-Hash of everything fed so far, for the last secret derived from it (the resumption
     * master secret, RFC 8446 7.1): the running hash is consumed rather than copied, and no message
     * may be fed afterwards.
     */
    public byte[] finalHash() {
        requireHash("finalHash");
        byte[] h = lastHash != null ? lastHash : cloneable ? digest.digest() : hashOfRetained();
        finished = true;
        return h;
    }

    /**
     * Transcript-Hash of everything fed so far followed by {@code extra}, leaving the transcript as it
     * is: the hash over a truncated ClientHello that a PSK binder signs (RFC 8446 4.2.11.2).
     */
    public byte[] currentHashWith(byte[] extra) {
        requireHash("currentHashWith");
        MessageDigest d;
        if (cloneable) {
            d = copyOfDigest();
        } else {
            d = hash.newDigest();
            d.update(retained.toByteArray());
        }
        return d.digest(extra);
    }

    private MessageDigest copyOfDigest() {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("digest stopped being cloneable", e);
        }
    }

    private byte[] hashOfRetained() {
        return hash.newDigest().digest(retained.toByteArray());
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
        if (finished) {
            throw new IllegalStateException(what + " called after the transcript was finished");
        }
    }

    /**
     * Whether {@code d} can be cloned, without cloning it (a clone costs as much as a hash): the JDK
     * wraps a provider's digest in a {@code Cloneable} class exactly when the provider's implementation
     * is cloneable, and a digest class outside the JDK says so the same way (Object.clone contract).
     */
    private static boolean cloneable(MessageDigest d) {
        return d instanceof Cloneable;
    }
}
