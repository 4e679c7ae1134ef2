package dev.keel.tls.jsse.socket;

import static dev.keel.tls.jsse.socket.Loopback.ADDRESS;
import static dev.keel.tls.jsse.socket.Loopback.plainServer;
import static dev.keel.tls.jsse.socket.Loopback.randomBytes;
import static dev.keel.tls.jsse.socket.Loopback.readFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.jsse.KeelSSLServerSocketFactory;
import dev.keel.tls.jsse.KeelSSLSocketFactory;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine-driving loop off the happy path: undersized buffers, engine exceptions, a corrupt record. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EngineMisbehaviourTest {
    private static final SSLContext SERVER = SocketTestPki.context();
    private static final SSLContext CLIENT = SocketTestPki.context();

    /**
     * Both ends start with 64-byte buffers (the sizes their engines reported before the handshake): the
     * loop must grow them on BUFFER_OVERFLOW and on BUFFER_UNDERFLOW with a full buffer, losing nothing.
     */
    @Test
    void buffersGrowToWhatTheEngineNeeds() throws Exception {
        byte[] data = randomBytes(200_000, 9);
        List<InstrumentedEngine> engines = new CopyOnWriteArrayList<>();
        KeelSSLServerSocketFactory serverFactory =
                new KeelSSLServerSocketFactory(InstrumentedEngine.source(SERVER, true, engines));
        KeelSSLSocketFactory clientFactory = new KeelSSLSocketFactory(InstrumentedEngine.source(CLIENT, true, engines));
        try (SSLServerSocket server = (SSLServerSocket) serverFactory.createServerSocket(0, 50, ADDRESS);
                Peer<byte[]> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        byte[] received = readFully(s.getInputStream(), data.length);
                        s.getOutputStream().write(received);
                        return received;
                    }
                });
                SSLSocket client = (SSLSocket) clientFactory.createSocket(ADDRESS, server.getLocalPort())) {
            try (Peer<Void> writer = Peer.start("writer", () -> {
                client.getOutputStream().write(data);
                return null;
            })) {
                assertArrayEquals(data, readFully(client.getInputStream(), data.length));
                writer.join();
            }
            assertArrayEquals(data, peer.join());
            assertTrue(data.length > 10 * InstrumentedEngine.TINY_BUFFER);
        }
    }

    /** A raw runtime exception from the engine surfaces as an SSLException, and the socket is closed. */
    @Test
    void runtimeExceptionFromEngineBecomesSslException() throws Exception {
        List<InstrumentedEngine> engines = new CopyOnWriteArrayList<>();
        KeelSSLSocketFactory clientFactory = new KeelSSLSocketFactory(InstrumentedEngine.source(CLIENT, false, engines));
        try (SSLServerSocket server = Loopback.jdkServer(SERVER);
                Peer<Void> peer = Peer.start("jdk-server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.startHandshake();
                        s.getInputStream().read();
                    } catch (java.io.IOException expected) {
                        // our client drops the connection after its engine failed
                    }
                    return null;
                });
                SSLSocket client = (SSLSocket) clientFactory.createSocket(ADDRESS, server.getLocalPort())) {
            client.startHandshake();
            InputStream in = client.getInputStream();
            engines.get(engines.size() - 1).failNextUnwrap(new IllegalStateException("engine bug"));
            SSLException e = assertThrows(SSLException.class, () -> in.read());
            assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
            assertTrue(client.isClosed());
            SSLException later = assertThrows(SSLException.class, () -> in.read());
            assertTrue(later.getMessage().startsWith("Connection has been shut down"), later.getMessage());
            assertSame(e, later.getCause(), "later reads report the first failure");
            peer.join();
        }
    }

    /**
     * A record that fails authentication (RFC 5246 section 6.2.3.3: bad_record_mac): the read fails, the
     * engine's fatal alert reaches the peer (a record of type alert, 21), then the connection is closed.
     */
    @Test
    void corruptRecordSendsFatalAlertThenCloses() throws Exception {
        try (ServerSocket listener = plainServer();
                Peer<int[]> peer = Peer.start("server", () -> {
                    try (Socket plain = listener.accept()) {
                        SSLSocket tls = (SSLSocket) SERVER.getSocketFactory().createSocket(plain, null, false);
                        tls.setEnabledProtocols(new String[] {"TLSv1.2"});
                        tls.startHandshake();
                        byte[] forged = randomBytes(5 + 40, 10);
                        forged[0] = 23; // application_data
                        forged[1] = 3;
                        forged[2] = 3;
                        forged[3] = 0;
                        forged[4] = 40;
                        plain.getOutputStream().write(forged);
                        InputStream raw = plain.getInputStream();
                        int contentType = raw.read();
                        byte[] rest = Loopback.readToEnd(raw); // until the client closes
                        return new int[] {contentType, rest.length};
                    }
                });
                SSLSocket client = Loopback.keelClient(CLIENT, listener.getLocalPort())) {
            client.startHandshake();
            assertEquals("TLSv1.2", client.getSession().getProtocol());
            SSLException e = assertThrows(SSLException.class, () -> client.getInputStream().read());
            assertNotNull(e.getMessage());
            assertTrue(client.isClosed());
            int[] seen = peer.join();
            assertEquals(21, seen[0], "the first record after the forgery is our alert");
            assertTrue(seen[1] >= 4, "the rest of the alert record, then end of stream");
            assertFalse(client.getSession().getCipherSuite().isEmpty());
        }
    }
}
