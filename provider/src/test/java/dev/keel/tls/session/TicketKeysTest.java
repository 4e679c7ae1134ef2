package dev.keel.tls.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TicketKeysTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final TicketKeys keys = new TicketKeys(new SecureRandom(), now::get, 3_600_000);
    private final byte[] contents = "session state".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sealsAndOpens() {
        byte[] ticket = keys.seal(contents);
        assertEquals(contents.length + TicketKeys.OVERHEAD, ticket.length);
        assertArrayEquals(contents, keys.open(ticket));
    }

    @Test
    void ticketIsAesGcmUnderTheKeyIdAsAad() throws Exception {
        // Independent check with the JDK's cipher: the ciphertext is not the plaintext and the
        // nonce differs between two tickets of the same contents.
        byte[] a = keys.seal(contents);
        byte[] b = keys.seal(contents);
        assertArrayEquals(java.util.Arrays.copyOf(a, 16), java.util.Arrays.copyOf(b, 16), "same key id");
        assertEquals(false, java.util.Arrays.equals(java.util.Arrays.copyOfRange(a, 16, 28),
                java.util.Arrays.copyOfRange(b, 16, 28)), "random nonces");
        // A wrong key does not open it.
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(new byte[32], "AES"),
                new GCMParameterSpec(128, java.util.Arrays.copyOfRange(a, 16, 28)));
        c.updateAAD(a, 0, 16);
        org.junit.jupiter.api.Assertions.assertThrows(javax.crypto.AEADBadTagException.class,
                () -> c.doFinal(a, 28, a.length - 28));
    }

    @Test
    void rejectsTamperedShortAndForeignTickets() {
        byte[] ticket = keys.seal(contents);
        for (int i : new int[] {0, 16, 30, ticket.length - 1}) {
            byte[] t = ticket.clone();
            t[i] ^= 1;
            assertNull(keys.open(t), "flipped byte " + i);
        }
        assertNull(keys.open(new byte[TicketKeys.OVERHEAD - 1]));
        assertNull(keys.open(null));
        assertNull(new TicketKeys(new SecureRandom(), now::get, 3_600_000).open(ticket));
    }

    @Test
    void previousKeyStillOpensOlderOneDoesNot() {
        byte[] ticket = keys.seal(contents);
        keys.rotate();
        assertArrayEquals(contents, keys.open(ticket));
        keys.rotate();
        assertNull(keys.open(ticket));
    }

    @Test
    void rotatesByTheClock() {
        byte[] ticket = keys.seal(contents);
        now.addAndGet(3_600_000);
        byte[] newer = keys.seal(contents);
        assertNotNull(keys.open(ticket), "previous key");
        assertNotNull(keys.open(newer));
        now.addAndGet(3_600_000);
        assertNull(keys.open(ticket), "two intervals later the first key is gone");
        assertNotNull(keys.open(newer));
    }

    @Test
    void destroyForgetsEveryKey() {
        byte[] ticket = keys.seal(contents);
        keys.destroy();
        assertNull(keys.open(ticket));
    }

    @Test
    void contentsRoundTripThroughASealedTicket() {
        TicketContents t = new TicketContents(0x0304, 0x1301, new byte[32], 123456789012L, 7200, 0xFFFFFFFFL,
                123000000000L, true, "example.com", "h2", List.of(new byte[] {1, 2, 3}, new byte[] {4}));
        TicketContents back = TicketContents.open(keys, t.seal(keys));
        assertNotNull(back);
        assertEquals(0x0304, back.protocol());
        assertEquals(0x1301, back.cipherSuite());
        assertArrayEquals(new byte[32], back.secret());
        assertEquals(123456789012L, back.issuedAt());
        assertEquals(7200, back.lifetimeSeconds());
        assertEquals(0xFFFFFFFFL, back.ticketAgeAdd());
        assertEquals(123000000000L, back.sessionCreatedAt());
        assertEquals(true, back.extendedMasterSecret());
        assertEquals("example.com", back.serverName());
        assertEquals("h2", back.alpn());
        assertEquals(2, back.peerCertificates().size());
        assertArrayEquals(new byte[] {1, 2, 3}, back.peerCertificates().get(0));
        assertEquals(false, back.expiredAt(123456789012L + 7_199_999));
        assertEquals(true, back.expiredAt(123456789012L + 7_200_000));
    }

    @Test
    void undecodableContentsAreNotATicket() {
        assertNull(TicketContents.decode(new byte[0]));
        assertNull(TicketContents.decode(new byte[] {2, 3, 4}));
        byte[] good = new TicketContents(0x0304, 0x1301, new byte[32], 1, 2, 3, 4, false, "", "", List.of()).encode();
        assertNotNull(TicketContents.decode(good));
        assertNull(TicketContents.decode(java.util.Arrays.copyOf(good, good.length - 1)));
        assertNull(TicketContents.decode(java.util.Arrays.copyOf(good, good.length + 1)));
    }

    @Test
    void theSealingCipherIsReusedSafelyAcrossThreadsAndRotations() throws Exception {
        int threads = 4;
        List<byte[]> tickets = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        tickets.add(keys.seal(contents));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (byte[] t : tickets) {
            assertArrayEquals(contents, keys.open(t));
        }
        keys.rotate();
        keys.rotate(); // the key that sealed so far is wiped, with its cipher
        byte[] fresh = keys.seal(contents);
        assertArrayEquals(contents, keys.open(fresh));
        assertNull(keys.open(tickets.get(0)));
    }
}
