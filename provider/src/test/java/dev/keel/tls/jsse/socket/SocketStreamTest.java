package dev.keel.tls.jsse.socket;

import static dev.keel.tls.jsse.socket.Loopback.ADDRESS;
import static dev.keel.tls.jsse.socket.Loopback.jdkServer;
import static dev.keel.tls.jsse.socket.Loopback.keelClient;
import static dev.keel.tls.jsse.socket.Loopback.keelServer;
import static dev.keel.tls.jsse.socket.Loopback.randomBytes;
import static dev.keel.tls.jsse.socket.Loopback.readFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The plaintext streams: buffering as {@code available()} reports it, and how writes become records. */
// Tests close sockets inside try-with-resources on purpose, and hold accepted sockets only to close them.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketStreamTest {
    private static final SSLContext SERVER = SocketTestPki.context();
    private static final SSLContext CLIENT = SocketTestPki.context();
    /** RFC 8446 section 5.2: an encrypted record's length may not exceed 2^14 + 256. */
    private static final int MAX_TLS13_CIPHERTEXT = (1 << 14) + 256;
    private static final int APPLICATION_DATA = 23;

    /** One 100-byte record arrives whole; after reading 1 byte, 99 are buffered and readable without blocking. */
    @Test
    void availableCountsDecryptedBufferedBytes() throws Exception {
        byte[] record = randomBytes(100, 5);
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<Void> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.getOutputStream().write(record);
                        s.getInputStream().read(); // until the client is done
                    }
                    return null;
                });
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            InputStream in = client.getInputStream();
            assertEquals(0, in.available(), "nothing decrypted before the handshake");
            assertEquals(record[0] & 0xff, in.read());
            assertEquals(99, in.available());
            byte[] rest = new byte[99];
            assertEquals(99, in.read(rest));
            assertEquals(0, in.available());
            client.close();
            peer.join();
        }
    }

    /** A 40,000-byte write leaves as three records of at most 2^14 plaintext bytes: 16384 + 16384 + 7232. */
    @Test
    void writesAreCutIntoRecordsOfAtMost16KiB() throws Exception {
        int size = 40_000;
        try (SSLServerSocket server = jdkServer(SERVER);
                Peer<byte[]> peer = Peer.start("jdk-server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        readFully(in, 1);
                        out.write(1); // everything before is through the relay
                        byte[] data = readFully(in, size);
                        out.write(2);
                        return data;
                    }
                });
                RecordHeaderRelay relay = new RecordHeaderRelay(ADDRESS, server.getLocalPort());
                SSLSocket client = keelClient(CLIENT, relay.port())) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            out.write(0);
            assertEquals(1, in.read());
            int before = relay.clientRecords().size();

            byte[] data = randomBytes(size, 6);
            out.write(data);
            out.flush();
            assertEquals(2, in.read());
            assertArrayEquals(data, peer.join());

            List<RecordHeaderRelay.Header> records = relay.clientRecords().subList(before, relay.clientRecords().size());
            assertEquals(3, records.size(), "ceil(40000 / 16384) records");
            for (RecordHeaderRelay.Header record : records) {
                assertEquals(APPLICATION_DATA, record.contentType);
                assertTrue(record.length <= MAX_TLS13_CIPHERTEXT, "record of " + record.length + " bytes");
            }
            assertTrue(records.get(2).length < records.get(0).length, "the last record carries the 7232 left over");
        }
    }

    @Test
    void streamsAreStableAndCloseTheSocket() throws Exception {
        try (SSLServerSocket server = keelServer(SERVER);
                Peer<Void> peer = Peer.start("server", () -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.getInputStream().read();
                    }
                    return null;
                });
                SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
            assertSame(client.getInputStream(), client.getInputStream());
            assertSame(client.getOutputStream(), client.getOutputStream());
            client.getOutputStream().write(new byte[0]); // an empty write still handshakes, sends nothing
            assertTrue(client.getSession().isValid());
            client.getOutputStream().close();
            assertTrue(client.isClosed(), "closing a stream closes the socket, as with JSSE sockets");
            peer.join();
        }
    }
}
