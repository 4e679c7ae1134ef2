package dev.keel.tls.jsse.socket;

import static dev.keel.tls.jsse.socket.Loopback.keelClient;
import static dev.keel.tls.jsse.socket.Loopback.keelServer;
import static dev.keel.tls.jsse.socket.Loopback.plainServer;
import static dev.keel.tls.jsse.socket.Loopback.readFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code setSoTimeout} bounds the handshake and reads; a read timeout leaves the socket usable. */
// Tests close sockets inside try-with-resources on purpose, and hold accepted sockets only to close them.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketTimeoutTest {
    private static final SSLContext SERVER = SocketTestPki.context();
    private static final SSLContext CLIENT = SocketTestPki.context();
    private static final int SHORT_TIMEOUT_MILLIS = 200;
    private static final int LONG_TIMEOUT_MILLIS = 20_000;

    /** The peer accepts the TCP connection and never answers the ClientHello. */
    @Test
    void handshakeWithSilentPeerTimesOut() throws Exception {
        try (ServerSocket silent = plainServer();
                SSLSocket client = keelClient(CLIENT, silent.getLocalPort());
                Socket accepted = silent.accept()) {
            client.setSoTimeout(SHORT_TIMEOUT_MILLIS);
            assertThrows(SocketTimeoutException.class, client::startHandshake);
            assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read(),
                    "the handshake is still pending, and still bounded by the timeout");
            assertFalse(client.isClosed(), "a timeout is not fatal");
        }
    }

    /** {@code getSession()} never throws: a handshake that times out yields an invalid session. */
    @Test
    void getSessionWithSilentPeerReturnsInvalidSession() throws Exception {
        try (ServerSocket silent = plainServer();
                SSLSocket client = keelClient(CLIENT, silent.getLocalPort());
                Socket accepted = silent.accept()) {
            client.setSoTimeout(SHORT_TIMEOUT_MILLIS);
            SSLSession session = client.getSession();
            assertFalse(session.isValid());
            assertEquals("SSL_NULL_WITH_NULL_NULL", session.getCipherSuite());
        }
    }

    @Test
    void readTimesOutAndTheSocketStaysUsable() throws Exception {
        byte[] late = "late but whole".getBytes(StandardCharsets.US_ASCII);
        CountDownLatch clientTimedOut = new CountDownLatch(1);
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<byte[]> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.startHandshake();
                        if (!clientTimedOut.await(Peer.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                            throw new AssertionError("client never timed out");
                        }
                        s.getOutputStream().write(late);
                        return readFully(s.getInputStream(), 3);
                    }
                });
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            client.startHandshake();
            client.setSoTimeout(SHORT_TIMEOUT_MILLIS);
            InputStream in = client.getInputStream();
            assertThrows(SocketTimeoutException.class, () -> in.read());
            assertThrows(SocketTimeoutException.class, () -> in.read(new byte[16]), "and again");
            clientTimedOut.countDown();

            client.setSoTimeout(LONG_TIMEOUT_MILLIS);
            assertArrayEquals(late, readFully(in, late.length));
            client.getOutputStream().write(new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, peer.join());
        }
    }
}
