package dev.keel.tls.handshake;

import dev.keel.tls.crypto.HashAlgorithm;
import dev.keel.tls.message.HandshakeType;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The transcript hash, RFC 8446 4.4.1: the hash of the concatenation of every handshake message (type,
 * length and body, exactly as on the wire), in order.
 *
 * <p>The messages themselves are kept (by reference: the arrays handed in are not copied) and each
 * Transcript-Hash is computed over them with one reused digest. A handshake asks for about four
 * hashes over a few kilobytes, so hashing again costs microseconds, while the usual alternative,
 * cloning a running digest per hash, allocates its whole state each time. This also gives the cipher
 * suite's hash function, unknown when the ClientHello goes by, nothing to catch up on when
 * {@link #setHash} names it.
 */
public final class Transcript {
    private final boolean retainMessages;
    /** The messages fed so far, in order; never modified. */
    private final List<byte[]> messages = new ArrayList<>(12);
    private HashAlgorithm hash;
    /** Reset before every hash computed. */
    private MessageDigest digest;
    /**
     * The last {@link #currentHash()} while nothing was fed since, or {@code null}: the handshake asks
     * for the same hash twice in a row (e.g. the secrets after the server's Finished, then the client's
     * own Finished).
     */
    private byte[] lastHash;
    /** Set by {@link #finalHash()}: no message may follow. */
    private boolean finished;

    /** A transcript for hashes only. */
    public Transcript() {
        this(false);
    }

    /**
     * @param retainMessages also allow {@link #messages()}: TLS 1.2 CertificateVerify signs the
     *     messages themselves (RFC 5246 7.4.8), with a hash that may differ from the PRF hash
     */
    public Transcript(boolean retainMessages) {
        this.retainMessages = retainMessages;
    }

    /**
     * Feeds one or more complete handshake messages, exactly as on the wire. The array is kept, not
     * copied: the caller must not change it afterwards (messages are immutable once encoded or
     * received).
     */
    public void update(byte[] handshakeWireBytes) {
        if (finished) {
            throw new IllegalStateException("the transcript was finished; no message may follow");
        }
        lastHash = null;
        messages.add(handshakeWireBytes);
    }

    /** Feeds {@code len} bytes of {@code bytes} from {@code off} (copied). */
    public void update(byte[] bytes, int off, int len) {
        update(Arrays.copyOfRange(bytes, off, off + len));
    }

    /**
     * Fixes the hash function (once the cipher suite is known).
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
        int total = 0;
        for (int i = 0, n = messages.size(); i < n; i++) {
            total += messages.get(i).length;
        }
        byte[] out = new byte[total];
        int p = 0;
        for (int i = 0, n = messages.size(); i < n; i++) {
            byte[] m = messages.get(i);
            System.arraycopy(m, 0, out, p, m.length);
            p += m.length;
        }
        return out;
    }

    /**
     * Transcript-Hash of everything fed so far. The array is shared with later calls made before the
     * next {@link #update}: callers must not modify it.
     */
    public byte[] currentHash() {
        requireHash("currentHash");
        if (lastHash == null) {
            lastHash = hashOfMessages().digest();
        }
        return lastHash;
    }

    /**
     * Transcript-Hash of everything fed so far, for the last secret derived from it (the resumption
     * master secret, RFC 8446 7.1); no message may be fed afterwards.
     */
    public byte[] finalHash() {
        byte[] h = currentHash();
        finished = true;
        return h;
    }

    /**
     * Transcript-Hash of everything fed so far followed by {@code extra}, leaving the transcript as it
     * is: the hash over a truncated ClientHello that a PSK binder signs (RFC 8446 4.2.11.2).
     */
    public byte[] currentHashWith(byte[] extra) {
        requireHash("currentHashWith");
        return hashOfMessages().digest(extra);
    }

    /** The digest, reset and fed every message so far. */
    private MessageDigest hashOfMessages() {
        digest.reset();
        for (int i = 0, n = messages.size(); i < n; i++) {
            digest.update(messages.get(i));
        }
        return digest;
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
        messages.clear();
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
}
