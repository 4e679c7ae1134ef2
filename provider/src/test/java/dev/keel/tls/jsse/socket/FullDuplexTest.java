package dev.keel.tls.jsse.socket;

import static dev.keel.tls.jsse.socket.Loopback.keelClient;
import static dev.keel.tls.jsse.socket.Loopback.keelServer;
import static dev.keel.tls.jsse.socket.Loopback.randomBytes;
import static dev.keel.tls.jsse.socket.Loopback.readFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One thread reads while another writes, on both ends at once, from the very first byte: the first
 * read and the first write race to trigger the handshake, which must run exactly once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FullDuplexTest {
    private static final SSLContext SERVER = SocketTestPki.context();
    private static final SSLContext CLIENT = SocketTestPki.context();
    private static final int SIZE = 4 << 20;

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void fourMebibytesEachWaySimultaneously(String protocol) throws Exception {
        byte[] toServer = randomBytes(SIZE, 11);
        byte[] toClient = randomBytes(SIZE, 12);
        AtomicInteger clientHandshakes = new AtomicInteger();
        CountDownLatch clientNotified = new CountDownLatch(1);
        try (SSLServerSocket server = keelServer(SERVER)) {
            server.setEnabledProtocols(new String[] {protocol});
            try (SSLSocket client = keelClient(CLIENT, server.getLocalPort());
                    SSLSocket accepted = (SSLSocket) server.accept()) {
                client.addHandshakeCompletedListener(event -> {
                    clientHandshakes.incrementAndGet();
                    clientNotified.countDown();
                });
                CyclicBarrier start = new CyclicBarrier(4);
                try (Peer<byte[]> serverReader = Peer.start("server-reader", () -> {
                            start.await();
                            return readFully(accepted.getInputStream(), SIZE);
                        });
                        Peer<Void> serverWriter = Peer.start("server-writer", () -> {
                            start.await();
                            writeInUnevenChunks(accepted.getOutputStream(), toClient, 21);
                            return null;
                        });
                        Peer<byte[]> clientReader = Peer.start("client-reader", () -> {
                            start.await();
                            return readFully(client.getInputStream(), SIZE);
                        });
                        Peer<Void> clientWriter = Peer.start("client-writer", () -> {
                            start.await();
                            writeInUnevenChunks(client.getOutputStream(), toServer, 22);
                            return null;
                        })) {
                    clientWriter.join();
                    serverWriter.join();
                    assertArrayEquals(toServer, serverReader.join());
                    assertArrayEquals(toClient, clientReader.join());
                }
                assertEquals(protocol, client.getSession().getProtocol());
                assertTrue(clientNotified.await(Peer.TIMEOUT_SECONDS, TimeUnit.SECONDS));
                assertEquals(1, clientHandshakes.get(), "one handshake although two threads asked for it");
            }
        }
    }

    /** Writes of 1 byte up to 100 KB, so records are split at every kind of boundary. */
    private static void writeInUnevenChunks(OutputStream out, byte[] data, long seed) throws Exception {
        Random random = new Random(seed);
        int done = 0;
        while (done < data.length) {
            int n = Math.min(data.length - done, random.nextBoolean() ? 1 + random.nextInt(100) : 1 + random.nextInt(100_000));
            out.write(data, done, n);
            done += n;
        }
        out.flush();
    }
}
