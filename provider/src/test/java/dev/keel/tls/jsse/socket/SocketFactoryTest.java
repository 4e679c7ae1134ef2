package dev.keel.tls.jsse.socket;

import static dev.keel.tls.jsse.socket.Loopback.ADDRESS;
import static dev.keel.tls.jsse.socket.Loopback.jdkServer;
import static dev.keel.tls.jsse.socket.Loopback.keelClientFactory;
import static dev.keel.tls.jsse.socket.Loopback.keelServerFactory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.jsse.KeelSSLServerSocket;
import dev.keel.tls.jsse.KeelSSLSocket;
import dev.keel.tls.jsse.KeelSSLSocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every factory method, and configuration that goes to (and comes back from) the engine. */
// Tests close sockets inside try-with-resources on purpose, and hold accepted sockets only to close them.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketFactoryTest {
    private static final SSLContext SERVER = SocketTestPki.context();
    private static final SSLContext CLIENT = SocketTestPki.context();

    @Test
    void cipherSuiteListsComeFromTheEngineSource() {
        KeelSSLSocketFactory factory = keelClientFactory(CLIENT);
        assertArrayEquals(CLIENT.getDefaultSSLParameters().getCipherSuites(), factory.getDefaultCipherSuites());
        assertEquals(Set.of(CLIENT.getSupportedSSLParameters().getCipherSuites()),
                Set.of(factory.getSupportedCipherSuites()));
        SSLServerSocketFactory serverFactory = keelServerFactory(SERVER);
        assertArrayEquals(SERVER.getDefaultSSLParameters().getCipherSuites(), serverFactory.getDefaultCipherSuites());
        assertEquals(Set.of(SERVER.getSupportedSSLParameters().getCipherSuites()),
                Set.of(serverFactory.getSupportedCipherSuites()));
    }

    @Test
    void everyClientFactoryMethodConnectsAndHandshakes() throws Exception {
        KeelSSLSocketFactory factory = keelClientFactory(CLIENT);
        try (SSLServerSocket server = jdkServer(SERVER);
                Peer<Integer> peer = Peer.start("jdk-server", () -> serveOneByteEach(server, 4))) {
            int port = server.getLocalPort();
            List<Socket> sockets = List.of(
                    factory.createSocket("127.0.0.1", port),
                    factory.createSocket("127.0.0.1", port, ADDRESS, 0),
                    factory.createSocket(ADDRESS, port),
                    factory.createSocket(ADDRESS, port, ADDRESS, 0));
            try {
                for (Socket socket : sockets) {
                    assertInstanceOf(KeelSSLSocket.class, socket);
                    assertTrue(socket.isConnected());
                    assertEquals(ADDRESS, socket.getLocalAddress());
                    assertEquals(port, socket.getPort());
                    assertEquals(new InetSocketAddress(ADDRESS, port), socket.getRemoteSocketAddress());
                    assertTrue(((SSLSocket) socket).getUseClientMode());
                    assertEquals(9, socket.getInputStream().read());
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            assertEquals(4, peer.join());
        }
    }

    @Test
    void everyServerFactoryMethodMakesAKeelServerSocket() throws Exception {
        SSLServerSocketFactory factory = keelServerFactory(SERVER);
        try (ServerSocket unbound = factory.createServerSocket();
                ServerSocket onPort = factory.createServerSocket(0);
                ServerSocket withBacklog = factory.createServerSocket(0, 10);
                ServerSocket onAddress = factory.createServerSocket(0, 10, ADDRESS)) {
            assertFalse(unbound.isBound());
            unbound.bind(new InetSocketAddress(ADDRESS, 0));
            for (ServerSocket server : List.of(unbound, onPort, withBacklog, onAddress)) {
                assertInstanceOf(KeelSSLServerSocket.class, server);
                assertTrue(server.isBound());
            }
            assertEquals(ADDRESS, onAddress.getInetAddress());
            try (Peer<Integer> peer = Peer.start("keel-server", () -> serveOneByteEach((SSLServerSocket) unbound, 1));
                    SSLSocket client = Loopback.jdkClient(CLIENT, unbound.getLocalPort())) {
                assertEquals(9, client.getInputStream().read());
                assertEquals(1, peer.join());
            }
        }
    }

    /**
     * Settings made on an unconnected socket survive connect(), where the socket swaps its engine for
     * one that knows the peer.
     */
    @Test
    void configurationBeforeConnectIsKept() throws Exception {
        try (SSLServerSocket server = jdkServer(SERVER)) {
            SSLParameters serverParameters = server.getSSLParameters();
            serverParameters.setApplicationProtocols(new String[] {"x-keel"});
            server.setSSLParameters(serverParameters);
            try (Peer<Integer> peer = Peer.start("jdk-server", () -> serveOneByteEach(server, 1));
                    SSLSocket client = (SSLSocket) keelClientFactory(CLIENT).createSocket()) {
                client.setEnabledProtocols(new String[] {"TLSv1.2"});
                SSLParameters parameters = client.getSSLParameters();
                parameters.setApplicationProtocols(new String[] {"x-keel"});
                client.setSSLParameters(parameters);
                client.connect(new InetSocketAddress(ADDRESS, server.getLocalPort()));
                assertArrayEquals(new String[] {"TLSv1.2"}, client.getEnabledProtocols());

                assertEquals(9, client.getInputStream().read());
                assertEquals("TLSv1.2", client.getSession().getProtocol());
                assertEquals("x-keel", client.getApplicationProtocol());
                peer.join();
            }
        }
    }

    @Test
    void configurationIsTheEngines() throws Exception {
        try (SSLSocket socket = (SSLSocket) keelClientFactory(CLIENT).createSocket()) {
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            assertArrayEquals(new String[] {"TLSv1.3"}, socket.getEnabledProtocols());
            socket.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
            assertArrayEquals(new String[] {"TLS_AES_128_GCM_SHA256"}, socket.getEnabledCipherSuites());
            assertThrows(IllegalArgumentException.class,
                    () -> socket.setEnabledCipherSuites(new String[] {"TLS_NOT_A_SUITE"}));
            assertTrue(List.of(socket.getSupportedProtocols()).contains("TLSv1.2"));

            socket.setUseClientMode(false);
            assertFalse(socket.getUseClientMode());
            socket.setWantClientAuth(true);
            assertTrue(socket.getWantClientAuth());
            socket.setNeedClientAuth(true);
            assertTrue(socket.getNeedClientAuth());
            assertFalse(socket.getWantClientAuth(), "need replaces want");
            socket.setEnableSessionCreation(false);
            assertFalse(socket.getEnableSessionCreation());

            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("LDAPS");
            socket.setSSLParameters(parameters);
            assertEquals("LDAPS", socket.getSSLParameters().getEndpointIdentificationAlgorithm());
        }
    }

    @Test
    void serverSocketConfigurationIsValidatedLikeAnEngine() throws Exception {
        try (SSLServerSocket server = Loopback.keelServer(SERVER)) {
            assertThrows(IllegalArgumentException.class,
                    () -> server.setEnabledCipherSuites(new String[] {"TLS_NOT_A_SUITE"}));
            server.setWantClientAuth(true);
            assertTrue(server.getWantClientAuth());
            assertTrue(server.getSSLParameters().getWantClientAuth());
            server.setUseClientMode(true);
            assertTrue(server.getUseClientMode());
            assertTrue(List.of(server.getSupportedProtocols()).contains("TLSv1.3"));
            assertTrue(server.getSupportedCipherSuites().length >= server.getEnabledCipherSuites().length);
        }
    }

    @Test
    void unconnectedSocketRefusesIo() throws Exception {
        try (SSLSocket socket = (SSLSocket) keelClientFactory(CLIENT).createSocket()) {
            assertFalse(socket.isConnected());
            assertThrows(SocketException.class, socket::getInputStream);
            assertThrows(SocketException.class, socket::startHandshake);
            assertFalse(socket.getSession().isValid());
        }
    }

    @Test
    void plainSocketFeaturesThatWouldBypassTlsAreRefused() throws Exception {
        try (ServerSocket listener = Loopback.plainServer();
                Socket plain = new Socket(ADDRESS, listener.getLocalPort());
                Socket accepted = listener.accept();
                SSLSocket layered = (SSLSocket) keelClientFactory(CLIENT).createSocket(plain, "localhost",
                        listener.getLocalPort(), true)) {
            assertNull(layered.getChannel());
            assertThrows(SocketException.class, () -> layered.sendUrgentData(1));
            assertThrows(SocketException.class, () -> layered.setOOBInline(true));
            assertThrows(SocketException.class,
                    () -> layered.connect(new InetSocketAddress(ADDRESS, listener.getLocalPort())));
            layered.setTcpNoDelay(true);
            assertTrue(plain.getTcpNoDelay(), "socket options are the transport's");
            layered.setSoTimeout(1234);
            assertEquals(1234, plain.getSoTimeout());
        }
    }

    /** Accepts {@code count} connections, writes the byte 9 on each and closes it. */
    private static int serveOneByteEach(SSLServerSocket server, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.getOutputStream().write(9);
            }
        }
        return count;
    }
}
