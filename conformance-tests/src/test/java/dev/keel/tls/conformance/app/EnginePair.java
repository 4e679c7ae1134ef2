package dev.keel.tls.conformance.app;

import dev.keel.tls.conformance.wire.TlsWireObserver;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Two SSLEngines connected in memory. The harness plays the network: every record one engine wraps is
 * shown to a {@link TlsWireObserver} and handed to the other engine's unwrap. Applications are
 * simple: each side has bytes to send and collects what it receives, and closes its outbound side
 * once it has received the peer's close_notify (as a socket application would on end of stream).
 * Every loop is bounded: a stalled or looping engine fails the case, it cannot hang it.
 */
public final class EnginePair implements AutoCloseable {

    private static final int MAX_ROUNDS = 200_000;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** One engine and its buffers. */
    public final class End {
        public final SSLEngine engine;
        private final String name;
        private ByteBuffer netIn = ByteBuffer.allocate(0); // records from the other side, read mode
        private ByteBuffer appOut = ByteBuffer.allocate(0); // data to send, read mode
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private SSLException failure;
        private boolean closing;

        End(SSLEngine engine, String name) {
            this.engine = engine;
            this.name = name;
        }

        /** The exception this engine threw, if any. */
        public SSLException failure() {
            return failure;
        }

        public byte[] received() {
            return received.toByteArray();
        }

        public int receivedCount() {
            return received.size();
        }

        /** Queues application data. */
        public void send(byte[] data) {
            ByteBuffer b = ByteBuffer.allocate(appOut.remaining() + data.length);
            b.put(appOut).put(data).flip();
            appOut = b;
        }

        /** Starts this side's close (close_notify). */
        public void close() {
            closing = true;
            engine.closeOutbound();
        }

        @Override
        public String toString() {
            return name + "[hs=" + engine.getHandshakeStatus() + ", outDone=" + engine.isOutboundDone() + ", inDone="
                    + engine.isInboundDone() + ", pendingIn=" + netIn.remaining() + ", pendingOut=" + appOut.remaining()
                    + (failure != null ? ", failed: " + failure : "") + "]";
        }
    }

    public final End client;
    public final End server;
    private final TlsWireObserver wire;

    public EnginePair(SSLEngine client, SSLEngine server, TlsWireObserver wire) {
        this.client = new End(client, "client");
        this.server = new End(server, "server");
        this.wire = wire;
    }

    /**
     * Runs the handshake to completion on both sides. If a side fails, the exception thrown names both
     * sides' failures (the one that detected the problem and the one that received its alert).
     */
    public void handshake() throws SSLException {
        client.engine.beginHandshake();
        server.engine.beginHandshake();
        pumpUntil(() -> handshakeDone(client) && handshakeDone(server)
                && !client.netIn.hasRemaining() && !server.netIn.hasRemaining(), "handshake");
        if (client.failure != null || server.failure != null) {
            SSLException first = client.failure != null ? client.failure : server.failure;
            SSLException both = new javax.net.ssl.SSLHandshakeException("handshake failed — client: "
                    + describe(client.failure) + " | server: " + describe(server.failure));
            both.initCause(first);
            throw both;
        }
    }

    private static String describe(SSLException e) {
        if (e == null) {
            return "no exception";
        }
        String s = e.toString();
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            s += " ← " + cause;
            e = null;
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return s;
    }

    private static boolean handshakeDone(End e) {
        HandshakeStatus hs = e.engine.getHandshakeStatus();
        return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
    }

    /** Pumps until {@code to} has received {@code count} bytes in total. */
    public void deliver(End to, int count) throws SSLException {
        pumpUntil(() -> to.receivedCount() >= count, "delivery of " + count + " bytes to " + to.name);
        rethrow();
    }

    /** Client closes first; each side answers the other's close_notify with its own. */
    public void closeBoth() throws SSLException {
        client.close();
        pumpUntil(() -> client.engine.isOutboundDone() && client.engine.isInboundDone()
                && server.engine.isOutboundDone() && server.engine.isInboundDone(), "close_notify exchange");
        rethrow();
    }

    /** Pumps until both sides stop making progress (used when a failure is expected). */
    public void pumpToQuiescence() {
        try {
            pumpUntil(() -> false, "quiescence");
        } catch (SSLException | AssertionError e) {
            // stalled is the expected end here
        }
    }

    private void rethrow() throws SSLException {
        if (client.failure != null) {
            throw client.failure;
        }
        if (server.failure != null) {
            throw server.failure;
        }
    }

    private void pumpUntil(BooleanSupplier done, String what) throws SSLException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (done.getAsBoolean()) {
                return;
            }
            boolean progress = step(client, server) | step(server, client);
            if (client.failure != null || server.failure != null) {
                if (!progress) {
                    return; // alerts delivered as far as they go; the caller sees the failure
                }
                continue;
            }
            if (!progress) {
                if (done.getAsBoolean()) {
                    return;
                }
                throw new AssertionError("engines stalled before " + what + ": " + client + " " + server);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + DEADLINE.toSeconds() + " s: " + client + " " + server);
            }
        }
        throw new AssertionError("no " + what + " after " + MAX_ROUNDS + " rounds: " + client + " " + server);
    }

    /** One turn for {@code self}: run tasks, wrap what it has to send, unwrap what it received. */
    private boolean step(End self, End other) {
        boolean progress = false;
        try {
            runTasks(self.engine);
            progress |= wrap(self, other);
            if (self.failure == null) {
                progress |= unwrap(self);
            }
            if (self.engine.isInboundDone() && !self.closing && self.failure == null) {
                self.close(); // answer close_notify with close_notify
                progress = true;
            }
        } catch (SSLException e) {
            if (self.failure == null) {
                self.failure = e;
                progress = true;
                try {
                    wrap(self, other); // flush the alert this failure queued
                } catch (SSLException | RuntimeException ignored) {
                    // nothing more to send
                }
            }
        } catch (RuntimeException e) {
            if (self.failure == null) {
                self.failure = new SSLException(self.name + " engine threw " + e, e);
                progress = true;
            }
        }
        return progress;
    }

    private boolean wrap(End self, End other) throws SSLException {
        boolean progress = false;
        ByteBuffer net = ByteBuffer.allocate(Math.max(self.engine.getSession().getPacketBufferSize(), 1 << 15));
        for (int i = 0; i < 1000; i++) {
            HandshakeStatus hs = self.engine.getHandshakeStatus();
            boolean want = hs == HandshakeStatus.NEED_WRAP || self.appOut.hasRemaining()
                    || self.closing && !self.engine.isOutboundDone();
            if (!want || self.engine.isOutboundDone() && hs != HandshakeStatus.NEED_WRAP) {
                break;
            }
            net.clear();
            SSLEngineResult r = self.engine.wrap(self.appOut, net);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                net = ByteBuffer.allocate(net.capacity() * 2);
                continue;
            }
            net.flip();
            if (net.hasRemaining()) {
                byte[] bytes = new byte[net.remaining()];
                net.get(bytes);
                if (self == client) {
                    wire.fromClient(bytes, 0, bytes.length);
                } else {
                    wire.fromServer(bytes, 0, bytes.length);
                }
                ByteBuffer in = ByteBuffer.allocate(other.netIn.remaining() + bytes.length);
                in.put(other.netIn).put(bytes).flip();
                other.netIn = in;
                progress = true;
            }
            runTasks(self.engine);
            if (r.bytesProduced() == 0 && r.bytesConsumed() == 0) {
                break;
            }
        }
        return progress;
    }

    private boolean unwrap(End self) throws SSLException {
        boolean progress = false;
        ByteBuffer app = ByteBuffer.allocate(Math.max(self.engine.getSession().getApplicationBufferSize(), 1 << 15));
        for (int i = 0; i < 1000 && self.netIn.hasRemaining(); i++) {
            app.clear();
            SSLEngineResult r = self.engine.unwrap(self.netIn, app);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                app = ByteBuffer.allocate(app.capacity() * 2);
                continue;
            }
            app.flip();
            if (app.hasRemaining()) {
                self.received.write(app.array(), 0, app.remaining());
            }
            runTasks(self.engine);
            if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                progress = true;
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                    || r.getStatus() == SSLEngineResult.Status.CLOSED
                    || r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                break;
            }
        }
        if (self.netIn.hasRemaining() && self.netIn.position() > 0) {
            self.netIn = self.netIn.slice();
        }
        return progress;
    }

    private static void runTasks(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Closes both engines (Conscrypt frees native state only when its engines are closed). */
    @Override
    public void close() {
        for (End e : new End[] {client, server}) {
            e.engine.closeOutbound();
            try {
                e.engine.closeInbound();
            } catch (SSLException ignored) {
                // truncation warning: irrelevant after the case
            }
        }
    }
}
