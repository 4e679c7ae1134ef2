package dev.keel.tls.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.jsse.KeelProvider;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * Feeds bytes to a real {@link SSLEngine} the way an application would (wrap on NEED_WRAP, unwrap
 * otherwise, a bounded number of steps) and checks what a failing engine must do afterwards: report
 * NEED_WRAP, write exactly one fatal alert record, then be closed both ways.
 */
final class EngineProbe {
    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int MAX_STEPS = 64;

    private static final Map<KeyType, SSLContext> SERVERS = new EnumMap<>(KeyType.class);
    private static SSLContext keelClients;
    private static SSLContext sunClients;
    private static final KeelProvider PROVIDER = new KeelProvider();
    private static javax.net.ssl.X509TrustManager trustManager;

    private EngineProbe() {
    }

    // ------------------------------------------------------------------ engines

    static synchronized SSLEngine keelServer(KeyType key) {
        SSLEngine e = SERVERS.computeIfAbsent(key, k -> TestPki.context("TLSv1.3", KeelProvider.NAME, k))
                .createSSLEngine();
        e.setUseClientMode(false);
        // These tables probe TLS 1.3 (TLS 1.2's are in the tls12 package): a TLS 1.3-only engine.
        e.setEnabledProtocols(new String[] {"TLSv1.3"});
        return e;
    }

    static synchronized SSLEngine keelClient() {
        if (keelClients == null) {
            keelClients = TestPki.context("TLSv1.3", KeelProvider.NAME, null);
        }
        return client(keelClients);
    }

    static synchronized SSLEngine sunClient() {
        if (sunClients == null) {
            sunClients = TestPki.context("TLSv1.3", "SunJSSE", null);
        }
        return client(sunClients);
    }

    /**
     * A Keel client whose randomness is a fixed function of {@code seed}: two such engines send the same
     * ClientHello with the same key share, so one recorded server flight fits both.
     */
    static SSLEngine deterministicKeelClient(long seed) {
        try {
            synchronized (EngineProbe.class) {
                if (trustManager == null) {
                    trustManager = TestPki.trustManager();
                }
            }
            SSLContext ctx = SSLContext.getInstance("TLSv1.3", PROVIDER);
            ctx.init(null, new TrustManager[] {trustManager}, new FixedRandom(seed));
            return client(ctx);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLEngine client(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine(TestPki.HOST, 443);
        e.setUseClientMode(true);
        if (ctx.getProvider().getName().equals(KeelProvider.NAME)) {
            e.setEnabledProtocols(new String[] {"TLSv1.3"});
        }
        return e;
    }

    /** Test-only deterministic randomness (never for real keys). */
    static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final Random random;

        FixedRandom(long seed) {
            super(new byte[0]);
            this.random = new Random(seed);
        }

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            random.nextBytes(bytes);
        }

        @Override
        public byte[] generateSeed(int n) {
            byte[] b = new byte[n];
            nextBytes(b);
            return b;
        }

        @Override
        public synchronized void setSeed(long seed) {
            // The constructor of SecureRandom calls this before our field exists; keep the fixed stream.
        }

        @Override
        public synchronized void setSeed(byte[] seed) {
        }
    }

    // ------------------------------------------------------------------ driving

    /** Everything the engine wraps while it says NEED_WRAP. */
    static byte[] wrapAll(SSLEngine engine) throws SSLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < MAX_STEPS && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
            out.writeBytes(wrapOnce(engine, EMPTY));
        }
        return out.toByteArray();
    }

    static byte[] wrapOnce(SSLEngine engine, ByteBuffer app) throws SSLException {
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult r = engine.wrap(app, net);
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            throw new AssertionError("a packet-sized buffer must suffice: " + r);
        }
        net.flip();
        return Wire.remaining(net);
    }

    /**
     * Feeds {@code input} to the engine: it wraps whenever it asks to (that output is returned), and
     * unwraps the input otherwise, until the input is used up, the engine waits for more, or it closes.
     * Exceptions from the engine propagate.
     */
    static byte[] feed(SSLEngine engine, byte[] input) throws SSLException {
        return feed(engine, ByteBuffer.wrap(input));
    }

    static byte[] feed(SSLEngine engine, ByteBuffer src) throws SSLException {
        ByteArrayOutputStream wrapped = new ByteArrayOutputStream();
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        for (int step = 0; step < MAX_STEPS; step++) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                wrapped.writeBytes(wrapOnce(engine, EMPTY));
                continue;
            }
            if (!src.hasRemaining() || engine.isInboundDone()) {
                return wrapped.toByteArray();
            }
            app.clear();
            SSLEngineResult r = engine.unwrap(src, app);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                    || r.getStatus() == SSLEngineResult.Status.CLOSED) {
                return wrapped.toByteArray();
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                throw new AssertionError("an application-sized buffer must suffice: " + r);
            }
        }
        throw new AssertionError("the engine made no end of " + MAX_STEPS + " steps");
    }

    // ------------------------------------------------------------------ what a failed engine must do

    /** Turns the alert record an engine wrote into the 2-byte alert (level, description). */
    interface AlertOpener {
        byte[] open(byte[] record) throws Exception;
    }

    /** For a plaintext alert record. */
    static final AlertOpener PLAINTEXT = record -> {
        assertEquals(Wire.ALERT, Wire.type(record), "a plaintext alert record");
        assertEquals(3, record[1], "legacy_record_version major");
        return Wire.fragment(record);
    };

    /**
     * Feeds {@code input}, expects an SSLException of {@code type} whose message contains
     * {@code reason}, then checks the engine: NEED_WRAP, one fatal alert record of {@code alert}
     * (opened by {@code opener}), closed both ways, and inert afterwards.
     *
     * @return the alert record the engine wrote
     */
    static byte[] assertRejected(SSLEngine engine, byte[] input, Class<? extends SSLException> type,
            AlertDescription alert, String reason, AlertOpener opener) throws Exception {
        SSLException e = expectFailure(engine, input);
        assertInstanceOf(type, e, "exception type; message: " + e.getMessage());
        assertTrue(e.getMessage() != null && e.getMessage().contains(reason),
                "the message should contain \"" + reason + "\": " + e.getMessage());
        assertEquals(HandshakeStatus.NEED_WRAP, engine.getHandshakeStatus(), "after the failure the alert must be wrapped");

        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult r = engine.wrap(EMPTY, net);
        assertEquals(SSLEngineResult.Status.CLOSED, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        net.flip();
        byte[] produced = Wire.remaining(net);
        assertEquals(r.bytesProduced(), produced.length);
        List<byte[]> records = Wire.records(produced);
        assertEquals(1, records.size(), "exactly one record: the alert");
        assertArrayEquals(new byte[] {2, (byte) alert.code()}, opener.open(records.get(0)),
                "a fatal " + alert.rfcName() + " alert");
        assertClosed(engine);
        return records.get(0);
    }

    static byte[] assertRejected(SSLEngine engine, byte[] input, AlertDescription alert, String reason)
            throws Exception {
        return assertRejected(engine, input, javax.net.ssl.SSLHandshakeException.class, alert, reason, PLAINTEXT);
    }

    /** The engine received a fatal alert: the exception names it, and nothing is sent back. */
    static void assertPeerAlert(SSLEngine engine, byte[] input, String alertName) throws Exception {
        SSLException e = expectFailure(engine, input);
        assertEquals("Received fatal alert: " + alertName, e.getMessage());
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, engine.getHandshakeStatus(), "nothing to send back");
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult r = engine.wrap(EMPTY, net);
        assertEquals(SSLEngineResult.Status.CLOSED, r.getStatus());
        assertEquals(0, r.bytesProduced(), "no alert in answer to an alert");
        assertClosed(engine);
    }

    static SSLException expectFailure(SSLEngine engine, byte[] input) {
        try {
            feed(engine, input);
        } catch (SSLException e) {
            return e;
        }
        return fail("the engine accepted the hostile input; handshake status " + engine.getHandshakeStatus());
    }

    /** Closed both ways; further wraps and unwraps do nothing. */
    static void assertClosed(SSLEngine engine) throws SSLException {
        assertTrue(engine.isOutboundDone(), "outbound done");
        assertTrue(engine.isInboundDone(), "inbound done");
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, engine.getHandshakeStatus());
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult w = engine.wrap(ByteBuffer.wrap(new byte[10]), net);
        assertEquals(SSLEngineResult.Status.CLOSED, w.getStatus());
        assertEquals(0, w.bytesProduced());
        assertEquals(0, w.bytesConsumed());
        ByteBuffer junk = ByteBuffer.wrap(Wire.record(Wire.HANDSHAKE, 0x0303, new byte[] {1, 0, 0, 0}));
        SSLEngineResult u = engine.unwrap(junk, ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()));
        assertEquals(SSLEngineResult.Status.CLOSED, u.getStatus());
        assertEquals(0, u.bytesConsumed());
        assertEquals(0, u.bytesProduced());
    }
}
