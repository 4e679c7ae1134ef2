package dev.keel.tls.hostile;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.handshake.ClientHandshake13;
import dev.keel.tls.handshake.HandshakeIo;
import dev.keel.tls.handshake.HandshakeProtocol;
import dev.keel.tls.handshake.KeySchedule13;
import dev.keel.tls.handshake.ServerHandshake13;
import dev.keel.tls.message.ContentType;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.KeyUpdate;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.record.HandshakeReassembler;
import dev.keel.tls.record.RecordLayer;
import dev.keel.tls.session.TlsSession;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The hostile peer of the engine-level tests: a TLS 1.3 endpoint assembled in the test from Keel's own
 * handshake state machine and record layer, with the connection logic in the test's hands. It runs a
 * real handshake with a Keel {@code SSLEngine}, but the test decides what goes on the wire: it may
 * rewrite any handshake message before it is encrypted ({@link #outgoing}), and once connected send
 * any record under its current keys ({@link #record}, {@link #sealRaw}). It decrypts what the engine
 * sends (alerts included) and follows the engine's KeyUpdates.
 */
final class ScriptedPeer {
    /** Rewrites one outgoing handshake message into the wire bytes to send instead (any number of messages). */
    interface Rewrite {
        byte[] apply(RawHandshake message) throws Exception;
    }

    /** A record the engine sent, decrypted; handshake records are split into messages. */
    record Received(ContentType type, byte[] content) {
    }

    private record WriteKeys(CipherSuite suite, byte[] secret) {
    }

    private static final Object CHANGE_CIPHER_SPEC = new Object();

    private final HandshakeProtocol handshake;
    private final RecordLayer records = new RecordLayer();
    private final HandshakeReassembler reassembler = new HandshakeReassembler(1 << 16);
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    /** Every write traffic secret the state machine handed out, in order (handshake, then application). */
    final List<byte[]> writeSecretsSeen = new ArrayList<>();
    private CipherSuite suite;
    private byte[] readSecret;
    private byte[] writeSecret;
    /** Applied to each handshake message of the handshake before it is framed; identity by default. */
    Rewrite outgoing = RawHandshake::wire;

    ScriptedPeer(TlsConfig config) throws TlsAlertException {
        HandshakeIo io = new Io();
        TlsSession session = new TlsSession(config.peerHost(), config.peerPort());
        handshake = config.clientMode() ? new ClientHandshake13(config, io, session)
                : new ServerHandshake13(config, io, session);
        handshake.start();
    }

    boolean isComplete() {
        return handshake.isComplete();
    }

    CipherSuite suite() {
        return suite;
    }

    /** The traffic secret the peer writes with now (the engine reads with it). */
    byte[] writeSecret() {
        return writeSecret.clone();
    }

    /** Records for everything the state machine queued since the last call, one message per record. */
    byte[] flush() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(1 << 18);
        while (!queue.isEmpty()) {
            Object item = queue.poll();
            if (item == CHANGE_CIPHER_SPEC) {
                records.writeRecord(ContentType.CHANGE_CIPHER_SPEC, ByteBuffer.wrap(new byte[] {1}), out);
            } else if (item instanceof WriteKeys k) {
                records.setWriteKeys13(k.suite(), k.secret());
                writeSecret = k.secret();
            } else {
                byte[] wire = outgoing.apply(HandshakeHarness.raw((byte[]) item));
                if (wire.length > 0) {
                    records.writeFragmented(ContentType.HANDSHAKE, ByteBuffer.wrap(wire), out);
                }
            }
        }
        out.flip();
        return Wire.remaining(out);
    }

    /**
     * Reads every record in {@code net}. During the handshake, handshake messages go to the state
     * machine; afterwards they are returned (a KeyUpdate also updates the read keys). Alerts and
     * application data are returned; the compatibility change_cipher_spec is dropped.
     */
    List<Received> read(byte[] net) throws TlsAlertException {
        List<Received> out = new ArrayList<>();
        ByteBuffer src = ByteBuffer.wrap(net);
        ContentType type;
        while ((type = records.readRecord(src, null)) != null) {
            byte[] content = Wire.remaining(records.readFragment());
            switch (type) {
                case HANDSHAKE -> {
                    reassembler.add(ByteBuffer.wrap(content));
                    RawHandshake m;
                    while ((m = reassembler.next()) != null) {
                        if (!handshake.isComplete()) {
                            handshake.handle(m);
                        } else {
                            out.add(new Received(ContentType.HANDSHAKE, m.wire()));
                            if (m.type() == HandshakeType.KEY_UPDATE.code()) {
                                readSecret = KeySchedule13.nextTrafficSecret(suite.hash(), readSecret);
                                records.setReadKeys13(suite, readSecret);
                            }
                        }
                    }
                }
                case CHANGE_CIPHER_SPEC -> {
                }
                default -> out.add(new Received(type, content));
            }
        }
        return out;
    }

    /** One record of {@code type} carrying {@code content}, under the current write keys. */
    byte[] record(ContentType type, byte[] content) throws TlsAlertException {
        ByteBuffer out = ByteBuffer.allocate(RecordLayer.MAX_TLS13_RECORD_LENGTH);
        records.writeRecord(type, ByteBuffer.wrap(content), out);
        out.flip();
        return Wire.remaining(out);
    }

    /** A KeyUpdate record under the current keys; the peer's own write keys then move on. */
    byte[] keyUpdate(boolean requestUpdate) throws TlsAlertException {
        byte[] r = record(ContentType.HANDSHAKE, new KeyUpdate(requestUpdate).encode());
        updateWriteKeys();
        return r;
    }

    /** RFC 8446 7.2: the next write traffic secret, as after sending a KeyUpdate. */
    void updateWriteKeys() {
        writeSecret = KeySchedule13.nextTrafficSecret(suite.hash(), writeSecret);
        records.setWriteKeys13(suite, writeSecret);
    }

    /**
     * A record sealed by the test's own AEAD code around an arbitrary TLSInnerPlaintext (content type
     * byte and padding included), with the current write key and sequence number; the peer's record
     * layer does not advance, so use it for the last record a case sends.
     */
    byte[] sealRaw(byte[] innerPlaintext) throws Exception {
        return Tls13Sealer.seal(suite, writeSecret, records.writeSequenceNumber(), innerPlaintext);
    }

    /** Runs the handshake with {@code engine}, which must then be connected too. */
    static void handshake(javax.net.ssl.SSLEngine engine, ScriptedPeer peer) throws Exception {
        engine.beginHandshake();
        for (int i = 0; i < 16; i++) {
            byte[] fromEngine = EngineProbe.feed(engine, peer.flush());
            if (fromEngine.length > 0) {
                peer.read(fromEngine);
            }
            if (peer.isComplete() && engine.getHandshakeStatus()
                    == javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && peer.queue.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the handshake with the scripted peer did not complete");
    }

    private final class Io implements HandshakeIo {
        @Override
        public void sendHandshake(byte[] messageWire) {
            queue.add(messageWire);
        }

        @Override
        public void sendChangeCipherSpec() {
            queue.add(CHANGE_CIPHER_SPEC);
        }

        @Override
        public void changeWriteKeys(CipherSuite s, byte[] trafficSecret) {
            suite = s;
            writeSecretsSeen.add(trafficSecret.clone());
            queue.add(new WriteKeys(s, trafficSecret.clone()));
        }

        @Override
        public void changeReadKeys(CipherSuite s, byte[] trafficSecret) {
            suite = s;
            readSecret = trafficSecret.clone();
            records.setReadKeys13(s, trafficSecret);
        }

        @Override
        public void versionNegotiated(ProtocolVersion version) {
        }

        @Override
        public void changeWriteKeys12(CipherSuite s, byte[] writeKey, byte[] writeIv) {
            throw new UnsupportedOperationException("this TLS 1.3 test double does not do TLS 1.2");
        }

        @Override
        public void changeReadKeys12(CipherSuite s, byte[] readKey, byte[] readIv) {
            throw new UnsupportedOperationException("this TLS 1.3 test double does not do TLS 1.2");
        }
    }
}
