package dev.keel.tls.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.jsse.Exceptions;
import dev.keel.tls.message.ContentType;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.record.RecordLayer;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * Bounded random mutation of real first flights fed to real Keel engines (fixed seeds, so a failure
 * reproduces): a ClientHello record to a server, a server flight to a client as bytes on the wire,
 * and the server's handshake messages damaged before encryption. Whatever the bytes, the engine may
 * only throw an {@code SSLException} (never a runtime exception or error, never loop: every drive is
 * bounded), that exception must not hide a runtime exception or blame itself (internal_error), and the
 * engine must end closed: after a failure with exactly one alert record written, otherwise after
 * closing it.
 */
class EngineFuzzTest {
    /** Per test; raise with -Dkeel.fuzz.iterations=... for a longer local hunt. */
    private static final int ITERATIONS = Integer.getInteger("keel.fuzz.iterations", 1000);

    /** What happened to the inputs, for the failure message and a sanity check of the mix. */
    private static final class Tally {
        final Map<AlertDescription, Integer> alerts = new EnumMap<>(AlertDescription.class);
        int accepted;
        int peerAlerts;
        final List<String> problems = new ArrayList<>();

        void check(String what) {
            assertTrue(problems.isEmpty(), what + ": " + problems.size() + " problems, first: "
                    + problems.subList(0, Math.min(5, problems.size())));
        }

        @Override
        public String toString() {
            return "alerts " + alerts + ", accepted or waiting " + accepted + ", peer alerts " + peerAlerts;
        }
    }

    // ------------------------------------------------------------------ the three inputs

    @Test
    void mutatedClientHelloRecordsToAServer() throws Exception {
        byte[][] bases = {clientHelloRecord(EngineProbe.keelClient()), clientHelloRecord(EngineProbe.sunClient())};
        Random random = new Random(0x4b45454cL);
        Tally tally = new Tally();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] base = bases[i % 2];
            // Half the time the ClientHello body is damaged and framed again with correct lengths, so
            // that the damage reaches the extension parsers instead of the length checks.
            byte[] input = random.nextBoolean() ? mutate(base, random) : Wire.handshakeRecord(HandshakeHarness.raw(
                    1, mutate(Arrays.copyOfRange(base, 9, base.length), random)));
            probe("ClientHello #" + i, () -> EngineProbe.keelServer(KeyType.EC_P256), input, false, tally);
        }
        tally.check("mutated ClientHello records");
        assertTrue(tally.alerts.size() >= 4, "the mutations reach several checks: " + tally);
    }

    @Test
    void mutatedServerFlightBytesToAClient() throws Exception {
        long seed = 7;
        byte[] clientHello = EngineProbe.wrapAll(started(EngineProbe.deterministicKeelClient(seed)));
        byte[] flight = EngineProbe.feed(EngineProbe.keelServer(KeyType.EC_P256), clientHello);
        Random random = new Random(0x464c4954L);
        Tally tally = new Tally();
        for (int i = 0; i < ITERATIONS; i++) {
            SSLEngine client = started(EngineProbe.deterministicKeelClient(seed));
            byte[] ch = EngineProbe.wrapAll(client);
            if (i == 0) {
                assertArrayEquals(clientHello, ch, "a deterministic client repeats its ClientHello");
            }
            probe("server flight #" + i, () -> client, mutate(flight, random), false, tally);
        }
        tally.check("mutated server flights");
        assertTrue(tally.alerts.containsKey(AlertDescription.BAD_RECORD_MAC), tally.toString());
    }

    /**
     * The server's messages are damaged as plaintext and then encrypted with the real handshake keys,
     * so the damage reaches the client's message parsing, certificate and signature checks rather
     * than stopping at bad_record_mac.
     */
    @Test
    void mutatedEncryptedServerMessagesToAClient() throws Exception {
        long seed = 11;
        byte[] clientHello = EngineProbe.wrapAll(started(EngineProbe.deterministicKeelClient(seed)));
        ScriptedPeer server = new ScriptedPeer(Fixtures.server(KeyType.EC_P256)
                .random(new EngineProbe.FixedRandom(seed)).build());
        List<RawHandshake> messages = new ArrayList<>();
        server.outgoing = m -> {
            messages.add(m);
            return m.wire();
        };
        server.read(clientHello);
        server.flush();
        CipherSuite suite = server.suite();
        byte[] handshakeSecret = server.writeSecretsSeen.get(0);
        assertEquals(5, messages.size(), "ServerHello, EncryptedExtensions, Certificate, CertificateVerify, Finished");

        Random random = new Random(0x454e4352L);
        Tally tally = new Tally();
        for (int i = 0; i < ITERATIONS; i++) {
            int victim = 1 + random.nextInt(4);
            byte[][] wires = new byte[5][];
            for (int m = 0; m < 5; m++) {
                wires[m] = messages.get(m).wire();
            }
            RawHandshake original = messages.get(victim);
            wires[victim] = random.nextBoolean() ? mutate(original.wire(), random)
                    : HandshakeHarness.raw(original.type(), mutate(original.body(), random)).wire();
            if (wires[victim].length == 0) {
                wires[victim] = new byte[] {0};
            }
            byte[] input = encryptedFlight(wires, suite, handshakeSecret, random.nextBoolean());
            SSLEngine client = started(EngineProbe.deterministicKeelClient(seed));
            EngineProbe.wrapAll(client);
            // Every byte of these messages is covered by the CertificateVerify and Finished: a damaged
            // one can never complete the handshake.
            probe("encrypted message " + victim + " #" + i, () -> client, input, true, tally);
        }
        tally.check("mutated encrypted server messages");
        assertTrue(tally.alerts.size() >= 4, "the mutations reach several checks: " + tally);
    }

    // ------------------------------------------------------------------ one probe

    private static void probe(String name, Supplier<SSLEngine> engines, byte[] input, boolean mustNotComplete,
            Tally tally) {
        SSLEngine engine = engines.get();
        try {
            try {
                EngineProbe.feed(engine, input);
            } catch (SSLException e) {
                afterFailure(name, engine, e, tally);
                return;
            }
            // Accepted (or waiting for more): it must close cleanly.
            tally.accepted++;
            if (mustNotComplete && engine.getSession().isValid()) {
                tally.problems.add(name + ": the handshake completed with a damaged message");
            }
            engine.closeOutbound();
            for (int i = 0; i < 8 && !engine.isOutboundDone(); i++) {
                EngineProbe.wrapOnce(engine, EngineProbe.EMPTY);
            }
            try {
                engine.closeInbound();
            } catch (SSLException expected) {
                // No close_notify from the peer: the engine says so, and is closed all the same.
            }
            if (!engine.isOutboundDone() || !engine.isInboundDone()) {
                tally.problems.add(name + ": not closed after closing it");
            }
        } catch (SSLException e) {
            tally.problems.add(name + ": SSLException while closing: " + e);
        } catch (RuntimeException | Error e) {
            tally.problems.add(name + ": " + e + " at " + Arrays.toString(Arrays.copyOf(e.getStackTrace(), 4)));
        }
    }

    /** The first frames of a runtime exception, so that a rare fuzz finding can be traced from the report. */
    private static String where(Throwable t) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(8, frames.length); i++) {
            sb.append("\n    at ").append(frames[i]);
        }
        return sb.toString();
    }

    private static void afterFailure(String name, SSLEngine engine, SSLException e, Tally tally) throws SSLException {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof RuntimeException) {
                tally.problems.add(name + ": a runtime exception inside the SSLException: " + t + where(t));
                return;
            }
        }
        AlertDescription alert = Exceptions.alertOf(e);
        if (engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING && e.getMessage().startsWith("Received")) {
            tally.peerAlerts++;
            if (EngineProbe.wrapOnce(engine, EngineProbe.EMPTY).length != 0) {
                tally.problems.add(name + ": answered a received alert");
            }
        } else {
            if (alert == null || alert == AlertDescription.INTERNAL_ERROR) {
                tally.problems.add(name + ": alert " + alert + " for hostile input: " + e.getMessage());
                return;
            }
            tally.alerts.merge(alert, 1, Integer::sum);
            if (engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                tally.problems.add(name + ": " + engine.getHandshakeStatus() + " after " + e.getMessage());
                return;
            }
            List<byte[]> records = Wire.records(EngineProbe.wrapOnce(engine, EngineProbe.EMPTY));
            int length = records.size() == 1 ? records.get(0).length : -1;
            // A plaintext alert is 7 bytes; an encrypted one 5 + 2 + 1 + 16.
            if (length != 7 && length != 24) {
                tally.problems.add(name + ": not exactly one alert record after " + e.getMessage());
            } else if (length == 7 && records.get(0)[6] != (byte) alert.code()) {
                tally.problems.add(name + ": alert on the wire differs from " + alert);
            }
        }
        if (!engine.isOutboundDone() || !engine.isInboundDone()) {
            tally.problems.add(name + ": not closed after " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ inputs

    private static SSLEngine started(SSLEngine e) throws SSLException {
        e.beginHandshake();
        return e;
    }

    private static byte[] clientHelloRecord(SSLEngine client) throws SSLException {
        return EngineProbe.wrapAll(started(client));
    }

    /**
     * ServerHello (plaintext), change_cipher_spec, then the other messages under the server's
     * handshake keys: one record each, or all in one record.
     */
    private static byte[] encryptedFlight(byte[][] wires, CipherSuite suite, byte[] secret, boolean oneRecord)
            throws Exception {
        ByteBuffer out = ByteBuffer.allocate(1 << 17);
        RecordLayer layer = new RecordLayer();
        layer.writeRecord(ContentType.HANDSHAKE, ByteBuffer.wrap(wires[0]), out);
        layer.writeRecord(ContentType.CHANGE_CIPHER_SPEC, ByteBuffer.wrap(new byte[] {1}), out);
        layer.setWriteKeys13(suite, secret.clone());
        if (oneRecord) {
            layer.writeFragmented(ContentType.HANDSHAKE,
                    ByteBuffer.wrap(Wire.concat(Arrays.copyOfRange(wires, 1, wires.length))), out);
        } else {
            for (int m = 1; m < wires.length; m++) {
                layer.writeFragmented(ContentType.HANDSHAKE, ByteBuffer.wrap(wires[m]), out);
            }
        }
        out.flip();
        return Wire.remaining(out);
    }

    /**
     * One to three random edits (bit flips, byte values, truncation, insertion, deletion, duplication),
     * retried until the result differs from {@code base}: an edit may undo itself or write the value
     * that was there.
     */
    static byte[] mutate(byte[] base, Random random) {
        for (int attempt = 0; attempt < 100; attempt++) {
            byte[] b = edit(base, random);
            if (!Arrays.equals(b, base)) {
                return b;
            }
        }
        throw new AssertionError("no mutation found");
    }

    private static byte[] edit(byte[] base, Random random) {
        byte[] b = base.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(7)) {
                case 0, 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> b[at] = (byte) random.nextInt(256);
                case 3 -> b[at] = random.nextBoolean() ? 0 : (byte) 0xFF;
                case 4 -> b = Arrays.copyOf(b, at);
                case 5 -> {
                    int n = 1 + random.nextInt(8);
                    byte[] ins = new byte[n];
                    random.nextBytes(ins);
                    b = Wire.concat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, b.length));
                }
                default -> {
                    int n = Math.min(b.length - at, 1 + random.nextInt(16));
                    b = random.nextBoolean()
                            ? Wire.concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + n, b.length))
                            : Wire.concat(Arrays.copyOf(b, at + n), Arrays.copyOfRange(b, at, b.length));
                }
            }
        }
        return b;
    }
}
