package dev.keel.tls.jsse.socket;

import static dev.keel.tls.jsse.socket.Loopback.jdkClient;
import static dev.keel.tls.jsse.socket.Loopback.jdkServer;
import static dev.keel.tls.jsse.socket.Loopback.keelClient;
import static dev.keel.tls.jsse.socket.Loopback.keelClientFactory;
import static dev.keel.tls.jsse.socket.Loopback.keelServer;
import static dev.keel.tls.jsse.socket.Loopback.randomBytes;
import static dev.keel.tls.jsse.socket.Loopback.readFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.keel.tls.jsse.KeelSSLSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keel's sockets against SunJSSE's own {@code SSLSocket}/{@code SSLServerSocket} on the other end: the
 * independent implementation decides whether what Keel's socket layer puts on the wire is right.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JdkInteropTest {
    private static final SSLContext SERVER = SocketTestPki.context();
    private static final SSLContext CLIENT = SocketTestPki.context();
    private static final int SIZE = 256 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void keelClientTalksToJdkServer(String protocol) throws Exception {
        try (SSLServerSocket server = jdkServer(SERVER)) {
            server.setEnabledProtocols(new String[] {protocol});
            server.setNeedClientAuth(true);
            try (Peer<SSLSession> jdk = Peer.start("jdk-server", () -> EchoTest.echoUntilEnd(server));
                    SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
                assertInstanceOf(KeelSSLSocket.class, client);
                exchange(client);
                SSLSession jdkSession = jdk.join();
                assertNegotiatedAlike(protocol, client.getSession(), jdkSession);
                assertNotNull(jdkSession.getPeerCertificates(), "client certificate reached the JDK server");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void jdkClientTalksToKeelServer(String protocol) throws Exception {
        try (SSLServerSocket server = keelServer(SERVER)) {
            server.setEnabledProtocols(new String[] {protocol});
            server.setNeedClientAuth(true);
            try (Peer<SSLSession> keel = Peer.start("keel-server", () -> EchoTest.echoUntilEnd(server));
                    SSLSocket client = jdkClient(CLIENT, server.getLocalPort())) {
                assertFalse(client instanceof KeelSSLSocket);
                exchange(client);
                SSLSession keelSession = keel.join();
                assertNegotiatedAlike(protocol, client.getSession(), keelSession);
                assertNotNull(keelSession.getPeerCertificates(), "client certificate reached the Keel server");
            }
        }
    }

    /**
     * An unconnected socket (how {@code HttpsURLConnection} makes them) learns its peer's name on
     * connect: the JDK server sees it as SNI, and HTTPS endpoint identification checks it.
     */
    @Test
    void unconnectedSocketSendsTheConnectNameAsSni() throws Exception {
        try (SSLServerSocket server = jdkServer(SERVER)) {
            try (Peer<List<?>> jdk = Peer.start("jdk-server", () -> {
                        try (SSLSocket s = (SSLSocket) server.accept()) {
                            s.startHandshake();
                            List<?> names = ((ExtendedSSLSession) s.getSession()).getRequestedServerNames();
                            s.getOutputStream().write(1);
                            return names;
                        }
                    });
                    SSLSocket client = (SSLSocket) keelClientFactory(CLIENT).createSocket()) {
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.connect(new InetSocketAddress(SocketTestPki.testHostAddress(), server.getLocalPort()), 10_000);
                assertEquals(1, client.getInputStream().read());
                assertEquals(List.of(new SNIHostName(SocketTestPki.TEST_HOST)), jdk.join());
                assertEquals("HTTPS", client.getSSLParameters().getEndpointIdentificationAlgorithm());
            }
        }
    }

    /** Writes SIZE bytes, reads them back from the echoing peer, then closes. */
    private static void exchange(SSLSocket client) throws Exception {
        byte[] data = randomBytes(SIZE, 7);
        try (Peer<Void> writer = Peer.start("writer", () -> {
            OutputStream out = client.getOutputStream();
            out.write(data);
            out.flush();
            return null;
        })) {
            InputStream in = client.getInputStream();
            assertArrayEquals(data, readFully(in, data.length));
            writer.join();
        }
        client.close();
    }

    private static void assertNegotiatedAlike(String protocol, SSLSession client, SSLSession server)
            throws Exception {
        assertEquals(protocol, client.getProtocol());
        assertEquals(protocol, server.getProtocol());
        assertEquals(server.getCipherSuite(), client.getCipherSuite());
        assertEquals(SocketTestPki.TRUSTED.certificate, client.getPeerCertificates()[0]);
    }
}
