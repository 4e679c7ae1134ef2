package dev.keel.tls.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.message.ProtocolVersion;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionCacheTest {
    private final AtomicLong now = new AtomicLong(10_000);
    private final SessionCache cache = new SessionCache(now::get, 2, 3600);

    private ResumableSession ticket(byte fill, long lifetimeMillis) {
        TlsSession origin = new TlsSession("h", 1);
        origin.setId(new byte[] {fill});
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, fill);
        return new ResumableSession(ProtocolVersion.TLS13, CipherSuite.TLS_AES_128_GCM_SHA256, secret,
                new byte[] {fill}, null, 0, now.get(), lifetimeMillis, origin);
    }

    @Test
    void singleUseTicketsAreTakenNewestFirst() {
        ResumableSession a = ticket((byte) 1, 60_000);
        ResumableSession b = ticket((byte) 2, 60_000);
        cache.addForPeer("Host", 443, a);
        cache.addForPeer("host", 443, b);
        assertSame(b, cache.takeForPeer("HOST", 443, true, t -> true));
        assertSame(a, cache.takeForPeer("host", 443, true, t -> true));
        assertNull(cache.takeForPeer("host", 443, true, t -> true));
    }

    @Test
    void reusableTicketsStay() {
        ResumableSession a = ticket((byte) 1, 60_000);
        cache.addForPeer("host", 443, a);
        assertSame(a, cache.takeForPeer("host", 443, false, t -> true));
        assertSame(a, cache.takeForPeer("host", 443, false, t -> true));
        assertNull(cache.takeForPeer("host", 444, false, t -> true));
    }

    @Test
    void expiredEntriesAreDroppedAndWiped() {
        ResumableSession a = ticket((byte) 1, 60_000);
        cache.addForPeer("host", 443, a);
        now.addAndGet(60_000);
        assertNull(cache.takeForPeer("host", 443, true, t -> true));
        assertArrayEquals(new byte[32], a.secret());
        assertEquals(0, cache.size());
    }

    @Test
    void sessionTimeoutBoundsLongTickets() {
        cache.setTimeoutSeconds(10);
        cache.addForPeer("host", 443, ticket((byte) 1, 600_000));
        now.addAndGet(10_000);
        assertNull(cache.takeForPeer("host", 443, true, t -> true));
    }

    @Test
    void leastRecentlyUsedPeerIsEvictedAndWiped() {
        ResumableSession a = ticket((byte) 1, 60_000);
        cache.addForPeer("a", 1, a);
        cache.addForPeer("b", 1, ticket((byte) 2, 60_000));
        cache.addForPeer("c", 1, ticket((byte) 3, 60_000));
        assertEquals(2, cache.size());
        assertNull(cache.takeForPeer("a", 1, true, t -> true));
        assertArrayEquals(new byte[32], a.secret());
    }

    @Test
    void invalidatedSessionsAreNotOfferedAndCanBeRemoved() {
        ResumableSession a = ticket((byte) 1, 60_000);
        cache.addForPeer("host", 443, a);
        assertEquals(1, cache.sessions().size());
        assertSame(a.origin(), cache.session(new byte[] {1}));
        a.origin().invalidate();
        assertTrue(cache.sessions().isEmpty());
        assertNull(cache.takeForPeer("host", 443, true, t -> true));
    }

    @Test
    void serverSessionIds() {
        ResumableSession a = ticket((byte) 1, 60_000);
        cache.addById(new byte[] {9, 9}, a);
        assertSame(a, cache.findById(new byte[] {9, 9}));
        assertNull(cache.findById(new byte[] {9}));
        assertNull(cache.findById(new byte[0]));
        cache.remove(a.origin());
        assertNull(cache.findById(new byte[] {9, 9}));
    }

    @Test
    void obfuscatedTicketAgeWrapsModulo2To32() {
        TlsSession origin = new TlsSession("h", 1);
        ResumableSession t = new ResumableSession(ProtocolVersion.TLS13, CipherSuite.TLS_AES_128_GCM_SHA256,
                new byte[32], new byte[] {1}, null, 0xFFFFFFF0L, 1000, 60_000, origin);
        assertEquals(0x0000000CL, t.obfuscatedTicketAge(1000 + 28)); // RFC 8446 4.2.11.1
    }
}
