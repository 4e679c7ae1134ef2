package dev.keel.tls.crypto;

import java.lang.ref.WeakReference;
import java.security.PrivateKey;
import java.util.function.Function;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * Remembers, for the last few private keys used to sign, the Bouncy Castle parameters converted from
 * each (or that it has none and must be signed through the JCA). A server signs with the same key in
 * every handshake, so the conversion (reading the key's encoding or scalar, matching its curve) is done
 * once per key, not once per handshake.
 *
 * <p>Keys are compared by identity and held weakly, so the cache neither keeps a key alive nor calls a
 * provider's {@code equals}/{@code hashCode} (which for JDK keys encodes the key). It is bounded: a
 * slot whose key was collected is reused first, then the slots in turn. (The parameters of a collected
 * key stay until their slot is reused: at most {@value #CAPACITY} entries.) Thread-safe.
 */
final class PrivateKeyParameterCache {
    private static final int CAPACITY = 16;

    /** What a lookup found: the parameters, or {@code null} when the key has no in-process fast path. */
    private record Entry(WeakReference<PrivateKey> key, AsymmetricKeyParameter parameters) {
    }

    private final Entry[] entries = new Entry[CAPACITY];
    private int next;

    /**
     * The parameters for {@code key}, computed by {@code convert} on first use; {@code convert} returns
     * {@code null} for a key that must go through the JCA, and that answer is remembered too.
     */
    AsymmetricKeyParameter get(PrivateKey key, Function<PrivateKey, AsymmetricKeyParameter> convert) {
        Entry found = find(key);
        if (found != null) {
            return found.parameters();
        }
        // Converting may call into a provider (a token's getEncoded): do it outside the lock.
        AsymmetricKeyParameter parameters = convert.apply(key);
        put(new Entry(new WeakReference<>(key), parameters));
        return parameters;
    }

    private synchronized Entry find(PrivateKey key) {
        for (Entry e : entries) {
            if (e != null && e.key().get() == key) {
                return e;
            }
        }
        return null;
    }

    private synchronized void put(Entry entry) {
        PrivateKey key = entry.key().get();
        for (int i = 0; i < CAPACITY; i++) {
            Entry e = entries[i];
            // Another thread may have converted the same key meanwhile; a collected key frees its slot.
            if (e == null || e.key().get() == key || e.key().get() == null) {
                entries[i] = entry;
                return;
            }
        }
        entries[next] = entry;
        next = (next + 1) % CAPACITY;
    }

    /** Forgets every key (for tests). */
    synchronized void clear() {
        java.util.Arrays.fill(entries, null);
        next = 0;
    }
}
