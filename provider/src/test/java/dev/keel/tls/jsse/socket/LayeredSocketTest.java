package dev.keel.tls.jsse.socket;

import static dev.keel.tls.jsse.socket.Loopback.ADDRESS;
import static dev.keel.tls.jsse.socket.Loopback.jdkClient;
import static dev.keel.tls.jsse.socket.Loopback.jdkServer;
import static dev.keel.tls.jsse.socket.Loopback.keelClientFactory;
import static dev.keel.tls.jsse.socket.Loopback.plainServer;
import static dev.keel.tls.jsse.socket.Loopback.readFully;
import static dev.keel.tls.jsse.socket.Loopback.readToEnd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.jsse.KeelSSLSocket;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS layered over a caller's TCP socket: proxy tunnels, STARTTLS, servers that sniff the first bytes. */
// Tests close sockets inside try-with-resources on purpose, and hold accepted sockets only to close them.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LayeredSocketTest {
    private static final SSLContext SERVER = SocketTestPki.context();
    private static final SSLContext CLIENT = SocketTestPki.context();
    private static final byte[] HELLO = "hello through the tunnel".getBytes(StandardCharsets.US_ASCII);

    @Test
    void clientLayeredOverPlainSocketWithoutAutoCloseLeavesItOpen() throws Exception {
        try (SSLServerSocket server = jdkServer(SERVER);
                Peer<byte[]> jdk = Peer.start("jdk-server", () -> readAll(server));
                Socket plain = new Socket(ADDRESS, server.getLocalPort())) {
            SSLSocket tls = (SSLSocket) keelClientFactory(CLIENT).createSocket(plain, "localhost",
                    server.getLocalPort(), false);
            assertInstanceOf(KeelSSLSocket.class, tls);
            assertEquals(plain.getLocalPort(), tls.getLocalPort());
            assertEquals(server.getLocalPort(), tls.getPort());
            tls.getOutputStream().write(HELLO);
            tls.close();

            assertArrayEquals(HELLO, jdk.join(), "the JDK server read up to our close_notify");
            assertTrue(tls.isClosed());
            assertFalse(plain.isClosed(), "autoClose=false leaves the underlying socket open");
            plain.getOutputStream().write('x'); // and usable
        }
    }

    @Test
    void clientLayeredWithAutoCloseClosesTheUnderlyingSocket() throws Exception {
        try (SSLServerSocket server = jdkServer(SERVER);
                Peer<byte[]> jdk = Peer.start("jdk-server", () -> readAll(server));
                Socket plain = new Socket(ADDRESS, server.getLocalPort())) {
            SSLSocket tls = (SSLSocket) keelClientFactory(CLIENT).createSocket(plain, "localhost",
                    server.getLocalPort(), true);
            tls.getOutputStream().write(HELLO);
            tls.close();
            assertArrayEquals(HELLO, jdk.join());
            assertTrue(plain.isClosed());
        }
    }

    /** The host given to the layered factory method is the one endpoint identification checks. */
    @Test
    void layeredHostNameIsVerified() throws Exception {
        try (SSLServerSocket server = jdkServer(SERVER);
                Peer<byte[]> jdk = Peer.start("jdk-server", () -> readAll(server));
                Socket plain = new Socket(ADDRESS, server.getLocalPort())) {
            SSLSocket tls = (SSLSocket) keelClientFactory(CLIENT).createSocket(plain, "not-in-the-certificate.example",
                    server.getLocalPort(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            assertThrows(SSLHandshakeException.class, tls::startHandshake);
            assertTrue(tls.isClosed());
            assertTrue(plain.isClosed(), "a fatal error closes an autoClose transport");
            assertThrows(SSLHandshakeException.class, jdk::join, "the JDK server got our alert");
        }
    }

    @Test
    void layeringOverAnUnconnectedSocketIsRefused() throws Exception {
        try (Socket plain = new Socket()) {
            assertThrows(SocketException.class,
                    () -> keelClientFactory(CLIENT).createSocket(plain, "localhost", 443, true));
        }
    }

    /**
     * A server that peeked at the start of the ClientHello (the record header and a few bytes more)
     * hands those bytes to the layered socket, which must see them before the rest of the stream.
     */
    @Test
    void serverLayeredOverSocketWithPartlyConsumedClientHello() throws Exception {
        try (ServerSocket listener = plainServer();
                Peer<byte[]> keel = Peer.start("keel-server", () -> {
                    try (Socket accepted = listener.accept()) {
                        byte[] peeked = readFully(accepted.getInputStream(), 9);
                        assertEquals(22, peeked[0], "a TLS handshake record");
                        SSLSocket tls = (SSLSocket) keelClientFactory(SERVER)
                                .createSocket(accepted, new ByteArrayInputStream(peeked), true);
                        assertFalse(tls.getUseClientMode());
                        byte[] request = readFully(tls.getInputStream(), HELLO.length);
                        tls.getOutputStream().write(request);
                        tls.close();
                        assertTrue(accepted.isClosed());
                        return request;
                    }
                });
                SSLSocket client = jdkClient(CLIENT, listener.getLocalPort())) {
            client.getOutputStream().write(HELLO);
            InputStream in = client.getInputStream();
            assertArrayEquals(HELLO, readFully(in, HELLO.length));
            assertEquals(-1, in.read());
            assertArrayEquals(HELLO, keel.join());
            assertEquals("TLSv1.3", client.getSession().getProtocol());
        }
    }

    /** With nothing consumed (null), the layered server socket reads everything from the transport. */
    @Test
    void serverLayeredOverSocketWithNothingConsumed() throws Exception {
        try (ServerSocket listener = plainServer();
                Peer<byte[]> keel = Peer.start("keel-server", () -> {
                    try (Socket accepted = listener.accept();
                            SSLSocket tls = (SSLSocket) keelClientFactory(SERVER).createSocket(accepted, null, false)) {
                        return readToEnd(tls.getInputStream());
                    }
                });
                SSLSocket client = jdkClient(CLIENT, listener.getLocalPort())) {
            client.getOutputStream().write(HELLO);
            client.close();
            assertArrayEquals(HELLO, keel.join());
        }
    }

    private static byte[] readAll(SSLServerSocket server) throws Exception {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            return readToEnd(socket.getInputStream());
        }
    }
}
