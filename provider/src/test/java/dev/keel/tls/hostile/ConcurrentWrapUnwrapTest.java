package dev.keel.tls.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.connection.TlsConnection;
import dev.keel.tls.connection.TlsConnection.Result;
import dev.keel.tls.connection.TlsConnection.Status;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A socket's reader and writer threads use one connection at once: unwrap on one thread, wrap on the
 * other. Reading a KeyUpdate with update_requested queues an answer (and a switch of the write keys)
 * on the writing side while the writer may be sealing application data. The answer must still go
 * out in order: the peer decrypts every record and receives every byte.
 */
class ConcurrentWrapUnwrapTest {
    private static final int KEY_UPDATES = 400;
    private static final int WRITES = 4000;
    private static final int WRITE_SIZE = 700;

    @Test
    void keyUpdateAnswersQueuedByTheReaderInterleaveSafelyWithTheWriter() throws Exception {
        CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        ConnectionPair pair = new ConnectionPair(Fixtures.client().cipherSuites(List.of(suite)).build(),
                Fixtures.server(KeyType.EC_P256).cipherSuites(List.of(suite)).build());
        pair.handshake();
        TlsConnection client = pair.client.connection;
        TlsConnection server = pair.server.connection;

        // The server's flight: KEY_UPDATES KeyUpdate(update_requested) records, each followed by one byte.
        List<byte[]> serverRecords = new ArrayList<>();
        for (int i = 0; i < KEY_UPDATES; i++) {
            server.requestKeyUpdate(true);
            serverRecords.addAll(wrapAll(server, new byte[] {(byte) i}));
        }

        byte[] sent = new byte[WRITES * WRITE_SIZE];
        new Random(7).nextBytes(sent);
        ByteArrayOutputStream clientWire = new ByteArrayOutputStream();
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                start.await();
                ByteBuffer dst = ByteBuffer.allocate(TlsConnection.MAX_PACKET_SIZE);
                for (int i = 0; i < WRITES; i++) {
                    ByteBuffer src = ByteBuffer.wrap(sent, i * WRITE_SIZE, WRITE_SIZE);
                    while (src.hasRemaining()) {
                        dst.clear();
                        client.wrap(new ByteBuffer[] {src}, 0, 1, dst);
                        clientWire.write(dst.array(), 0, dst.position());
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ByteArrayOutputStream clientReceived = new ByteArrayOutputStream();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try {
                start.await();
                ByteBuffer app = ByteBuffer.allocate(TlsConnection.MAX_PACKET_SIZE);
                for (byte[] record : serverRecords) {
                    ByteBuffer src = ByteBuffer.wrap(record);
                    while (src.hasRemaining()) {
                        app.clear();
                        client.unwrap(src, new ByteBuffer[] {app}, 0, 1);
                        clientReceived.write(app.array(), 0, app.position());
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        start.countDown();
        CompletableFuture.allOf(writer, reader).get(2, TimeUnit.MINUTES);
        assertEquals(KEY_UPDATES, clientReceived.size(), "one byte after each of the server's KeyUpdates");

        // Whatever answers are still queued go out now; then the server reads the whole client stream.
        for (byte[] rest : wrapAll(client, new byte[0])) {
            clientWire.write(rest);
        }
        byte[] received = unwrapAll(server, clientWire.toByteArray());
        assertArrayEquals(sent, received);
        assertTrue(clientWire.size() > sent.length, "the client's stream carries records, not just data");
    }

    /** Everything the connection writes for {@code data}, as one array per wrap call. */
    private static List<byte[]> wrapAll(TlsConnection c, byte[] data) throws Exception {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer dst = ByteBuffer.allocate(TlsConnection.MAX_PACKET_SIZE);
        do {
            dst.clear();
            Result r = c.wrap(new ByteBuffer[] {src}, 0, 1, dst);
            assertEquals(Status.OK, r.status());
            if (dst.position() == 0 && !src.hasRemaining()) {
                break;
            }
            out.add(java.util.Arrays.copyOf(dst.array(), dst.position()));
        } while (true);
        return out;
    }

    private static byte[] unwrapAll(TlsConnection c, byte[] wire) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer src = ByteBuffer.wrap(wire);
        ByteBuffer app = ByteBuffer.allocate(TlsConnection.MAX_PACKET_SIZE);
        while (src.hasRemaining()) {
            app.clear();
            Result r = c.unwrap(src, new ByteBuffer[] {app}, 0, 1);
            assertEquals(Status.OK, r.status());
            got.write(app.array(), 0, app.position());
        }
        return got.toByteArray();
    }
}
