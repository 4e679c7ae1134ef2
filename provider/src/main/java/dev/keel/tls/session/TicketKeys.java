package dev.keel.tls.session;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.Aead;
import dev.keel.tls.crypto.AeadAlgorithm;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The server's ticket sealing keys (RFC 5077 4 recommends this construction; RFC 8446 4.6.1 leaves the
 * ticket format to the server). A ticket is
 * <pre>
 *   key_id (16 bytes) || nonce (12 bytes, random) || AES-256-GCM(key, nonce, aad = key_id, contents)
 * </pre>
 * Only this server can read or forge one. Keys rotate: the current key seals, and the previous key is
 * still accepted for opening so that tickets issued just before a rotation stay usable; a ticket
 * sealed under a key older than that no longer opens (the client gets a full handshake). Rotation
 * happens after {@code rotationIntervalMillis} (checked on use, with the injected clock) or on
 * {@link #rotate()}. Retired keys are wiped.
 *
 * <p>Thread-safe: one instance serves every connection of a server context.
 */
public final class TicketKeys {
    public static final int KEY_ID_LENGTH = 16;
    public static final int NONCE_LENGTH = 12;
    private static final AeadAlgorithm ALGORITHM = AeadAlgorithm.AES_256_GCM;
    /** Overhead of sealing: key id, nonce and the GCM tag. */
    public static final int OVERHEAD = KEY_ID_LENGTH + NONCE_LENGTH + 16;

    private final SecureRandom random;
    private final LongSupplier clock;
    private volatile long rotationIntervalMillis;
    private Key current;
    private Key previous;

    /**
     * One sealing key: its id, the AES key and when it became current, and the cipher that seals with
     * it, made once (setting up an AES-GCM cipher costs several kilobytes; a server seals a ticket or
     * two per handshake). The cipher is used, and the key wiped, only while holding this object's lock.
     */
    private static final class Key {
        final byte[] id;
        final byte[] secret;
        final long createdAt;
        private Aead sealer;
        private boolean destroyed;

        Key(byte[] id, byte[] secret, long createdAt) {
            this.id = id;
            this.secret = secret;
            this.createdAt = createdAt;
        }

        /** Seals into {@code out} (after the key id and nonce already there); caller holds the lock. */
        void seal(byte[] nonce, byte[] contents, ByteBuffer out) throws TlsAlertException {
            if (sealer == null) {
                sealer = Aead.create(ALGORITHM, secret, true);
            }
            try {
                sealer.seal(nonce, id, KEY_ID_LENGTH, ByteBuffer.wrap(contents), out);
            } catch (TlsAlertException | RuntimeException e) {
                sealer.destroy(); // its state is unknown after a failure: the next seal makes another
                sealer = null;
                throw e;
            }
        }

        synchronized void destroy() {
            destroyed = true;
            Arrays.fill(secret, (byte) 0);
            if (sealer != null) {
                sealer.destroy();
                sealer = null;
            }
        }
    }

    /**
     * @param rotationIntervalMillis how long a key seals before the next one replaces it (it is then
     *     accepted for one more interval); at most that long plus a ticket's lifetime a ticket stays
     *     usable
     */
    public TicketKeys(SecureRandom random, LongSupplier clock, long rotationIntervalMillis) {
        this.random = random;
        this.clock = clock;
        this.rotationIntervalMillis = rotationIntervalMillis;
        this.current = newKey();
    }

    public void setRotationIntervalMillis(long millis) {
        this.rotationIntervalMillis = millis;
    }

    /** Makes a new key current; the current one becomes the previous one; the previous one is wiped. */
    public synchronized void rotate() {
        if (previous != null) {
            previous.destroy();
        }
        previous = current;
        current = newKey();
    }

    private Key newKey() {
        byte[] id = new byte[KEY_ID_LENGTH];
        byte[] secret = new byte[ALGORITHM.keyLength()];
        random.nextBytes(id);
        random.nextBytes(secret);
        return new Key(id, secret, clock.getAsLong());
    }

    private synchronized Key currentKey() {
        if (clock.getAsLong() - current.createdAt >= rotationIntervalMillis) {
            rotate();
        }
        return current;
    }

    /** Seals ticket contents under the current key. */
    public byte[] seal(byte[] contents) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        ByteBuffer out = ByteBuffer.allocate(OVERHEAD + contents.length);
        while (true) {
            Key key = currentKey();
            synchronized (key) {
                if (key.destroyed) {
                    continue; // retired and wiped since: seal under the key that is current now
                }
                out.clear();
                out.put(key.id).put(nonce);
                try {
                    key.seal(nonce, contents, out);
                } catch (TlsAlertException e) {
                    throw new IllegalStateException("cannot seal a session ticket: " + e.getMessage(), e);
                }
                return out.array();
            }
        }
    }

    /**
     * Opens a ticket sealed by {@link #seal} under the current or the previous key; {@code null} when
     * it is not one of ours, was sealed under a retired key, or was altered.
     */
    public byte[] open(byte[] ticket) {
        if (ticket == null || ticket.length < OVERHEAD) {
            return null;
        }
        Key key = keyFor(Arrays.copyOf(ticket, KEY_ID_LENGTH));
        if (key == null) {
            return null;
        }
        byte[] nonce = Arrays.copyOfRange(ticket, KEY_ID_LENGTH, KEY_ID_LENGTH + NONCE_LENGTH);
        ByteBuffer sealed = ByteBuffer.wrap(ticket, KEY_ID_LENGTH + NONCE_LENGTH,
                ticket.length - KEY_ID_LENGTH - NONCE_LENGTH);
        ByteBuffer plain = ByteBuffer.allocate(sealed.remaining() - ALGORITHM.tagLength());
        Aead aead = Aead.create(ALGORITHM, key.secret, false);
        try {
            aead.open(nonce, key.id, KEY_ID_LENGTH, sealed, plain);
            return plain.array();
        } catch (TlsAlertException e) {
            Arrays.fill(plain.array(), (byte) 0);
            return null; // forged, altered or not ours: the handshake falls back to a full one
        } finally {
            aead.destroy();
        }
    }

    private synchronized Key keyFor(byte[] id) {
        currentKey(); // rotate first if the current key is due, so an expired previous key is dropped
        if (MessageDigest.isEqual(id, current.id)) {
            return current;
        }
        if (previous != null && MessageDigest.isEqual(id, previous.id)) {
            return previous;
        }
        return null;
    }

    /** Wipes both keys; tickets sealed so far no longer open and a fresh key seals from now on. */
    public synchronized void destroy() {
        current.destroy();
        if (previous != null) {
            previous.destroy();
        }
        previous = null;
        current = newKey();
    }
}
