package dev.keel.tls.resume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.jsse.KeelSSLSession;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TLS 1.2 resumption by session id (RFC 5246 7.3): a Keel server caches sessions negotiated with the
 * extended master secret and resumes them with the abbreviated handshake. SunJSSE is the client
 * (it offers the session id of its cached session when the engine has the same host and port).
 */
class Resumption12Test {
    private static final String TLS12 = "TLSv1.2";

    @Test
    void sunJsseClientResumesWithKeelServer() throws Exception {
        Peers peers = new Peers(TLS12, Peers.SUN, Peers.KEEL);
        Peers.Connection first = peers.connect();
        assertEquals(TLS12, first.serverSession().getProtocol());
        assertTrue(first.serverSeen.sent.contains("certificate"));
        assertEquals(32, first.serverSession().getId().length);

        Peers.Connection second = peers.connect();
        assertEquals(List.of("server_hello", "finished"), second.serverSeen.sent);
        assertEquals(List.of("client_hello", "finished"), second.serverSeen.received);
        KeelSSLSession server = (KeelSSLSession) second.serverSession();
        assertTrue(server.isResumed());
        assertArrayEquals(first.serverSession().getId(), server.getId());
        assertArrayEquals(first.clientSession().getId(), second.clientSession().getId());
        assertEquals(first.serverSession().getCipherSuite(), server.getCipherSuite());
        assertEquals(first.serverSession().getCreationTime(), server.getCreationTime());
        assertEquals(1, second.pump.finishedCount(second.server));
        second.pump.transfer(1000, 1000);
        // The server context lists the session.
        List<byte[]> ids = Collections.list(peers.serverContext.getServerSessionContext().getIds());
        assertEquals(1, ids.size());
        assertArrayEquals(server.getId(), ids.get(0));
    }

    @Test
    void invalidatedOrExpiredSessionsAreNotResumed() throws Exception {
        Peers peers = new Peers(TLS12, Peers.SUN, Peers.KEEL);
        Peers.Connection first = peers.connect();
        first.serverSession().invalidate();
        Peers.Connection second = peers.connect();
        assertTrue(second.serverSeen.sent.contains("certificate"));
        assertFalse(((KeelSSLSession) second.serverSession()).isResumed());

        peers.serverContext.getServerSessionContext().setSessionTimeout(60);
        peers.advanceSeconds(61);
        Peers.Connection third = peers.connect();
        assertTrue(third.serverSeen.sent.contains("certificate"));
        assertFalse(((KeelSSLSession) third.serverSession()).isResumed());
    }

    @Test
    void otherClientsSessionIdIsNotResumed() throws Exception {
        Peers peers = new Peers(TLS12, Peers.SUN, Peers.KEEL);
        peers.connect();
        Peers other = new Peers(TLS12, Peers.SUN, Peers.KEEL);
        Peers.Connection c = other.connect();
        assertFalse(((KeelSSLSession) c.serverSession()).isResumed());
    }
}
