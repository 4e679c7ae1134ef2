package dev.keel.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pool of JDK Ciphers behind {@link JdkAead}: reuse, destroyed instances, the bound, threads. */
class JdkCipherPoolTest {
    private static final Random RANDOM = new Random(5116);

    /** Empties the shared pool of {@code alg} so that counts in a test are its own. */
    private static JdkCipherPool drained(AeadAlgorithm alg) {
        JdkCipherPool pool = JdkCipherPool.of(alg);
        while (pool.take() != null) {
            // drop it
        }
        return pool;
    }

    private static JdkAead newJdkAead(AeadAlgorithm alg, byte[] key, boolean encrypt) {
        return alg == AeadAlgorithm.CHACHA20_POLY1305
                ? new JdkChaCha20Poly1305(key, encrypt) : new JdkAesGcm(alg, key, encrypt);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** What a fresh JDK Cipher computes for this key, nonce, aad and plaintext. */
    private static byte[] jdkSeal(AeadAlgorithm alg, byte[] key, byte[] nonce, byte[] aad, byte[] pt)
            throws Exception {
        Cipher c;
        if (alg == AeadAlgorithm.CHACHA20_POLY1305) {
            c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        } else {
            c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        }
        c.updateAAD(aad);
        return c.doFinal(pt);
    }

    private static byte[] seal(Aead aead, byte[] nonce, byte[] aad, byte[] pt) throws TlsAlertException {
        ByteBuffer out = ByteBuffer.allocate(pt.length + 16);
        aead.seal(nonce, aad, aad.length, ByteBuffer.wrap(pt), out);
        return out.array();
    }

    private static byte[] open(Aead aead, byte[] nonce, byte[] aad, byte[] sealed) throws TlsAlertException {
        ByteBuffer out = ByteBuffer.allocate(sealed.length - 16);
        aead.open(nonce, aad, aad.length, ByteBuffer.wrap(sealed), out);
        return out.array();
    }

    /**
     * A destroyed AEAD's Cipher goes to the pool, the next AEAD of the algorithm takes it, and under
     * its own key computes exactly what a fresh JDK Cipher does (the previous key is gone from it).
     */
    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void aCipherGivenBackIsReusedUnderTheNewKey(AeadAlgorithm alg) throws Exception {
        JdkCipherPool pool = drained(alg);
        byte[] nonce = random(12);
        byte[] aad = random(13);
        byte[] pt = random(100);
        byte[] firstKey = random(alg.keyLength());
        JdkAead first = newJdkAead(alg, firstKey, true);
        assertArrayEquals(jdkSeal(alg, firstKey, nonce, aad, pt), seal(first, nonce, aad, pt));
        first.destroy();
        assertEquals(1, pool.idle(), "destroy gives the Cipher back");

        byte[] key = random(alg.keyLength());
        JdkAead sealer = newJdkAead(alg, key, true);
        assertEquals(0, pool.idle(), "the next AEAD takes it");
        byte[] expected = jdkSeal(alg, key, nonce, aad, pt);
        assertArrayEquals(expected, seal(sealer, nonce, aad, pt));
        sealer.destroy();

        // The same Cipher now opening, under the sealing key, what it sealed before.
        JdkAead opener = newJdkAead(alg, key, false);
        assertEquals(0, pool.idle());
        assertArrayEquals(pt, open(opener, nonce, aad, expected));
        expected[3] ^= 1;
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> open(opener, nonce, aad, expected));
        assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
        opener.destroy();
    }

    /** A destroyed AEAD no longer reaches its former Cipher, and destroying twice gives it back once. */
    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void aDestroyedAeadCannotBeUsed(AeadAlgorithm alg) throws Exception {
        JdkCipherPool pool = drained(alg);
        byte[] nonce = random(12);
        JdkAead sealer = newJdkAead(alg, random(alg.keyLength()), true);
        JdkAead opener = newJdkAead(alg, random(alg.keyLength()), false);
        sealer.destroy();
        sealer.destroy();
        opener.destroy();
        opener.destroy();
        assertEquals(2, pool.idle(), "each Cipher is given back once");
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> seal(sealer, nonce, new byte[5], new byte[7]));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
        e = assertThrows(TlsAlertException.class, () -> open(opener, nonce, new byte[5], new byte[40]));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
    }

    @Test
    void thePoolKeepsAtMostItsCapacity() {
        AeadAlgorithm alg = AeadAlgorithm.AES_128_GCM;
        JdkCipherPool pool = drained(alg);
        List<JdkAead> aeads = new ArrayList<>();
        for (int i = 0; i < JdkCipherPool.CAPACITY + 5; i++) {
            aeads.add(newJdkAead(alg, random(alg.keyLength()), i % 2 == 0));
        }
        aeads.forEach(JdkAead::destroy);
        assertEquals(JdkCipherPool.CAPACITY, pool.idle());
        for (int i = 0; i < JdkCipherPool.CAPACITY; i++) {
            assertNotNull(pool.take());
        }
        assertNull(pool.take());
    }

    /** Many threads taking and giving back: a Cipher is never handed to two owners at once. */
    @Test
    void aCipherHasOneOwnerAtATime() throws Exception {
        JdkCipherPool pool = new JdkCipherPool();
        for (int i = 0; i < 4; i++) {
            pool.giveBack(Cipher.getInstance("AES/GCM/NoPadding"));
        }
        Set<Cipher> owned = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        Cipher c = pool.take();
                        if (c == null) {
                            continue;
                        }
                        if (!owned.add(c)) {
                            throw new AssertionError("a Cipher was taken twice");
                        }
                        owned.remove(c);
                        pool.giveBack(c);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertNull(failure.get());
        assertEquals(4, pool.idle(), "nothing lost, nothing duplicated");
        assertTrue(owned.isEmpty());
    }

    /**
     * Two Aeads with the same key (connections replaying deterministic randomness): the second one's
     * pooled Cipher remembers the first one's last nonce, which the JDK would refuse. The new owner
     * still seals its first record; one Aead sealing the same nonce twice is still refused.
     */
    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void aPooledCipherDoesNotRefuseItsNewOwnersFirstNonce(AeadAlgorithm alg) throws Exception {
        JdkCipherPool pool = drained(alg);
        byte[] key = random(alg.keyLength());
        byte[] nonce = random(alg.ivLength());
        byte[] aad = random(13);
        byte[] pt = random(100);
        byte[] expected = jdkSeal(alg, key, nonce, aad, pt);

        JdkAead first = newJdkAead(alg, key, true);
        ByteBuffer out = ByteBuffer.allocate(pt.length + alg.tagLength());
        first.seal(nonce, aad, aad.length, ByteBuffer.wrap(pt), out);
        assertArrayEquals(expected, out.array());
        first.destroy();

        JdkAead second = newJdkAead(alg, key, true);
        assertNull(pool.take(), "the second Aead took the first one's Cipher from the pool");
        ByteBuffer again = ByteBuffer.allocate(pt.length + alg.tagLength());
        second.seal(nonce, aad, aad.length, ByteBuffer.wrap(pt), again);
        assertArrayEquals(expected, again.array());

        TlsAlertException e = assertThrows(TlsAlertException.class, () -> second.seal(nonce, aad, aad.length,
                ByteBuffer.wrap(pt), ByteBuffer.allocate(pt.length + alg.tagLength())));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
        second.destroy();
    }
}
