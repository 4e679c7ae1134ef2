package dev.keel.tls.hostile;

import static dev.keel.tls.hostile.Wire.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.connection.TlsConnection;
import dev.keel.tls.connection.TlsConnection.Result;
import dev.keel.tls.connection.TlsConnection.Status;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.message.ContentType;
import dev.keel.tls.message.KeyUpdate;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connections that stay idle after the handshake, then are used: record keys are derived when a
 * direction carries its first record, and the handshake reassembler is dropped while idle (retained
 * heap, issue 7). Every direction must work however late (or never) it is first used.
 */
class IdleConnectionTest {

    private static ConnectionPair connected(CipherSuite suite) throws TlsAlertException {
        ConnectionPair pair = new ConnectionPair(Fixtures.client().cipherSuites(List.of(suite)).build(),
                Fixtures.server(KeyType.EC_P256).cipherSuites(List.of(suite)).build());
        pair.handshake();
        assertEquals(suite, pair.client.connection.session().cipherSuite());
        return pair;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The server answers first (as in the retained-heap benchmark); the client's direction starts later. */
    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256"})
    void oneDirectionFirstThenTheOtherThenBoth(CipherSuite suite) throws Exception {
        ConnectionPair pair = connected(suite);
        byte[][] got = pair.exchange(new byte[0], Wire.ascii("*"));
        assertArrayEquals(Wire.ascii("*"), got[1]);
        got = pair.exchange(Wire.ascii("request"), new byte[0]);
        assertArrayEquals(Wire.ascii("request"), got[0]);
        byte[] c2s = random(70_000, 1);
        byte[] s2c = random(70_000, 2);
        got = pair.exchange(c2s, s2c);
        assertArrayEquals(c2s, got[0]);
        assertArrayEquals(s2c, got[1]);
    }

    /** KeyUpdates replace keys no record has used yet: both directions then work under the new keys. */
    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"})
    void keyUpdateBeforeAnyApplicationData(CipherSuite suite) throws Exception {
        ConnectionPair pair = connected(suite);
        pair.client.connection.requestKeyUpdate(true);
        pair.server.connection.requestKeyUpdate(false);
        byte[][] got = pair.exchange(Wire.ascii("ping"), Wire.ascii("pong"));
        assertArrayEquals(Wire.ascii("ping"), got[0]);
        assertArrayEquals(Wire.ascii("pong"), got[1]);
        assertEquals(1, pair.client.postHandshakeRecords, "the client's KeyUpdate");
        assertEquals(1, pair.server.postHandshakeRecords,
                "the server's own KeyUpdate, still queued, is also its answer (RFC 8446 4.6.3)");
        byte[] c2s = random(40_000, 3);
        byte[] s2c = random(40_000, 4);
        got = pair.exchange(c2s, s2c);
        assertArrayEquals(c2s, got[0]);
        assertArrayEquals(s2c, got[1]);
    }

    /** close_notify is the first (and last) record under the application keys, both ways. */
    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"})
    void closeAfterIdle(CipherSuite suite) throws Exception {
        ConnectionPair pair = connected(suite);
        closeOneWay(pair.client.connection, pair.server.connection);
        assertTrue(pair.server.connection.isInboundDone());
        assertFalse(pair.server.connection.isOutboundDone(), "TLS 1.3: the server may still write");
        closeOneWay(pair.server.connection, pair.client.connection);
        assertTrue(pair.client.connection.isInboundDone());
        assertTrue(pair.client.connection.isOutboundDone());
        assertTrue(pair.server.connection.isOutboundDone());
    }

    private static void closeOneWay(TlsConnection from, TlsConnection to) throws TlsAlertException {
        from.closeOutbound();
        ByteBuffer net = ByteBuffer.allocate(TlsConnection.MAX_PACKET_SIZE);
        Result wrote = from.wrap(new ByteBuffer[0], 0, 0, net);
        assertEquals(Status.CLOSED, wrote.status());
        assertTrue(wrote.bytesProduced() > 0, "close_notify written");
        net.flip();
        ByteBuffer app = ByteBuffer.allocate(TlsConnection.MAX_PLAINTEXT_SIZE);
        Result read = to.unwrap(net, new ByteBuffer[] {app}, 0, 1);
        assertEquals(Status.CLOSED, read.status());
        assertEquals(0, read.bytesProduced());
        assertFalse(net.hasRemaining());
    }

    /**
     * A post-handshake message split over two records once the connection was idle: the reassembler,
     * dropped while idle, is made again and kept between the two records.
     */
    @ParameterizedTest
    @EnumSource(PostHandshakeHostileTest.Side.class)
    void postHandshakeMessageSplitOverRecordsAfterIdle(PostHandshakeHostileTest.Side side) throws Exception {
        PostHandshakeHostileTest.Pair p = PostHandshakeHostileTest.Pair.connected(side);
        byte[] keyUpdate = new KeyUpdate(true).encode();
        byte[] first = p.peer().record(ContentType.HANDSHAKE, java.util.Arrays.copyOfRange(keyUpdate, 0, 2));
        byte[] rest = p.peer().record(ContentType.HANDSHAKE,
                java.util.Arrays.copyOfRange(keyUpdate, 2, keyUpdate.length));
        p.peer().updateWriteKeys();
        byte[] data = random(3000, 5);
        assertArrayEquals(data, p.engineReads(concat(first, rest, p.peerData(data))));
        List<ScriptedPeer.Received> got = p.engineSends(Wire.ascii("answered"));
        assertEquals(List.of(ContentType.HANDSHAKE, ContentType.APPLICATION_DATA),
                got.stream().map(ScriptedPeer.Received::type).toList(), "the engine's KeyUpdate, then data");
        p.assertDataFlows(1000);
    }
}
