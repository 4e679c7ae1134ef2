package dev.keel.tls.crypto;

import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Cipher;

/**
 * A small, bounded, process-wide pool of the JDK {@code Cipher} objects behind {@link JdkAead}, one
 * pool per {@link AeadAlgorithm}. {@code Cipher.getInstance} costs about 3 KB of garbage and a
 * provider lookup, and a full handshake makes eight AEADs (handshake and application keys, both
 * directions, both sides); an AEAD whose keys are retired (key change, closed connection) hands its
 * Cipher back here and the next AEAD of the same algorithm takes it instead of making one.
 *
 * <p>Why a global array of slots rather than a queue or per-thread stacks: taking and giving back are
 * a compare-and-set on one slot and allocate nothing (a {@code ConcurrentLinkedQueue} allocates a node
 * per offer); and connections move between threads (an SSLEngine may be wrapped on one thread and
 * closed on another), so a per-thread pool would fill up on threads that never make AEADs.
 * {@link #CAPACITY} bounds what the pool keeps alive; a Cipher given back to a full pool is dropped.
 *
 * <p>Provider semantics are unchanged: a pooled Cipher was made by {@link JdkAead} for the same
 * algorithm, by the same {@code getInstance} call a new one would use, so a new AEAD gets the same
 * kind of Cipher it would have made.
 *
 * <p>Security trade-off: a Cipher given back still holds, inside the JDK, the key schedule of its last
 * key until the next AEAD re-initialises it with its own key. Our copy of the key is wiped on
 * {@link Aead#destroy()} as before. Wiping the JDK's copy by re-initialising with a zero key on the way
 * in would cost a second key expansion (about 1 KB of garbage for AES) per retired key, and would not
 * erase the schedule: re-keying makes the JDK build new round-key arrays and drop the old ones without
 * zeroing them (OpenJDK 17's AES), which is also what becomes of an unpooled Cipher that is simply
 * discarded. So the pool does not wipe; it keeps at most {@code CAPACITY} such schedules per algorithm
 * reachable, no more exposed to a heap dump than as many discarded Ciphers awaiting the collector.
 */
final class JdkCipherPool {
    /** Idle Ciphers kept per algorithm: enough for bursts of handshakes, a few KB each at most. */
    static final int CAPACITY = 16;

    private static final JdkCipherPool[] POOLS = new JdkCipherPool[AeadAlgorithm.values().length];

    static {
        for (int i = 0; i < POOLS.length; i++) {
            POOLS[i] = new JdkCipherPool();
        }
    }

    private final AtomicReferenceArray<Cipher> slots = new AtomicReferenceArray<>(CAPACITY);

    /** A pool of its own, for tests; everything else uses {@link #of}. */
    JdkCipherPool() {
    }

    /** The pool of {@code algorithm}'s Ciphers. */
    static JdkCipherPool of(AeadAlgorithm algorithm) {
        return POOLS[algorithm.ordinal()];
    }

    /** An idle Cipher, now owned by the caller alone, or null when the pool is empty. */
    Cipher take() {
        for (int i = 0; i < CAPACITY; i++) {
            Cipher c = slots.get(i);
            if (c != null && slots.compareAndSet(i, c, null)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Gives back a Cipher the caller will never touch again (the next owner re-initialises it before
     * any use); dropped when the pool is full.
     */
    void giveBack(Cipher cipher) {
        for (int i = 0; i < CAPACITY; i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, cipher)) {
                return;
            }
        }
    }

    /** How many Ciphers are idle (for tests; racy while other threads take and give). */
    int idle() {
        int n = 0;
        for (int i = 0; i < CAPACITY; i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }
}
