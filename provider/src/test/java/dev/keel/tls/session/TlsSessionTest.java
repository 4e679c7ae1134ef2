package dev.keel.tls.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.ServerName;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The parts of {@link TlsSession} that are made on demand or shared (retained heap, issue 7). */
class TlsSessionTest {

    /** A SecureRandom that counts its calls and fills with a known byte. */
    private static final class CountingRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void nextBytes(byte[] bytes) {
            calls.incrementAndGet();
            java.util.Arrays.fill(bytes, (byte) 0x5A);
        }
    }

    @Test
    void aRandomIdIsDrawnOnceWhenFirstAskedFor() {
        TlsSession s = new TlsSession("peer", 443);
        assertEquals(0, s.id().length, "no id before the handshake gives one");
        CountingRandom random = new CountingRandom();
        s.setRandomIdOnFirstUse(random);
        assertEquals(0, random.calls.get(), "nothing drawn until asked");
        byte[] first = s.id();
        assertEquals(32, first.length);
        byte[] expected = new byte[32];
        java.util.Arrays.fill(expected, (byte) 0x5A);
        assertArrayEquals(expected, first, "drawn from the given random");
        first[0] = 1; // a copy: the caller cannot change the session's id
        assertArrayEquals(expected, s.id(), "the same id every time");
        assertEquals(1, random.calls.get());
    }

    @Test
    void anIdSetByTheHandshakeWinsOverAnIdOnDemand() {
        TlsSession s = new TlsSession("peer", 443);
        CountingRandom random = new CountingRandom();
        s.setRandomIdOnFirstUse(random);
        s.setId(new byte[] {7, 8});
        assertArrayEquals(new byte[] {7, 8}, s.id());
        assertEquals(0, random.calls.get());
    }

    @Test
    void equalListsAreSharedBetweenSessions() {
        List<SignatureScheme> fromOnePeer = new ArrayList<>(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256,
                SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.ED25519));
        List<SignatureScheme> fromAnother = new ArrayList<>(fromOnePeer);
        TlsSession a = new TlsSession("a", 1);
        TlsSession b = new TlsSession("b", 2);
        a.setPeerSignatureSchemes(fromOnePeer);
        b.setPeerSignatureSchemes(fromAnother);
        assertEquals(fromOnePeer, b.peerSignatureSchemes());
        assertSame(a.peerSignatureSchemes(), b.peerSignatureSchemes());
        fromOnePeer.clear(); // the session keeps its own immutable copy
        assertEquals(fromAnother, a.peerSignatureSchemes());
        assertThrows(UnsupportedOperationException.class, () -> a.peerSignatureSchemes().add(SignatureScheme.ED448));

        TlsSession c = new TlsSession("c", 3);
        c.setPeerSignatureSchemes(List.of(SignatureScheme.ED448));
        assertEquals(List.of(SignatureScheme.ED448), c.peerSignatureSchemes());
        assertNotSame(a.peerSignatureSchemes(), c.peerSignatureSchemes());

        a.setRequestedServerNames(List.of(ServerName.hostName("one.example")));
        b.setRequestedServerNames(List.of(ServerName.hostName("one.example")));
        assertSame(a.requestedServerNames(), b.requestedServerNames());
        assertEquals(List.of(), new TlsSession("d", 4).requestedServerNames());
    }
}
