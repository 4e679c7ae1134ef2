package dev.keel.tls.resume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.jsse.KeelSSLSession;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS 1.3 resumption with tickets (RFC 8446 2.2, 4.2.11, 4.6.1), Keel with Keel and with SunJSSE in
 * both roles. Resumption is asserted on the wire: the server's ServerHello carries pre_shared_key and
 * no Certificate message is exchanged.
 */
class Resumption13Test {
    private static final String TLS13 = "TLSv1.3";

    private static boolean serverHelloHasPsk(Peers.Seen clientSide) throws Exception {
        for (RawHandshake m : clientSide.receivedMessages) {
            if (m.type() == HandshakeType.SERVER_HELLO.code()) {
                return ServerHello.decode(m.reader()).extensions().contains(ExtensionType.PRE_SHARED_KEY);
            }
        }
        throw new AssertionError("no ServerHello seen");
    }

    @Test
    void keelResumesWithKeel() throws Exception {
        Peers peers = new Peers(TLS13, Peers.KEEL, Peers.KEEL);
        Peers.Connection first = peers.connect();
        assertTrue(first.serverSeen.sent.contains("certificate"));
        assertTrue(first.serverSeen.sent.contains("new_session_ticket"), first.serverSeen.sent.toString());
        assertFalse(((KeelSSLSession) first.clientSession()).isResumed());

        Peers.Connection second = peers.connect();
        assertFalse(second.serverSeen.certificateExchanged(), second.serverSeen.sent.toString());
        assertFalse(second.clientSeen.certificateExchanged(), second.clientSeen.received.toString());
        assertTrue(serverHelloHasPsk(second.clientSeen));
        KeelSSLSession client = (KeelSSLSession) second.clientSession();
        KeelSSLSession server = (KeelSSLSession) second.serverSession();
        assertTrue(client.isResumed());
        assertTrue(server.isResumed());
        assertEquals(Boolean.TRUE, client.getValue(KeelSSLSession.RESUMED_VALUE));
        assertArrayEquals(first.clientSession().getPeerCertificates(), client.getPeerCertificates());
        assertEquals(first.clientSession().getCreationTime(), client.getCreationTime());
        assertEquals(first.clientSession().getCipherSuite(), client.getCipherSuite());
        assertEquals(first.serverSession().getCreationTime(), server.getCreationTime());
        // No Certificate was sent, but the server still presents its certificate (Jetty checks SNI with it).
        assertArrayEquals(first.serverSession().getLocalCertificates(), server.getLocalCertificates());
        // FINISHED exactly once per engine, ticket or not.
        assertEquals(1, second.pump.finishedCount(second.client));
        assertEquals(1, second.pump.finishedCount(second.server));
        // The resumed connection issues a new ticket: a third connection resumes too.
        assertTrue(((KeelSSLSession) peers.connect().clientSession()).isResumed());
    }

    @Test
    void serverWrapsTicketAfterFinishedAndReportsFinishedOnce() throws Exception {
        Peers peers = new Peers(TLS13, Peers.KEEL, Peers.KEEL);
        Peers.Connection c = peers.connect();
        List<HandshakeStatus> statuses = c.pump.handshakeStatuses(c.server);
        assertEquals(1, Collections.frequency(statuses, HandshakeStatus.FINISHED), statuses.toString());
        int finished = statuses.indexOf(HandshakeStatus.FINISHED);
        // SunJSSE's shape: the unwrap of the client's Finished says NEED_WRAP, the wrap of the ticket FINISHED.
        assertEquals(HandshakeStatus.NEED_WRAP, statuses.get(finished - 1), statuses.toString());
    }

    @ParameterizedTest(name = "{0} client, {1} server")
    @CsvSource({"Keel, SunJSSE", "SunJSSE, Keel"})
    void resumesWithSunJsse(String clientProvider, String serverProvider) throws Exception {
        Peers peers = new Peers(TLS13, clientProvider, serverProvider);
        Peers.Connection first = peers.connect();
        Peers.Connection second = peers.connect();
        Peers.Seen keelSide = clientProvider.equals(Peers.KEEL) ? second.clientSeen : second.serverSeen;
        Peers.Seen keelFirst = clientProvider.equals(Peers.KEEL) ? first.clientSeen : first.serverSeen;
        assertTrue(keelFirst.certificateExchanged());
        assertFalse(keelSide.certificateExchanged(), "sent " + keelSide.sent + ", received " + keelSide.received);
        KeelSSLSession keel = (KeelSSLSession) (clientProvider.equals(Peers.KEEL)
                ? second.clientSession() : second.serverSession());
        assertTrue(keel.isResumed());
        assertArrayEquals(first.clientSession().getPeerCertificates(), second.clientSession().getPeerCertificates());
        // FINISHED exactly once for the Keel engine (SunJSSE reports it again for a post-handshake ticket).
        assertEquals(1, second.pump.finishedCount(clientProvider.equals(Peers.KEEL) ? second.client : second.server));
    }

    @Test
    void expiredTicketMeansFullHandshake() throws Exception {
        Peers peers = new Peers(TLS13, Peers.KEEL, Peers.KEEL);
        peers.serverContext.getServerSessionContext().setSessionTimeout(60);
        peers.connect();
        peers.advanceSeconds(61);
        Peers.Connection second = peers.connect();
        assertTrue(second.serverSeen.sent.contains("certificate"));
        assertFalse(((KeelSSLSession) second.clientSession()).isResumed());
    }

    @Test
    void serverRejectsTicketItConsidersExpired() throws Exception {
        Peers peers = new Peers(TLS13, Peers.KEEL, Peers.KEEL);
        peers.serverContext.getServerSessionContext().setSessionTimeout(60);
        peers.connect();
        // Only the server's clock moves: the client still offers the ticket, the server refuses it.
        peers.serverStore().setClock(() -> peers.now.get() + 61_000);
        Peers.Connection second = peers.connect();
        assertTrue(second.clientSeen.sent.contains("client_hello"));
        assertFalse(serverHelloHasPsk(second.clientSeen));
        assertTrue(second.serverSeen.sent.contains("certificate"));
        assertFalse(((KeelSSLSession) second.serverSession()).isResumed());
    }

    @Test
    void ticketAgeOutsideTheWindowMeansFullHandshake() throws Exception {
        Peers peers = new Peers(TLS13, Peers.KEEL, Peers.KEEL);
        peers.connect();
        peers.clientStore().setClock(() -> peers.now.get() + 120_000); // client thinks 2 minutes passed
        Peers.Connection second = peers.connect();
        assertFalse(serverHelloHasPsk(second.clientSeen));
        assertTrue(second.serverSeen.sent.contains("certificate"));
    }

    @Test
    void ticketsUnderRotatedOutKeysAreRefused() throws Exception {
        Peers peers = new Peers(TLS13, Peers.KEEL, Peers.KEEL);
        peers.connect();
        peers.serverStore().ticketKeys().rotate();
        // The previous key still opens the ticket.
        Peers.Connection afterOne = peers.connect();
        assertTrue(((KeelSSLSession) afterOne.serverSession()).isResumed());
        peers.serverStore().ticketKeys().rotate();
        peers.serverStore().ticketKeys().rotate();
        Peers.Connection afterTwo = peers.connect();
        assertFalse(((KeelSSLSession) afterTwo.serverSession()).isResumed());
        assertTrue(afterTwo.serverSeen.sent.contains("certificate"));
    }

    @Test
    void differentServerNameMeansFullHandshake() throws Exception {
        Peers peers = new Peers(TLS13, Peers.KEEL, Peers.KEEL);
        peers.connect();
        Peers.Connection other = peers.new Connection(Peers.HOST, Peers.PORT);
        SSLParameters p = other.client.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName("other.example")));
        p.setEndpointIdentificationAlgorithm(null);
        other.client.setSSLParameters(p);
        other.run();
        assertFalse(serverHelloHasPsk(other.clientSeen));
        assertTrue(other.serverSeen.sent.contains("certificate"));
    }

    @Test
    void otherPeerPortDoesNotResume() throws Exception {
        Peers peers = new Peers(TLS13, Peers.KEEL, Peers.KEEL);
        peers.connect();
        Peers.Connection other = peers.connect(Peers.HOST, Peers.PORT + 1);
        assertFalse(((KeelSSLSession) other.clientSession()).isResumed());
    }

    @Test
    void ticketsAreSingleUse() throws Exception {
        Peers peers = new Peers(TLS13, Peers.KEEL, Peers.KEEL);
        peers.connect(); // one ticket
        Peers.Connection a = peers.new Connection(Peers.HOST, Peers.PORT);
        Peers.Connection b = peers.new Connection(Peers.HOST, Peers.PORT);
        a.pump.handshake();
        b.pump.handshake(); // before a's new ticket arrived: nothing left to offer
        assertTrue(((KeelSSLSession) a.clientSession()).isResumed());
        assertFalse(((KeelSSLSession) b.clientSession()).isResumed());
    }

    @Test
    void sessionContextListsAndInvalidates() throws Exception {
        Peers peers = new Peers(TLS13, Peers.KEEL, Peers.KEEL);
        Peers.Connection first = peers.connect();
        var ctx = peers.clientContext.getClientSessionContext();
        List<byte[]> ids = Collections.list(ctx.getIds());
        assertEquals(1, ids.size());
        assertArrayEquals(first.clientSession().getId(), ids.get(0));
        assertNotNull(ctx.getSession(ids.get(0)));
        first.clientSession().invalidate();
        assertFalse(ctx.getIds().hasMoreElements());
        assertNull(ctx.getSession(ids.get(0)));
        assertFalse(((KeelSSLSession) peers.connect().clientSession()).isResumed());
    }

    @Test
    void cacheSizeZeroTicketCountZero() throws Exception {
        Peers peers = new Peers(TLS13, Peers.KEEL, Peers.KEEL);
        peers.serverStore().setTicketCount(0);
        Peers.Connection first = peers.connect();
        assertFalse(first.serverSeen.sent.contains("new_session_ticket"));
        assertFalse(((KeelSSLSession) peers.connect().clientSession()).isResumed());
        peers.serverStore().setTicketCount(2);
        Peers.Connection third = peers.connect();
        assertEquals(2, Collections.frequency(third.serverSeen.sent, "new_session_ticket"));
    }
}
