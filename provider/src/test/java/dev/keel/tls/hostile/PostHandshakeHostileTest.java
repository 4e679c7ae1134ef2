package dev.keel.tls.hostile;

import static dev.keel.tls.alert.AlertDescription.BAD_RECORD_MAC;
import static dev.keel.tls.alert.AlertDescription.DECODE_ERROR;
import static dev.keel.tls.alert.AlertDescription.ILLEGAL_PARAMETER;
import static dev.keel.tls.alert.AlertDescription.RECORD_OVERFLOW;
import static dev.keel.tls.alert.AlertDescription.UNEXPECTED_MESSAGE;
import static dev.keel.tls.hostile.Wire.concat;
import static dev.keel.tls.hostile.Wire.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.hostile.ScriptedPeer.Received;
import dev.keel.tls.message.ContentType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.KeyUpdate;
import dev.keel.tls.message.NewSessionTicket13;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After the handshake: a connected Keel {@code SSLEngine} and a {@link ScriptedPeer} that sends
 * post-handshake messages and crafted records under the real application keys (RFC 8446 4.6, 5). The
 * engine's encrypted alerts are decrypted by the peer. The core's own KeyUpdate request
 * ({@code TlsConnection.requestKeyUpdate}) is exercised between two {@code TlsConnection}s.
 */
class PostHandshakeHostileTest {

    /** Which side the Keel engine plays; the scripted peer plays the other. */
    enum Side {
        CLIENT, SERVER
    }

    record Pair(SSLEngine engine, ScriptedPeer peer) {
        static Pair connected(Side side) throws Exception {
            SSLEngine engine;
            ScriptedPeer peer;
            if (side == Side.CLIENT) {
                engine = EngineProbe.keelClient();
                peer = new ScriptedPeer(Fixtures.server(KeyType.EC_P256)
                        .cipherSuites(List.of(CipherSuite.TLS_AES_128_GCM_SHA256)).build());
            } else {
                engine = EngineProbe.keelServer(KeyType.EC_P256);
                peer = new ScriptedPeer(Fixtures.client()
                        .cipherSuites(List.of(CipherSuite.TLS_AES_128_GCM_SHA256)).build());
            }
            ScriptedPeer.handshake(engine, peer);
            assertEquals("TLSv1.3", engine.getSession().getProtocol());
            assertEquals(CipherSuite.TLS_AES_128_GCM_SHA256.name(), engine.getSession().getCipherSuite());
            return new Pair(engine, peer);
        }

        /** The engine wraps {@code data}; returns what the peer decrypted from all it wrote. */
        List<Received> engineSends(byte[] data) throws Exception {
            ByteBuffer src = ByteBuffer.wrap(data);
            ByteArrayOutputStream net = new ByteArrayOutputStream();
            for (int i = 0; i < 1000 && (src.hasRemaining() || i == 0); i++) {
                net.writeBytes(EngineProbe.wrapOnce(engine, src));
            }
            assertFalse(src.hasRemaining(), "the engine took all the data");
            return peer.read(net.toByteArray());
        }

        /** The engine unwraps {@code net} record by record; returns the application data it produced. */
        byte[] engineReads(byte[] net) throws SSLException {
            ByteBuffer src = ByteBuffer.wrap(net);
            ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < 10_000 && src.hasRemaining(); i++) {
                app.clear();
                SSLEngineResult r = engine.unwrap(src, app);
                assertEquals(SSLEngineResult.Status.OK, r.getStatus(), "unwrap " + r);
                assertTrue(r.bytesConsumed() > 0, "a whole record each time");
                app.flip();
                out.write(app.array(), 0, app.limit());
            }
            assertFalse(src.hasRemaining());
            return out.toByteArray();
        }

        /** The peer sends {@code data} as application data records of at most 2^14 bytes. */
        byte[] peerData(byte[] data) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int p = 0; p < data.length; p += 1 << 14) {
                out.writeBytes(peer.record(ContentType.APPLICATION_DATA,
                        Arrays.copyOfRange(data, p, Math.min(data.length, p + (1 << 14)))));
            }
            return out.toByteArray();
        }

        /** Opens an encrypted alert record with the peer's read keys. */
        EngineProbe.AlertOpener opener() {
            return record -> {
                List<Received> got = peer.read(record);
                assertEquals(1, got.size());
                assertEquals(ContentType.ALERT, got.get(0).type(), "an encrypted alert");
                return got.get(0).content();
            };
        }

        /** Checks data still flows both ways under the current keys. */
        void assertDataFlows(int n) throws Exception {
            byte[] toPeer = random(n, 1);
            assertArrayEquals(toPeer, applicationData(engineSends(toPeer)));
            byte[] toEngine = random(n, 2);
            assertArrayEquals(toEngine, engineReads(peerData(toEngine)));
        }
    }

    // ------------------------------------------------------------------ KeyUpdate (RFC 8446 4.6.3)

    @ParameterizedTest
    @EnumSource(Side.class)
    void requestedKeyUpdateIsAnsweredAndDataKeepsFlowing(Side side) throws Exception {
        Pair p = Pair.connected(side);
        p.assertDataFlows(1000);

        ByteBuffer ku = ByteBuffer.wrap(p.peer().keyUpdate(true));
        SSLEngineResult r = p.engine().unwrap(ku, ByteBuffer.allocate(p.engine().getSession().getApplicationBufferSize()));
        assertEquals(SSLEngineResult.Status.OK, r.getStatus());
        assertEquals(0, r.bytesProduced(), "a KeyUpdate is no application data");
        assertFalse(ku.hasRemaining());

        // RFC 8446 4.6.3: the engine's own KeyUpdate (update_not_requested) precedes its next data.
        List<Received> got = p.engineSends(Wire.ascii("after the update"));
        assertEquals(2, got.size(), "a KeyUpdate, then the data");
        assertArrayEquals(new KeyUpdate(false).encode(), got.get(0).content());
        assertArrayEquals(Wire.ascii("after the update"), got.get(1).content());
        p.assertDataFlows(100_000);
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void unrequestedKeyUpdateChangesOnlyTheReadKeys(Side side) throws Exception {
        Pair p = Pair.connected(side);
        byte[] data = random(5000, 3);
        assertArrayEquals(data, p.engineReads(concat(p.peer().keyUpdate(false), p.peerData(data))));
        List<Received> got = p.engineSends(Wire.ascii("no KeyUpdate from me"));
        assertEquals(1, got.size());
        assertEquals(ContentType.APPLICATION_DATA, got.get(0).type());
        p.assertDataFlows(1000);
    }

    /**
     * RFC 8446 4.6.3: an implementation that receives several KeyUpdates while it is silent answers
     * with a single update; the answers must not pile up while the application does not write.
     */
    @ParameterizedTest
    @EnumSource(Side.class)
    void manyRequestedKeyUpdatesAreAnsweredOnce(Side side) throws Exception {
        Pair p = Pair.connected(side);
        ByteArrayOutputStream updates = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            updates.writeBytes(p.peer().keyUpdate(true));
        }
        assertEquals(0, p.engineReads(updates.toByteArray()).length);
        List<Received> got = p.engineSends(Wire.ascii("x"));
        assertEquals(List.of(ContentType.HANDSHAKE, ContentType.APPLICATION_DATA),
                got.stream().map(Received::type).toList(), "one KeyUpdate answers them all");
        p.assertDataFlows(1000);
    }

    /**
     * A server may send KeyUpdate right after its Finished (RFC 8446 4.6.3). The Keel client reads it
     * while its own Finished is still queued: it must still answer with a KeyUpdate of its own before
     * its first application data.
     */
    @Test
    void keyUpdateRequestedBeforeTheClientFinishedIsSentIsAnswered() throws Exception {
        SSLEngine client = EngineProbe.keelClient();
        client.beginHandshake();
        ScriptedPeer server = new ScriptedPeer(Fixtures.server(KeyType.EC_P256).build());
        server.read(EngineProbe.wrapAll(client));
        ByteBuffer src = ByteBuffer.wrap(concat(server.flush(), server.keyUpdate(true)));
        ByteBuffer app = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
        for (int i = 0; i < 10 && src.hasRemaining(); i++) {
            assertEquals(SSLEngineResult.Status.OK, client.unwrap(src, app).getStatus());
        }
        assertFalse(src.hasRemaining(), "the flight and the KeyUpdate were read before the client wrote");
        assertEquals(0, app.position());
        // The client's Finished (to the state machine), then its KeyUpdate, then its data.
        Pair p = new Pair(client, server);
        List<Received> got = new ArrayList<>(server.read(EngineProbe.wrapAll(client)));
        assertTrue(server.isComplete());
        got.addAll(p.engineSends(Wire.ascii("first data")));
        assertEquals(List.of(ContentType.HANDSHAKE, ContentType.APPLICATION_DATA),
                got.stream().map(Received::type).toList());
        assertArrayEquals(new KeyUpdate(false).encode(), got.get(0).content());
        p.assertDataFlows(1000);
    }

    // ------------------------------------------------------------------ hostile post-handshake records

    interface Input {
        byte[] make(ScriptedPeer peer) throws Exception;
    }

    record Case(String name, Side only, Input input, AlertDescription alert, String reason) {
        @Override
        public String toString() {
            return name + " -> " + alert.rfcName();
        }
    }

    static byte[] handshake(ScriptedPeer p, byte[] messages) throws Exception {
        return p.record(ContentType.HANDSHAKE, messages);
    }

    static byte[] ticket() {
        return new NewSessionTicket13(3600, 7, new byte[] {1}, new byte[16], Extensions.empty()).encode();
    }

    static Stream<Case> hostile() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("NewSessionTicket sent to a server", Side.SERVER, p -> handshake(p, ticket()),
                UNEXPECTED_MESSAGE, "new_session_ticket"));
        c.add(new Case("ClientHello after the handshake", null,
                p -> handshake(p, HandshakeHarness.raw(1, new byte[40]).wire()), UNEXPECTED_MESSAGE, "client_hello"));
        c.add(new Case("Finished after the handshake", null,
                p -> handshake(p, HandshakeHarness.raw(20, new byte[32]).wire()), UNEXPECTED_MESSAGE, "finished"));
        c.add(new Case("unknown handshake type after the handshake", null,
                p -> handshake(p, HandshakeHarness.raw(99, new byte[2]).wire()), UNEXPECTED_MESSAGE, "99"));
        c.add(new Case("KeyUpdate with request_update 2", null,
                p -> handshake(p, HandshakeHarness.raw(24, new byte[] {2}).wire()), ILLEGAL_PARAMETER, "request_update"));
        c.add(new Case("KeyUpdate with request_update 255", null,
                p -> handshake(p, HandshakeHarness.raw(24, new byte[] {(byte) 255}).wire()), ILLEGAL_PARAMETER,
                "request_update"));
        c.add(new Case("KeyUpdate with two body bytes", null,
                p -> handshake(p, HandshakeHarness.raw(24, new byte[] {0, 0}).wire()), DECODE_ERROR, "KeyUpdate"));
        c.add(new Case("KeyUpdate with an empty body", null,
                p -> handshake(p, HandshakeHarness.raw(24, new byte[0]).wire()), DECODE_ERROR, "KeyUpdate"));
        c.add(new Case("handshake message split across a KeyUpdate", null,
                p -> handshake(p, concat(new KeyUpdate(false).encode(), Arrays.copyOf(new KeyUpdate(false).encode(), 2))),
                UNEXPECTED_MESSAGE, "spans a KeyUpdate"));
        c.add(new Case("NewSessionTicket in the KeyUpdate's record", Side.CLIENT,
                p -> handshake(p, concat(new KeyUpdate(false).encode(), ticket())), UNEXPECTED_MESSAGE, "spans a KeyUpdate"));
        c.add(new Case("application data inside a fragmented handshake message", null,
                p -> concat(handshake(p, Arrays.copyOf(ticket(), 6)), p.record(ContentType.APPLICATION_DATA, new byte[5])),
                UNEXPECTED_MESSAGE, "between the fragments of a handshake message"));
        c.add(new Case("malformed NewSessionTicket", Side.CLIENT,
                p -> handshake(p, HandshakeHarness.raw(4, new byte[] {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0}).wire()),
                DECODE_ERROR, "ticket"));
        c.add(new Case("handshake message announcing 64 KiB + 1", null,
                p -> handshake(p, new byte[] {4, 1, 0, 1}), DECODE_ERROR, "announces"));
        c.add(new Case("plaintext handshake record", null,
                p -> record(Wire.HANDSHAKE, 0x0303, new KeyUpdate(false).encode()), UNEXPECTED_MESSAGE, "unprotected"));
        c.add(new Case("change_cipher_spec after the handshake", null,
                p -> record(Wire.CHANGE_CIPHER_SPEC, 0x0303, new byte[] {1}), UNEXPECTED_MESSAGE, "change_cipher_spec"));
        c.add(new Case("application data with a flipped bit", null, p -> {
            byte[] r = p.record(ContentType.APPLICATION_DATA, new byte[100]);
            r[50] ^= 4;
            return r;
        }, BAD_RECORD_MAC, "authentication"));
        c.add(new Case("application data replayed", null, p -> {
            byte[] r = p.record(ContentType.APPLICATION_DATA, new byte[100]);
            return concat(r, r);
        }, BAD_RECORD_MAC, "authentication"));
        c.add(new Case("the old keys used after a KeyUpdate", null, p -> {
            byte[] ku = p.keyUpdate(false);
            byte[] withNewKeys = p.record(ContentType.APPLICATION_DATA, new byte[10]);
            // The same record sealed under the keys before the update: re-derive nothing, just replay the
            // KeyUpdate's record layer state by sending a record sealed with the new keys twice.
            return concat(ku, withNewKeys, withNewKeys);
        }, BAD_RECORD_MAC, "authentication"));
        c.add(new Case("inner plaintext of zeros only (no content type)", null, p -> p.sealRaw(new byte[20]),
                UNEXPECTED_MESSAGE, "content type"));
        c.add(new Case("inner content type change_cipher_spec", null, p -> p.sealRaw(new byte[] {1, 20}),
                UNEXPECTED_MESSAGE, "change_cipher_spec"));
        c.add(new Case("inner content type 99", null, p -> p.sealRaw(new byte[] {1, 99}), UNEXPECTED_MESSAGE,
                "content type 99"));
        c.add(new Case("empty inner handshake", null, p -> p.sealRaw(new byte[] {22}), UNEXPECTED_MESSAGE,
                "empty handshake"));
        c.add(new Case("inner alert of 3 bytes", null, p -> p.sealRaw(new byte[] {2, 40, 0, 21}), DECODE_ERROR, "alert"));
        c.add(new Case("inner plaintext of 2^14 + 2 bytes", null, p -> {
            byte[] inner = new byte[(1 << 14) + 2];
            inner[inner.length - 1] = 23;
            return p.sealRaw(inner);
        }, RECORD_OVERFLOW, "2^14 + 1"));
        c.add(new Case("application data of 2^14 + 1 bytes padded to the ciphertext limit", null, p -> {
            byte[] inner = new byte[(1 << 14) + 240];
            inner[(1 << 14)] = 23;
            inner[0] = 1;
            return p.sealRaw(inner);
        }, RECORD_OVERFLOW, "2^14 + 1"));
        c.add(new Case("encrypted record of 2^14 + 257 bytes", null,
                p -> record(Wire.APPLICATION_DATA, 0x0303, (1 << 14) + 257, new byte[0]), RECORD_OVERFLOW, "exceeds"));
        return c.stream();
    }

    static Stream<Arguments> hostileBySide() {
        List<Arguments> out = new ArrayList<>();
        hostile().forEach(c -> {
            for (Side s : Side.values()) {
                if (c.only() == null || c.only() == s) {
                    out.add(Arguments.of(s, c));
                }
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "Keel {0}: {1}")
    @MethodSource("hostileBySide")
    void engineRejectsHostilePostHandshakeRecord(Side side, Case c) throws Exception {
        Pair p = Pair.connected(side);
        EngineProbe.assertRejected(p.engine(), c.input().make(p.peer()), SSLProtocolException.class, c.alert(),
                c.reason(), p.opener());
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void newSessionTicketToAClientIsConsumedSilently(Side side) throws Exception {
        if (side == Side.SERVER) {
            return; // covered as a hostile case above
        }
        Pair p = Pair.connected(side);
        assertEquals(0, p.engineReads(handshake(p.peer(), ticket())).length);
        p.assertDataFlows(1000);
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void fatalAlertAfterTheHandshakeIsReportedAndNotAnswered(Side side) throws Exception {
        Pair p = Pair.connected(side);
        SSLException e = EngineProbe.expectFailure(p.engine(), p.peer().record(ContentType.ALERT, new byte[] {2, 80}));
        assertEquals("Received fatal alert: internal_error", e.getMessage());
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, p.engine().getHandshakeStatus());
        EngineProbe.assertClosed(p.engine());
    }

    // ------------------------------------------------------------------ close_notify (RFC 8446 6.1)

    @ParameterizedTest
    @EnumSource(Side.class)
    void dataAfterCloseNotifyIsIgnored(Side side) throws Exception {
        Pair p = Pair.connected(side);
        SSLEngine e = p.engine();
        byte[] closeThenData = concat(p.peer().record(ContentType.ALERT, new byte[] {1, 0}),
                p.peer().record(ContentType.APPLICATION_DATA, Wire.ascii("too late")));
        ByteBuffer src = ByteBuffer.wrap(closeThenData);
        ByteBuffer app = ByteBuffer.allocate(e.getSession().getApplicationBufferSize());
        SSLEngineResult r = e.unwrap(src, app);
        assertEquals(SSLEngineResult.Status.CLOSED, r.getStatus());
        assertTrue(e.isInboundDone());
        int left = src.remaining();
        assertTrue(left > 0);
        r = e.unwrap(src, app);
        assertEquals(SSLEngineResult.Status.CLOSED, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(0, r.bytesProduced());
        assertEquals(0, app.position(), "nothing after close_notify reaches the application");

        // TLS 1.3 half-close: the engine may still write, then closes its side with close_notify.
        assertFalse(e.isOutboundDone());
        assertArrayEquals(Wire.ascii("still writing"), applicationData(p.engineSends(Wire.ascii("still writing"))));
        e.closeOutbound();
        assertEquals(HandshakeStatus.NEED_WRAP, e.getHandshakeStatus(), "close_notify to send");
        List<Received> got = p.peer().read(EngineProbe.wrapOnce(e, EngineProbe.EMPTY));
        assertEquals(1, got.size());
        assertEquals(ContentType.ALERT, got.get(0).type());
        assertArrayEquals(new byte[] {1, 0}, got.get(0).content(), "close_notify");
        assertTrue(e.isOutboundDone());
    }

    // ------------------------------------------------------------------ the core's KeyUpdate request

    /** {@code TlsConnection.requestKeyUpdate(true)}: both sides change keys; 1 MiB each way afterwards. */
    @Test
    void requestKeyUpdateRoundTripThenOneMebibyte() throws Exception {
        ConnectionPair pair = new ConnectionPair(Fixtures.client().build(), Fixtures.server(KeyType.EC_P256).build());
        pair.handshake();
        byte[][] small = pair.exchange(Wire.ascii("before"), Wire.ascii("before too"));
        assertArrayEquals(Wire.ascii("before"), small[0]);
        assertEquals(0, pair.client.postHandshakeRecords);
        assertEquals(0, pair.server.postHandshakeRecords);

        pair.client.connection.requestKeyUpdate(true);
        assertArrayEquals(Wire.ascii("ping"), pair.exchange(Wire.ascii("ping"), new byte[0])[0]);
        assertEquals(1, pair.client.postHandshakeRecords, "the client's KeyUpdate");
        assertEquals(0, pair.server.postHandshakeRecords, "the answer waits for the server's next write (4.6.3)");
        byte[] c2s = random(1 << 20, 4);
        byte[] s2c = random(1 << 20, 5);
        byte[][] got = pair.exchange(c2s, s2c);
        assertArrayEquals(c2s, got[0]);
        assertArrayEquals(s2c, got[1]);
        assertEquals(1, pair.client.postHandshakeRecords, "the client's KeyUpdate");
        assertEquals(1, pair.server.postHandshakeRecords, "the server's answer to update_requested");

        pair.server.connection.requestKeyUpdate(false);
        got = pair.exchange(Wire.ascii("and"), Wire.ascii("again"));
        assertArrayEquals(Wire.ascii("again"), got[1]);
        assertEquals(1, pair.client.postHandshakeRecords, "update_not_requested is not answered");
        assertEquals(2, pair.server.postHandshakeRecords);
    }

    // ------------------------------------------------------------------ helpers

    static byte[] applicationData(List<Received> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Received r : records) {
            assertEquals(ContentType.APPLICATION_DATA, r.type(), "only application data expected");
            out.writeBytes(r.content());
        }
        return out.toByteArray();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
