package dev.keel.tls.record;

import static dev.keel.tls.record.Records.remaining;
import static dev.keel.tls.record.Records.written;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.handshake.Rfc8448Trace;
import dev.keel.tls.message.ContentType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Every record of RFC 8448 section 3, written and read byte for byte: plaintext hellos, the encrypted
 * server flight and client Finished (handshake keys), NewSessionTicket, application data and
 * close_notify alerts (application keys, with their sequence numbers).
 */
class RecordLayerRfc8448Test {
    private static final CipherSuite SUITE = CipherSuite.TLS_AES_128_GCM_SHA256;
    private static final Rfc8448Trace T = Rfc8448Trace.load("/rfc8448/section3-simple-1rtt.txt");

    private static final byte[] C_HS = secret("tls13 c hs traffic");
    private static final byte[] S_HS = secret("tls13 s hs traffic");
    private static final byte[] C_AP = secret("tls13 c ap traffic");
    private static final byte[] S_AP = secret("tls13 s ap traffic");

    private static byte[] secret(String label) {
        return T.get("{server} derive secret \"" + label + "\"", "expanded");
    }

    private static byte[] payload(String who, String what, int occurrence) {
        return T.get("{" + who + "} send " + what + " record", "payload", occurrence);
    }

    private static byte[] record(String who, String what, int occurrence) {
        return T.get("{" + who + "} send " + what + " record", "complete record", occurrence);
    }

    /** Writes one record and checks it is exactly the RFC's. */
    private static void assertWrites(RecordLayer layer, ContentType type, byte[] payload, byte[] expected) throws Exception {
        assertEquals(expected.length, layer.wireSize(type, payload.length), "wireSize");
        ByteBuffer dst = ByteBuffer.allocate(layer.wireSize(payload.length));
        ByteBuffer src = ByteBuffer.wrap(payload);
        int n = layer.writeRecord(type, src, dst);
        assertEquals(expected.length, n);
        assertFalse(src.hasRemaining());
        assertArrayEquals(expected, written(dst));
    }

    /** Reads one record and checks type and content. */
    private static void assertReads(RecordLayer layer, byte[] record, ContentType type, byte[] content) throws Exception {
        ByteBuffer src = ByteBuffer.wrap(record);
        assertEquals(record.length, layer.peekRecordLength(src));
        assertEquals(type, layer.readRecord(src, null));
        assertFalse(src.hasRemaining(), "the whole record is consumed");
        assertArrayEquals(content, remaining(layer.readFragment()));
    }

    @Test
    void clientSide() throws Exception {
        RecordLayer client = new RecordLayer();
        client.setInitialRecordVersion(0x0301);
        assertWrites(client, ContentType.HANDSHAKE, payload("client", "handshake", 0), record("client", "handshake", 0));

        assertReads(client, record("server", "handshake", 0), ContentType.HANDSHAKE, payload("server", "handshake", 0));
        client.setReadKeys13(SUITE, S_HS);
        assertTrue(client.isReadProtected());
        assertReads(client, record("server", "handshake", 1), ContentType.HANDSHAKE, payload("server", "handshake", 1));

        client.setWriteKeys13(SUITE, C_HS);
        assertTrue(client.isWriteProtected());
        assertWrites(client, ContentType.HANDSHAKE, payload("client", "handshake", 1), record("client", "handshake", 1));

        client.setReadKeys13(SUITE, S_AP);
        client.setWriteKeys13(SUITE, C_AP);
        assertEquals(0, client.writeSequenceNumber());
        assertReads(client, record("server", "handshake", 2), ContentType.HANDSHAKE, payload("server", "handshake", 2));
        assertWrites(client, ContentType.APPLICATION_DATA, payload("client", "application_data", 0),
                record("client", "application_data", 0));

        // Server application data (read sequence 1) straight into the application's buffer.
        ByteBuffer app = ByteBuffer.allocate(100);
        ByteBuffer src = ByteBuffer.wrap(record("server", "application_data", 0));
        assertEquals(ContentType.APPLICATION_DATA, client.readRecord(src, app));
        assertArrayEquals(payload("server", "application_data", 0), written(app));
        assertEquals(0, client.readFragment().remaining());

        assertWrites(client, ContentType.ALERT, payload("client", "alert", 0), record("client", "alert", 0));
        assertReads(client, record("server", "alert", 0), ContentType.ALERT, payload("server", "alert", 0));
        assertEquals(3, client.readSequenceNumber());
        assertEquals(2, client.writeSequenceNumber());
    }

    @Test
    void serverSide() throws Exception {
        RecordLayer server = new RecordLayer();
        assertReads(server, record("client", "handshake", 0), ContentType.HANDSHAKE, payload("client", "handshake", 0));
        assertWrites(server, ContentType.HANDSHAKE, payload("server", "handshake", 0), record("server", "handshake", 0));

        server.setWriteKeys13(SUITE, S_HS);
        assertWrites(server, ContentType.HANDSHAKE, payload("server", "handshake", 1), record("server", "handshake", 1));

        server.setReadKeys13(SUITE, C_HS);
        assertReads(server, record("client", "handshake", 1), ContentType.HANDSHAKE, payload("client", "handshake", 1));

        server.setWriteKeys13(SUITE, S_AP);
        server.setReadKeys13(SUITE, C_AP);
        assertWrites(server, ContentType.HANDSHAKE, payload("server", "handshake", 2), record("server", "handshake", 2));
        // Client application data without an application buffer: delivered through readFragment().
        assertReads(server, record("client", "application_data", 0), ContentType.APPLICATION_DATA,
                payload("client", "application_data", 0));
        assertWrites(server, ContentType.APPLICATION_DATA, payload("server", "application_data", 0),
                record("server", "application_data", 0));
        assertReads(server, record("client", "alert", 0), ContentType.ALERT, payload("client", "alert", 0));
        assertWrites(server, ContentType.ALERT, payload("server", "alert", 0), record("server", "alert", 0));
    }

    @Test
    void directBuffersGiveTheSameBytes() throws Exception {
        RecordLayer server = new RecordLayer();
        server.setWriteKeys13(SUITE, S_HS);
        byte[] flight = payload("server", "handshake", 1);
        ByteBuffer src = ByteBuffer.allocateDirect(flight.length);
        src.put(flight).flip();
        ByteBuffer dst = ByteBuffer.allocateDirect(server.wireSize(flight.length));
        server.writeRecord(ContentType.HANDSHAKE, src, dst);
        assertArrayEquals(record("server", "handshake", 1), written(dst));

        RecordLayer client = new RecordLayer();
        client.setReadKeys13(SUITE, S_HS);
        dst.flip();
        assertEquals(ContentType.HANDSHAKE, client.readRecord(dst, ByteBuffer.allocateDirect(1000)));
        assertArrayEquals(flight, remaining(client.readFragment()));
    }

    @Test
    void coalescedRecordsAreReadOneByOne() throws Exception {
        // The server's first two records usually arrive in one read.
        byte[] both = Records.concat(record("server", "handshake", 0), record("server", "handshake", 1));
        RecordLayer client = new RecordLayer();
        ByteBuffer src = ByteBuffer.wrap(both);
        assertEquals(ContentType.HANDSHAKE, client.readRecord(src, null));
        assertEquals(record("server", "handshake", 1).length, src.remaining());
        client.setReadKeys13(SUITE, S_HS);
        assertEquals(ContentType.HANDSHAKE, client.readRecord(src, null));
        assertArrayEquals(payload("server", "handshake", 1), remaining(client.readFragment()));
    }
}
