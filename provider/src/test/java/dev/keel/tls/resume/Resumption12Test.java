package dev.keel.tls.resume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.jsse.KeelSSLSession;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.ServerHello;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS 1.2 resumption, Keel with Keel and with SunJSSE in both roles: by session id (RFC 5246 7.3,
 * a server-side cache) and by RFC 5077 session ticket, always with the extended master secret
 * (RFC 7627 5.3). Resumption is asserted on the wire through the handshake observer of the Keel
 * engine(s): the abbreviated handshake has no Certificate, ServerKeyExchange or ClientKeyExchange,
 * its ServerHello echoes the ClientHello's session_id, and the server's Finished comes before the
 * client's.
 */
class Resumption12Test {
    private static final String TLS12 = "TLSv1.2";
    /** Session tickets on (the default) or off on the Keel side(s). */
    private static final String TICKET = "ticket";
    private static final String SESSION_ID = "session id";

    private static ClientHello clientHello(Peers.Seen seen, boolean sent) throws Exception {
        return ClientHello.decode((sent ? seen.firstSent(HandshakeType.CLIENT_HELLO)
                : seen.firstReceived(HandshakeType.CLIENT_HELLO)).reader());
    }

    private static ServerHello serverHello(Peers.Seen seen, boolean sent) throws Exception {
        return ServerHello.decode((sent ? seen.firstSent(HandshakeType.SERVER_HELLO)
                : seen.firstReceived(HandshakeType.SERVER_HELLO)).reader());
    }

    private static boolean resumed(SSLSession s) {
        return ((KeelSSLSession) s).isResumed();
    }

    /** Tickets off on each Keel side for the session-id variant. */
    private static Peers peers(String client, String server, String mode) {
        Peers peers = new Peers(TLS12, client, server);
        if (mode.equals(SESSION_ID)) {
            if (client.equals(Peers.KEEL)) {
                peers.clientStore().setSessionTickets12(false);
            }
            if (server.equals(Peers.KEEL)) {
                peers.serverStore().setSessionTickets12(false);
            }
        }
        return peers;
    }

    // ---- Keel with Keel ----

    @Test
    void keelResumesWithKeelByTicket() throws Exception {
        Peers peers = new Peers(TLS12, Peers.KEEL, Peers.KEEL);
        Peers.Connection first = peers.connect();
        // RFC 5077 3.2-3.4: the client asks with an empty session_ticket; the server acknowledges it,
        // names no session id, and sends NewSessionTicket after the client's Finished, before its own.
        ClientHello ch1 = clientHello(first.clientSeen, true);
        assertArrayEquals(new byte[0], ch1.extensions().find(ExtensionType.SESSION_TICKET));
        assertEquals(0, ch1.legacySessionId().length);
        ServerHello sh1 = serverHello(first.clientSeen, false);
        assertArrayEquals(new byte[0], sh1.extensions().find(ExtensionType.SESSION_TICKET));
        assertEquals(0, sh1.legacySessionIdEcho().length);
        assertEquals(List.of("server_hello", "certificate", "server_key_exchange", "server_hello_done",
                "new_session_ticket", "finished"), first.serverSeen.sent);
        assertEquals(List.of("client_hello", "client_key_exchange", "finished"), first.clientSeen.sent);
        assertFalse(resumed(first.clientSession()));

        Peers.Connection second = peers.connect();
        ClientHello ch2 = clientHello(second.clientSeen, true);
        assertTrue(ch2.extensions().find(ExtensionType.SESSION_TICKET).length > 0, "the ticket is presented");
        assertEquals(32, ch2.legacySessionId().length, "a fresh id to recognise acceptance (RFC 5077 3.4)");
        assertArrayEquals(ch2.legacySessionId(), serverHello(second.clientSeen, false).legacySessionIdEcho());
        // The abbreviated handshake, with a renewed ticket (RFC 5077 3.3).
        assertEquals(List.of("server_hello", "new_session_ticket", "finished"), second.serverSeen.sent);
        assertEquals(List.of("server_hello", "new_session_ticket", "finished"), second.clientSeen.received);
        assertEquals(List.of("client_hello", "finished"), second.clientSeen.sent);
        assertTrue(resumed(second.clientSession()));
        assertTrue(resumed(second.serverSession()));
        assertSameSession(first, second);
        assertEquals(1, second.pump.finishedCount(second.client));
        assertEquals(1, second.pump.finishedCount(second.server));
        second.pump.transfer(5000, 5000);

        // The renewed ticket resumes again.
        Peers.Connection third = peers.connect();
        assertTrue(resumed(third.clientSession()));
        assertFalse(third.clientSeen.certificateExchanged());
        assertFalse(java.util.Arrays.equals(ch2.extensions().find(ExtensionType.SESSION_TICKET),
                clientHello(third.clientSeen, true).extensions().find(ExtensionType.SESSION_TICKET)));
    }

    @ParameterizedTest(name = "tickets off on the {0}")
    @CsvSource({"client", "server"})
    void keelResumesWithKeelBySessionId(String ticketsOff) throws Exception {
        Peers peers = new Peers(TLS12, Peers.KEEL, Peers.KEEL);
        (ticketsOff.equals("client") ? peers.clientStore() : peers.serverStore()).setSessionTickets12(false);
        Peers.Connection first = peers.connect();
        ServerHello sh1 = serverHello(first.clientSeen, false);
        assertEquals(32, sh1.legacySessionIdEcho().length, "the server names the session");
        assertNull(sh1.extensions().find(ExtensionType.SESSION_TICKET));
        assertFalse(first.serverSeen.sent.contains("new_session_ticket"));
        assertArrayEquals(sh1.legacySessionIdEcho(), first.clientSession().getId());

        Peers.Connection second = peers.connect();
        ClientHello ch2 = clientHello(second.clientSeen, true);
        assertArrayEquals(sh1.legacySessionIdEcho(), ch2.legacySessionId(), "the cached session's id is offered");
        byte[] ticketExtension = ch2.extensions().find(ExtensionType.SESSION_TICKET);
        if (ticketsOff.equals("client")) {
            assertNull(ticketExtension);
        } else {
            assertArrayEquals(new byte[0], ticketExtension, "no ticket to present, but still asking for one");
        }
        assertEquals(List.of("server_hello", "finished"), second.serverSeen.sent);
        assertEquals(List.of("client_hello", "finished"), second.clientSeen.sent);
        assertTrue(resumed(second.clientSession()));
        assertTrue(resumed(second.serverSession()));
        assertArrayEquals(first.clientSession().getId(), second.clientSession().getId());
        assertArrayEquals(first.serverSession().getId(), second.serverSession().getId());
        assertSameSession(first, second);
        second.pump.transfer(5000, 5000);
        assertTrue(resumed(peers.connect().clientSession()), "a session id resumes again and again");
    }

    /** The resumed session reports the original's suite, certificates and creation time. */
    private static void assertSameSession(Peers.Connection first, Peers.Connection second) throws Exception {
        assertEquals(first.clientSession().getCipherSuite(), second.clientSession().getCipherSuite());
        assertEquals(TLS12, second.clientSession().getProtocol());
        assertArrayEquals(first.clientSession().getPeerCertificates(), second.clientSession().getPeerCertificates());
        assertEquals(first.clientSession().getCreationTime(), second.clientSession().getCreationTime());
        assertEquals(first.serverSession().getCreationTime(), second.serverSession().getCreationTime());
        assertArrayEquals(first.serverSession().getLocalCertificates(), second.serverSession().getLocalCertificates());
    }

    /**
     * A client that offers TLS 1.3 and 1.2 in one ClientHello offers its TLS 1.2 session there too:
     * its id replaces the random compatibility session id (RFC 8446 4.1.2, D.4).
     */
    @ParameterizedTest(name = "by {0}")
    @CsvSource({TICKET, SESSION_ID})
    void aClientHelloOfferingTls13AlsoResumesTls12(String mode) throws Exception {
        Peers peers = new Peers("TLS", TLS12, Peers.KEEL, Peers.KEEL);
        if (mode.equals(SESSION_ID)) {
            peers.serverStore().setSessionTickets12(false);
        }
        Peers.Connection first = peers.connect();
        assertEquals(TLS12, first.clientSession().getProtocol());
        Peers.Connection second = peers.connect();
        ClientHello ch = clientHello(second.clientSeen, true);
        assertTrue(ch.extensions().contains(ExtensionType.SUPPORTED_VERSIONS), "TLS 1.3 is offered too");
        assertTrue(ch.extensions().contains(ExtensionType.KEY_SHARE));
        if (mode.equals(SESSION_ID)) {
            assertArrayEquals(first.clientSession().getId(), ch.legacySessionId());
        }
        assertArrayEquals(ch.legacySessionId(), serverHello(second.clientSeen, false).legacySessionIdEcho());
        assertTrue(resumed(second.clientSession()));
        assertFalse(second.clientSeen.certificateExchanged());
        second.pump.transfer(1000, 1000);
    }

    // ---- Keel with SunJSSE ----

    @ParameterizedTest(name = "{0} client, {1} server, by {2}")
    @CsvSource({
        "Keel, SunJSSE, ticket", "Keel, SunJSSE, session id",
        "SunJSSE, Keel, ticket", "SunJSSE, Keel, session id"})
    void resumesWithSunJsse(String client, String server, String mode) throws Exception {
        Peers peers = peers(client, server, mode);
        boolean keelClient = client.equals(Peers.KEEL);
        Peers.Connection first = peers.connect();
        Peers.Seen keelFirst = keelClient ? first.clientSeen : first.serverSeen;
        assertTrue(keelFirst.certificateExchanged());
        assertEquals(mode.equals(TICKET), (keelClient ? keelFirst.received : keelFirst.sent)
                .contains("new_session_ticket"), keelFirst.toString());

        Peers.Connection second = peers.connect();
        Peers.Seen keel = keelClient ? second.clientSeen : second.serverSeen;
        assertFalse(keel.certificateExchanged(), "sent " + keel.sent + ", received " + keel.received);
        ClientHello ch = clientHello(keel, keelClient);
        ServerHello sh = serverHello(keel, !keelClient);
        assertTrue(ch.legacySessionId().length > 0);
        assertArrayEquals(ch.legacySessionId(), sh.legacySessionIdEcho());
        byte[] presented = ch.extensions().find(ExtensionType.SESSION_TICKET);
        assertEquals(mode.equals(TICKET), presented != null && presented.length > 0);
        List<String> serverFlight = keelClient ? keel.received : keel.sent;
        assertEquals(List.of("server_hello"), serverFlight.subList(0, 1));
        assertEquals("finished", serverFlight.get(serverFlight.size() - 1));
        assertFalse(serverFlight.contains("server_key_exchange"));
        assertFalse((keelClient ? keel.sent : keel.received).contains("client_key_exchange"));
        assertTrue(resumed(keelClient ? second.clientSession() : second.serverSession()));
        assertArrayEquals(first.clientSession().getPeerCertificates(), second.clientSession().getPeerCertificates());
        assertEquals(first.clientSession().getCipherSuite(), second.clientSession().getCipherSuite());
        assertEquals(1, second.pump.finishedCount(keelClient ? second.client : second.server));
        second.pump.transfer(5000, 5000);
    }

    // ---- no resumption ----

    @ParameterizedTest(name = "by {0}")
    @CsvSource({TICKET, SESSION_ID})
    void expiredSessionsMeanAFullHandshake(String mode) throws Exception {
        // The client's timeout: it offers nothing.
        Peers peers = peers(Peers.KEEL, Peers.KEEL, mode);
        peers.clientContext.getClientSessionContext().setSessionTimeout(60);
        peers.connect();
        peers.advanceSeconds(61);
        Peers.Connection second = peers.connect();
        assertFullHandshake(second);
        assertEquals(0, clientHello(second.clientSeen, true).legacySessionId().length);

        // The server's timeout: the client offers, the server refuses and the client falls back.
        Peers other = peers(Peers.KEEL, Peers.KEEL, mode);
        other.serverContext.getServerSessionContext().setSessionTimeout(60);
        other.connect();
        other.serverStore().setClock(() -> other.now.get() + 61_000);
        Peers.Connection late = other.connect();
        assertTrue(clientHello(late.clientSeen, true).legacySessionId().length > 0, "the client offered");
        assertFullHandshake(late);
        // The new full handshake's session replaced the refused one.
        assertTrue(resumed(other.connect().clientSession()));
    }

    @Test
    void invalidatedSessionsAreNotResumed() throws Exception {
        // The client invalidates: it offers nothing (tickets or ids).
        for (String mode : List.of(TICKET, SESSION_ID)) {
            Peers peers = peers(Peers.KEEL, Peers.KEEL, mode);
            peers.connect().clientSession().invalidate();
            Peers.Connection second = peers.connect();
            assertFullHandshake(second);
        }
        // The server invalidates a cached session id: the client's offer is refused.
        Peers peers = peers(Peers.SUN, Peers.KEEL, SESSION_ID);
        Peers.Connection first = peers.connect();
        first.serverSession().invalidate();
        Peers.Connection second = peers.connect();
        assertTrue(second.serverSeen.sent.contains("certificate"));
        assertFalse(resumed(second.serverSession()));
        peers = peers(Peers.KEEL, Peers.KEEL, SESSION_ID);
        peers.connect().serverSession().invalidate();
        Peers.Connection refused = peers.connect();
        assertTrue(clientHello(refused.clientSeen, true).legacySessionId().length > 0);
        assertFullHandshake(refused);
    }

    @ParameterizedTest(name = "by {0}")
    @CsvSource({TICKET, SESSION_ID})
    void differentServerNameMeansFullHandshake(String mode) throws Exception {
        Peers peers = peers(Peers.KEEL, Peers.KEEL, mode);
        peers.connect();
        Peers.Connection other = peers.new Connection(Peers.HOST, Peers.PORT);
        SSLParameters p = other.client.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName("other.example")));
        p.setEndpointIdentificationAlgorithm(null);
        other.client.setSSLParameters(p);
        other.run();
        assertFullHandshake(other);
    }

    @Test
    void ticketsUnderRotatedOutKeysAreRefused() throws Exception {
        Peers peers = new Peers(TLS12, Peers.KEEL, Peers.KEEL);
        peers.connect();
        peers.serverStore().ticketKeys().rotate();
        peers.serverStore().ticketKeys().rotate();
        Peers.Connection second = peers.connect();
        assertTrue(clientHello(second.clientSeen, true).extensions().find(ExtensionType.SESSION_TICKET).length > 0);
        assertFullHandshake(second);
        assertTrue(second.serverSeen.sent.contains("new_session_ticket"), "a full handshake issues a new ticket");
        assertTrue(resumed(peers.connect().clientSession()));
    }

    @Test
    void otherClientsSessionIdIsNotResumed() throws Exception {
        Peers peers = peers(Peers.SUN, Peers.KEEL, SESSION_ID);
        peers.connect();
        Peers other = peers(Peers.SUN, Peers.KEEL, SESSION_ID);
        Peers.Connection c = other.connect();
        assertFalse(resumed(c.serverSession()));
    }

    @Test
    void otherPeerPortDoesNotResume() throws Exception {
        Peers peers = new Peers(TLS12, Peers.KEEL, Peers.KEEL);
        peers.connect();
        Peers.Connection other = peers.connect(Peers.HOST, Peers.PORT + 1);
        assertEquals(0, clientHello(other.clientSeen, true).extensions().find(ExtensionType.SESSION_TICKET).length);
        assertFullHandshake(other);
    }

    /** Resumption off: no session id, no ticket asked for, never resumed. */
    @Test
    void resumptionOffOffersAndIssuesNothing() throws Exception {
        Peers peers = new Peers(TLS12, Peers.KEEL, Peers.KEEL);
        peers.clientStore().setEnabled(false);
        peers.connect();
        Peers.Connection second = peers.connect();
        ClientHello ch = clientHello(second.clientSeen, true);
        assertNull(ch.extensions().find(ExtensionType.SESSION_TICKET));
        assertEquals(0, ch.legacySessionId().length);
        assertFullHandshake(second);
    }

    /**
     * With client authentication the resumed session reports the client's certificates of the full
     * handshake (carried in the ticket, or kept in the session-id cache); none is sent again.
     */
    @ParameterizedTest(name = "by {0}")
    @CsvSource({TICKET, SESSION_ID})
    void clientCertificatesSurviveResumption(String mode) throws Exception {
        javax.net.ssl.SSLContext client = javax.net.ssl.SSLContext.getInstance(TLS12,
                new dev.keel.tls.jsse.KeelProvider());
        client.init(new javax.net.ssl.KeyManager[] {dev.keel.tls.testutil.TestPki.clientKeyManager("PKIX")},
                new javax.net.ssl.TrustManager[] {dev.keel.tls.testutil.TestPki.trustManager()}, null);
        Peers peers = new Peers(TLS12, client, dev.keel.tls.testutil.TestPki.context(TLS12, Peers.KEEL,
                dev.keel.tls.testutil.TestPki.KeyType.EC_P256));
        if (mode.equals(SESSION_ID)) {
            peers.serverStore().setSessionTickets12(false);
        }
        Peers.Connection first = peers.new Connection(Peers.HOST, Peers.PORT);
        first.server.setNeedClientAuth(true);
        first.run();
        assertTrue(first.serverSeen.received.contains("certificate_verify"));
        assertNotNull(first.serverSession().getPeerCertificates());

        Peers.Connection second = peers.new Connection(Peers.HOST, Peers.PORT);
        second.server.setNeedClientAuth(true);
        second.run();
        assertFalse(second.serverSeen.certificateExchanged(), second.serverSeen.toString());
        assertTrue(resumed(second.serverSession()));
        assertArrayEquals(first.serverSession().getPeerCertificates(), second.serverSession().getPeerCertificates());
        assertArrayEquals(first.clientSession().getLocalCertificates(), second.clientSession().getLocalCertificates());
    }

    /**
     * keel.tls.client.enableSessionTicketExtension / keel.tls.server.enableSessionTicketExtension
     * (read when a context is created) turn RFC 5077 tickets off; resumption goes by session id.
     */
    @ParameterizedTest(name = "{0}=false")
    @CsvSource({"keel.tls.client.enableSessionTicketExtension", "keel.tls.server.enableSessionTicketExtension"})
    void ticketPropertiesTurnTicketsOff(String property) throws Exception {
        Peers peers;
        System.setProperty(property, "false");
        try {
            peers = new Peers(TLS12, Peers.KEEL, Peers.KEEL);
        } finally {
            System.clearProperty(property);
        }
        Peers.Connection first = peers.connect();
        assertEquals(property.contains(".client."),
                !clientHello(first.clientSeen, true).extensions().contains(ExtensionType.SESSION_TICKET));
        assertFalse(first.serverSeen.sent.contains("new_session_ticket"));
        Peers.Connection second = peers.connect();
        assertArrayEquals(first.clientSession().getId(), clientHello(second.clientSeen, true).legacySessionId());
        assertEquals(List.of("server_hello", "finished"), second.serverSeen.sent);
        assertTrue(resumed(second.clientSession()));
    }

    @Test
    void sessionContextsListTls12Sessions() throws Exception {
        Peers peers = peers(Peers.KEEL, Peers.KEEL, SESSION_ID);
        Peers.Connection first = peers.connect();
        for (var ctx : List.of(peers.clientContext.getClientSessionContext(),
                peers.serverContext.getServerSessionContext())) {
            List<byte[]> ids = Collections.list(ctx.getIds());
            assertEquals(1, ids.size());
            assertArrayEquals(first.clientSession().getId(), ids.get(0));
            assertNotNull(ctx.getSession(ids.get(0)));
        }
    }

    private static void assertFullHandshake(Peers.Connection c) {
        assertTrue(c.serverSeen.sent.contains("certificate"), c.serverSeen.sent.toString());
        assertTrue(c.clientSeen.received.contains("certificate"), c.clientSeen.received.toString());
        assertFalse(resumed(c.clientSession()));
        assertFalse(resumed(c.serverSession()));
    }
}
