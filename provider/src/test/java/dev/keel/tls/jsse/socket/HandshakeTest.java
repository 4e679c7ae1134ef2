package dev.keel.tls.jsse.socket;

import static dev.keel.tls.jsse.socket.Loopback.jdkClient;
import static dev.keel.tls.jsse.socket.Loopback.keelClient;
import static dev.keel.tls.jsse.socket.Loopback.keelServer;
import static dev.keel.tls.jsse.socket.Loopback.readFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handshake as the socket API exposes it: when it runs, who hears of it, what it negotiated. */
// Tests close sockets inside try-with-resources on purpose, and hold accepted sockets only to close them.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HandshakeTest {
    private static final SSLContext SERVER = SocketTestPki.context();
    private static final SSLContext CLIENT = SocketTestPki.context();
    /** Presents the trusted identity but trusts only a stranger: rejects every server here. */
    private static final SSLContext DISTRUSTFUL_CLIENT = SocketTestPki.context(SocketTestPki.TRUSTED,
            SocketTestPki.STRANGER);
    /** Presents an identity nobody trusts. */
    private static final SSLContext STRANGER_CLIENT = SocketTestPki.context(SocketTestPki.STRANGER,
            SocketTestPki.TRUSTED);

    @Test
    void listenerIsCalledOnceOnAnotherThreadWithTheNewSession() throws Exception {
        BlockingQueue<HandshakeCompletedEvent> events = new LinkedBlockingQueue<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<Void> peer = Peer.start("server", () -> echoOnce(server));
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            client.addHandshakeCompletedListener(event -> {
                threads.add(Thread.currentThread());
                events.add(event);
            });
            client.startHandshake();
            HandshakeCompletedEvent event = events.poll(Peer.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(event, "listener called");

            // Traffic after the handshake (TLS 1.3 NewSessionTicket included) is no new handshake.
            client.getOutputStream().write(42);
            assertEquals(42, client.getInputStream().read());
            client.close();
            peer.join();

            assertSame(client, event.getSocket());
            SSLSession session = client.getSession();
            assertArrayEquals(session.getId(), event.getSession().getId());
            assertEquals(session.getCipherSuite(), event.getCipherSuite());
            assertEquals(SocketTestPki.TRUSTED.certificate, event.getPeerCertificates()[0]);
            assertNotSame(Thread.currentThread(), threads.get(0), "notified on its own thread, as SunJSSE does");
            assertTrue(events.isEmpty(), "called once");
        }
    }

    @Test
    void removedListenerIsNotCalledAndUnknownListenerIsRejected() throws Exception {
        try (SSLSocket unconnected = (SSLSocket) Loopback.keelClientFactory(CLIENT).createSocket()) {
            HandshakeCompletedListener listener = event -> { };
            unconnected.addHandshakeCompletedListener(listener);
            unconnected.removeHandshakeCompletedListener(listener);
            assertThrows(IllegalArgumentException.class, () -> unconnected.removeHandshakeCompletedListener(listener));
        }
    }

    @Test
    void getSessionPerformsTheHandshake() throws Exception {
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<SSLSession> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        return s.getSession();
                    }
                });
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            assertNull(client.getHandshakeSession(), "no handshake yet");
            SSLSession session = client.getSession();
            assertTrue(session.isValid());
            assertEquals("TLSv1.3", session.getProtocol());
            SSLSession serverSession = peer.join();
            assertTrue(serverSession.isValid());
            assertEquals(serverSession.getCipherSuite(), session.getCipherSuite());
        }
    }

    /** Our client rejects the server: the client fails, and the JDK server hears our alert. */
    @Test
    void clientRejectingTheServerSendsAnAlertAndGetsAnInvalidSession() throws Exception {
        try (SSLServerSocket server = Loopback.jdkServer(SERVER);
                Peer<Integer> peer = Peer.start("jdk-server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        return s.getInputStream().read();
                    }
                });
                SSLSocket client = keelClient(DISTRUSTFUL_CLIENT, server.getLocalPort())) {
            assertThrows(SSLHandshakeException.class, client::startHandshake);
            assertTrue(client.isClosed(), "a failed handshake closes the socket");

            SSLSession session = client.getSession();
            assertFalse(session.isValid());
            assertEquals("SSL_NULL_WITH_NULL_NULL", session.getCipherSuite());

            SSLHandshakeException atServer = assertInstanceOf(SSLHandshakeException.class, peer.failure());
            assertTrue(atServer.getMessage().contains("Received fatal alert"), atServer.getMessage());
        }
    }

    /** Our server rejects the client's certificate: the JDK client hears our alert. */
    @Test
    void serverRejectingTheClientSendsAnAlert() throws Exception {
        try (SSLServerSocket server = keelServer(SERVER)) {
            server.setNeedClientAuth(true);
            try (Peer<Integer> peer = Peer.start("keel-server", () -> {
                        try (SSLSocket s = (SSLSocket) server.accept()) {
                            return s.getInputStream().read();
                        }
                    });
                    SSLSocket client = jdkClient(STRANGER_CLIENT, server.getLocalPort())) {
                // In TLS 1.3 the client finishes first; it learns of the rejection on its next read.
                Exception atClient = assertThrows(Exception.class, () -> {
                    client.startHandshake();
                    client.getInputStream().read();
                });
                assertInstanceOf(javax.net.ssl.SSLException.class, atClient);
                assertTrue(atClient.getMessage().contains("Received fatal alert"), atClient.getMessage());
                assertInstanceOf(SSLHandshakeException.class, peer.failure());
            }
        }
    }

    /**
     * ALPN through the socket-level selector: it is called with the accepted socket, during the
     * handshake (the handshake session exists), and its choice is what both ends report.
     */
    @Test
    void applicationProtocolSelectorSeesTheSocketAndDecides() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<String> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        assertNull(s.getHandshakeApplicationProtocol());
                        s.setHandshakeApplicationProtocolSelector((socket, offered) -> {
                            seen.add(socket == s);
                            seen.add(offered);
                            seen.add(socket.getHandshakeSession() != null);
                            seen.add(socket.getHandshakeApplicationProtocol() == null);
                            return "http/1.1";
                        });
                        assertNotNull(s.getHandshakeApplicationProtocolSelector());
                        s.startHandshake();
                        return s.getApplicationProtocol();
                    }
                });
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            SSLParameters parameters = client.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            client.setSSLParameters(parameters);
            assertNull(client.getApplicationProtocol(), "null before the handshake");
            client.startHandshake();

            assertEquals("http/1.1", client.getApplicationProtocol());
            assertEquals("http/1.1", peer.join());
            assertEquals(List.of(true, List.of("h2", "http/1.1"), true, true), seen);
        }
    }

    /** Accepted sockets inherit the server socket's protocols, suites, client auth and parameters. */
    @Test
    void acceptedSocketInheritsTheServerSocketConfiguration() throws Exception {
        String suite = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        try (SSLServerSocket server = keelServer(SERVER)) {
            server.setEnabledProtocols(new String[] {"TLSv1.2"});
            server.setEnabledCipherSuites(new String[] {suite});
            server.setNeedClientAuth(true);
            SSLParameters parameters = server.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"imap"});
            server.setSSLParameters(parameters);
            server.setEnableSessionCreation(true);
            assertTrue(server.getNeedClientAuth());
            assertFalse(server.getUseClientMode());

            try (Peer<SSLSocket> peer = Peer.start("server", () -> {
                        SSLSocket s = (SSLSocket) server.accept();
                        s.getOutputStream().write(7);
                        return s;
                    });
                    SSLSocket client = jdkClient(CLIENT, server.getLocalPort())) {
                SSLParameters clientParameters = client.getSSLParameters();
                clientParameters.setApplicationProtocols(new String[] {"imap"});
                client.setSSLParameters(clientParameters);
                assertEquals(7, client.getInputStream().read());
                try (SSLSocket accepted = peer.join()) {
                    assertArrayEquals(new String[] {"TLSv1.2"}, accepted.getEnabledProtocols());
                    assertArrayEquals(new String[] {suite}, accepted.getEnabledCipherSuites());
                    assertTrue(accepted.getNeedClientAuth());
                    assertFalse(accepted.getUseClientMode());
                    assertEquals("imap", accepted.getApplicationProtocol());
                    assertEquals("TLSv1.2", client.getSession().getProtocol());
                    assertEquals(suite, client.getSession().getCipherSuite());
                    assertEquals(SocketTestPki.TRUSTED.certificate, accepted.getSession().getPeerCertificates()[0]);
                }
            }
        }
    }

    /** startHandshake() on an established TLS 1.3 connection sends a KeyUpdate: data still flows, no new handshake. */
    @Test
    void secondStartHandshakeInTls13UpdatesKeys() throws Exception {
        BlockingQueue<HandshakeCompletedEvent> events = new LinkedBlockingQueue<>();
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<Void> peer = Peer.start("server", () -> echoOnce(server));
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            client.addHandshakeCompletedListener(events::add);
            client.startHandshake();
            client.startHandshake();
            byte[] data = Loopback.randomBytes(100_000, 3);
            roundTrip(client, data);
            client.close();
            peer.join();
            assertNotNull(events.poll(Peer.TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertTrue(events.isEmpty(), "a key update is not a handshake");
        }
    }

    /**
     * TLS 1.2 renegotiation started by our client while the server's reader is blocked in read: over
     * SunJSSE's engines the server's reader answers it and both ends report a second completed
     * handshake; Keel's engines do not renegotiate, so nothing happens. Data flows in both cases.
     */
    @Test
    void tls12RenegotiationWhileThePeerIsReading() throws Exception {
        BlockingQueue<HandshakeCompletedEvent> clientEvents = new LinkedBlockingQueue<>();
        BlockingQueue<HandshakeCompletedEvent> serverEvents = new LinkedBlockingQueue<>();
        try (SSLServerSocket server = keelServer(SERVER)) {
            server.setEnabledProtocols(new String[] {"TLSv1.2"});
            try (Peer<Void> peer = Peer.start("server", () -> {
                        try (SSLSocket s = (SSLSocket) server.accept()) {
                            s.addHandshakeCompletedListener(serverEvents::add);
                            echo(s);
                        }
                        return null;
                    });
                    SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
                client.addHandshakeCompletedListener(clientEvents::add);
                roundTrip(client, new byte[] {1, 2, 3});
                client.startHandshake(); // renegotiate
                roundTrip(client, Loopback.randomBytes(50_000, 4));
                client.close();
                peer.join();

                for (BlockingQueue<HandshakeCompletedEvent> events : Arrays.asList(clientEvents, serverEvents)) {
                    assertNotNull(events.poll(Peer.TIMEOUT_SECONDS, TimeUnit.SECONDS), "first handshake");
                    if (SocketTestPki.ENGINES.equals("SunJSSE")) {
                        assertNotNull(events.poll(Peer.TIMEOUT_SECONDS, TimeUnit.SECONDS), "renegotiation");
                    } else {
                        // Keel never renegotiates (RFC 5746 is only used to refuse it): startHandshake
                        // on an established connection is a no-op, and data goes on flowing.
                        assertTrue(events.isEmpty(), "no second handshake with Keel's engines");
                    }
                }
            }
        }
    }

    private static void roundTrip(SSLSocket client, byte[] data) throws Exception {
        OutputStream out = client.getOutputStream();
        InputStream in = client.getInputStream();
        try (Peer<Void> writer = Peer.start("writer", () -> {
            out.write(data);
            return null;
        })) {
            assertArrayEquals(data, readFully(in, data.length));
            writer.join();
        }
    }

    private static Void echoOnce(SSLServerSocket server) throws Exception {
        try (SSLSocket s = (SSLSocket) server.accept()) {
            echo(s);
        }
        return null;
    }

    private static void echo(SSLSocket s) throws Exception {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }
}
