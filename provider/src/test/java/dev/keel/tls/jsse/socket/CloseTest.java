package dev.keel.tls.jsse.socket;

import static dev.keel.tls.jsse.socket.Loopback.jdkServer;
import static dev.keel.tls.jsse.socket.Loopback.keelClient;
import static dev.keel.tls.jsse.socket.Loopback.keelClientFactory;
import static dev.keel.tls.jsse.socket.Loopback.keelServer;
import static dev.keel.tls.jsse.socket.Loopback.plainServer;
import static dev.keel.tls.jsse.socket.Loopback.readFully;
import static dev.keel.tls.jsse.socket.Loopback.readToEnd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How connections end: close_notify both ways, half-close, and peers that just drop the connection. */
// Tests close sockets inside try-with-resources on purpose, and hold accepted sockets only to close them.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseTest {
    private static final SSLContext SERVER = SocketTestPki.context();
    private static final SSLContext CLIENT = SocketTestPki.context();
    private static final byte[] REQUEST = "request, then close_notify".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "response after the half-close".getBytes(StandardCharsets.US_ASCII);

    /**
     * TLS 1.3 half-close (RFC 8446 section 6.1): after our close_notify the peer still sends, and we
     * still read, until its own close_notify. Against a Keel server and a SunJSSE server.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shutdownOutputSendsCloseNotifyAndKeepsReading(boolean keelServer) throws Exception {
        try (SSLServerSocket server = keelServer ? keelServer(SERVER) : jdkServer(SERVER);
                Peer<byte[]> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        byte[] request = readToEnd(s.getInputStream());
                        s.getOutputStream().write(RESPONSE);
                        return request;
                    }
                });
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            client.getOutputStream().write(REQUEST);
            client.shutdownOutput();
            assertTrue(client.isOutputShutdown());
            assertThrows(SocketException.class, () -> client.getOutputStream().write(1));

            assertArrayEquals(REQUEST, peer.join(), "the server read our data, then -1 on our close_notify");
            assertArrayEquals(RESPONSE, readToEnd(client.getInputStream()));
            assertEquals("TLSv1.3", client.getSession().getProtocol());
        }
    }

    @Test
    void peerCloseNotifyReadsAsEndOfStream() throws Exception {
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<Void> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.getOutputStream().write(RESPONSE);
                    }
                    return null;
                });
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            InputStream in = client.getInputStream();
            assertArrayEquals(RESPONSE, readFully(in, RESPONSE.length));
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[8]), "and stays at end of stream");
            assertEquals(0, in.available());
            peer.join();
            client.shutdownInput(); // close_notify was received: no truncation to report
            assertTrue(client.isInputShutdown());
        }
    }

    /** A TCP FIN without close_notify may be an attacker cutting the data short (RFC 8446 section 6.1). */
    @Test
    void peerClosingTcpWithoutCloseNotifyIsTruncation() throws Exception {
        try (ServerSocket listener = plainServer();
                Peer<Void> peer = Peer.start("server", () -> {
                    try (Socket plain = listener.accept()) {
                        SSLSocket tls = (SSLSocket) keelClientFactory(SERVER).createSocket(plain, null, false);
                        tls.getOutputStream().write(RESPONSE);
                    } // closes the TCP connection under the TLS socket: no close_notify
                    return null;
                });
                SSLSocket client = keelClient(CLIENT, listener.getLocalPort())) {
            InputStream in = client.getInputStream();
            assertArrayEquals(RESPONSE, readFully(in, RESPONSE.length));
            SSLException e = assertThrows(SSLException.class, () -> in.read());
            assertFalse(e instanceof SSLHandshakeException);
            assertTrue(client.isClosed(), "a truncated connection is failed and closed");
            assertThrows(IOException.class, () -> in.read(), "and stays failed");
            peer.join();
        }
    }

    /**
     * A peer that ends its TCP output without close_notify and keeps reading (a "half-close" below
     * TLS) gets no alert: the truncation is reported to Keel's application as an SSLException, and
     * the connection just closes. No alert fits (RFC 8446 section 6.2: internal_error would claim a
     * fault of Keel's own), and the peer's data ended by its own doing. Seen from a SunJSSE client,
     * which reports a received alert as an SSLException and a bare end of stream as -1.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void peerEndingTcpOutputWithoutCloseNotifyGetsNoAlert(String version) throws Exception {
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<byte[]> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        InputStream in = s.getInputStream();
                        byte[] request = readFully(in, REQUEST.length);
                        SSLException e = assertThrows(SSLException.class, () -> in.read());
                        assertTrue(e.getMessage().contains("without close_notify"), e.getMessage());
                        return request;
                    }
                });
                Socket plain = new Socket(Loopback.ADDRESS, server.getLocalPort());
                SSLSocket client = (SSLSocket) SocketTestPki.jdkTwin(CLIENT).getSocketFactory()
                        .createSocket(plain, Loopback.ADDRESS.getHostAddress(), server.getLocalPort(), true)) {
            client.setEnabledProtocols(new String[] {version});
            client.startHandshake();
            client.getOutputStream().write(REQUEST);
            client.getOutputStream().flush();
            plain.shutdownOutput(); // TCP FIN under the TLS socket: no close_notify

            assertArrayEquals(REQUEST, peer.join(), "the server read the data, then reported truncation");
            assertEquals(-1, client.getInputStream().read(), "end of stream, no alert from the Keel server");
        }
    }

    @Test
    void peerResettingTcpIsAnSslException() throws Exception {
        try (ServerSocket listener = plainServer();
                Peer<Void> peer = Peer.start("server", () -> {
                    try (Socket plain = listener.accept()) {
                        SSLSocket tls = (SSLSocket) keelClientFactory(SERVER).createSocket(plain, null, false);
                        tls.startHandshake();
                        plain.setSoLinger(true, 0); // close sends RST
                    }
                    return null;
                });
                SSLSocket client = keelClient(CLIENT, listener.getLocalPort())) {
            client.startHandshake();
            peer.join();
            assertThrows(SSLException.class, () -> client.getInputStream().read());
            assertTrue(client.isClosed());
        }
    }

    @Test
    void peerDroppingTcpDuringHandshakeIsAHandshakeFailure() throws Exception {
        try (ServerSocket listener = plainServer();
                Peer<Void> peer = Peer.start("server", () -> {
                    try (Socket plain = listener.accept()) {
                        readFully(plain.getInputStream(), 5); // the ClientHello's record header, then goodbye
                    }
                    return null;
                });
                SSLSocket client = keelClient(CLIENT, listener.getLocalPort())) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, client::startHandshake);
            assertTrue(e.getMessage().contains("terminated the handshake"), e.getMessage());
            peer.join();
        }
    }

    /**
     * The peer stopped reading and our writer is blocked on a full TCP buffer: close() must still
     * return (skipping or bounding close_notify), and the blocked writer must fail rather than hang.
     */
    @Test
    void closeNeverHangsOnAPeerThatStoppedReading() throws Exception {
        CountDownLatch serverMayFinish = new CountDownLatch(1);
        CountDownLatch clientWroteEnough = new CountDownLatch(1);
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<Void> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.startHandshake();
                        serverMayFinish.await(Peer.TIMEOUT_SECONDS, TimeUnit.SECONDS); // never reads
                    }
                    return null;
                });
                SSLSocket client = keelClient(CLIENT, server.getLocalPort());
                Peer<Long> writer = Peer.start("blocked-writer", () -> {
                    OutputStream out = client.getOutputStream();
                    byte[] chunk = new byte[64 * 1024];
                    long written = 0;
                    while (true) {
                        out.write(chunk);
                        written += chunk.length;
                        if (written >= (1 << 20)) {
                            clientWroteEnough.countDown();
                        }
                    }
                })) {
            try {
                assertTrue(clientWroteEnough.await(Peer.TIMEOUT_SECONDS, TimeUnit.SECONDS));
                client.close();
                assertTrue(client.isClosed());
                assertInstanceOf(IOException.class, writer.failure(), "the blocked writer was released");
            } finally {
                serverMayFinish.countDown();
            }
            peer.join();
        }
    }

    @Test
    void closeFromAnotherThreadReleasesABlockedReader() throws Exception {
        CountDownLatch serverMayFinish = new CountDownLatch(1);
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<Void> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.startHandshake();
                        serverMayFinish.await(Peer.TIMEOUT_SECONDS, TimeUnit.SECONDS); // sends nothing
                    }
                    return null;
                });
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            client.startHandshake();
            try (Peer<Integer> reader = Peer.start("blocked-reader", () -> client.getInputStream().read())) {
                client.close();
                assertInstanceOf(SocketException.class, reader.failure());
            } finally {
                serverMayFinish.countDown();
            }
            peer.join();
        }
    }

    @Test
    void aClosedSocketRefusesIoButKeepsItsSession() throws Exception {
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<byte[]> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        return readToEnd(s.getInputStream());
                    }
                });
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            out.write(REQUEST);
            client.close();
            client.close(); // idempotent
            assertArrayEquals(REQUEST, peer.join());

            assertTrue(client.isClosed());
            assertThrows(SocketException.class, () -> in.read());
            assertThrows(SocketException.class, () -> out.write(1));
            assertThrows(SocketException.class, client::getInputStream);
            assertThrows(SocketException.class, client::startHandshake);
            assertTrue(client.getSession().isValid(), "the negotiated session outlives the connection");
        }
    }

    /** Shutting input down before the peer's close_notify reports possible truncation, as JSSE does. */
    @Test
    void shutdownInputBeforeCloseNotifyReportsTruncation() throws Exception {
        CountDownLatch serverMayFinish = new CountDownLatch(1);
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<Void> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.startHandshake();
                        serverMayFinish.await(Peer.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    }
                    return null;
                });
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            try {
                client.startHandshake();
                InputStream in = client.getInputStream();
                assertThrows(SSLException.class, client::shutdownInput);
                assertTrue(client.isInputShutdown());
                assertEquals(-1, in.read(), "a stream obtained before reads end of stream");
                assertThrows(SocketException.class, client::getInputStream, "as with Socket");
            } finally {
                serverMayFinish.countDown();
            }
            peer.join();
        }
    }
}
