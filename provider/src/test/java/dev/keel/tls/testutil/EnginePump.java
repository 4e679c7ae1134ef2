package dev.keel.tls.testutil;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Drives a client and a server {@link SSLEngine} against each other in memory, the way a careful
 * application would: strictly by {@code getHandshakeStatus()} during the handshake (run delegated
 * tasks, wrap on NEED_WRAP, unwrap on NEED_UNWRAP), growing buffers on BUFFER_OVERFLOW, waiting for
 * the peer on BUFFER_UNDERFLOW. Every phase has a step bound, and a round in which neither side can
 * make progress fails at once, so a bug can never hang a test.
 *
 * <p>Records every {@code HandshakeStatus} and {@code Status} returned by wrap/unwrap on each side,
 * so tests can assert, e.g., that FINISHED was returned exactly once per side.
 *
 * <p>Not thread-safe; one pump per pair of engines.
 */
public final class EnginePump {
    public static final int DEFAULT_MAX_STEPS = 10_000;

    private final Side client;
    private final Side server;
    private int maxSteps = DEFAULT_MAX_STEPS;
    private boolean tasksOnOtherThread;

    public EnginePump(SSLEngine client, SSLEngine server) {
        if (!client.getUseClientMode() || server.getUseClientMode()) {
            throw new IllegalArgumentException("set client mode on the client engine and server mode on the server");
        }
        this.client = new Side(this, "client", client);
        this.server = new Side(this, "server", server);
        this.client.peer = this.server;
        this.server.peer = this.client;
    }

    /** Changes the step bound of each phase. */
    public EnginePump maxSteps(int steps) {
        this.maxSteps = steps;
        return this;
    }

    /**
     * Runs delegated tasks on a separate thread (joined before the pump goes on) instead of inline,
     * as servers with a worker pool do; the engine must behave the same either way (DESIGN.md).
     */
    public EnginePump tasksOnOtherThread(boolean v) {
        this.tasksOnOtherThread = v;
        return this;
    }

    // ------------------------------------------------------------------ phases

    /** Calls {@code beginHandshake()} on both engines, then runs the handshake to completion. */
    public void handshake() throws SSLException {
        client.engine.beginHandshake();
        server.engine.beginHandshake();
        runHandshake();
    }

    /** Runs the handshake without {@code beginHandshake()}: the client's first wrap starts it. */
    public void handshakeWithoutBegin() throws SSLException {
        runHandshake();
    }

    private void runHandshake() throws SSLException {
        pump("handshake", () -> client.finishedCount() > 0 && server.finishedCount() > 0
                && client.engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && server.engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING);
    }

    /**
     * Sends {@code clientToServer} random bytes one way and {@code serverToClient} the other, at the
     * same time, and checks that each side received exactly what the other sent.
     */
    public void transfer(int clientToServer, int serverToClient) throws SSLException {
        Random random = new Random(clientToServer * 31L + serverToClient);
        byte[] c2s = new byte[clientToServer];
        byte[] s2c = new byte[serverToClient];
        random.nextBytes(c2s);
        random.nextBytes(s2c);
        byte[][] received = exchange(c2s, s2c);
        if (!Arrays.equals(c2s, received[0])) {
            throw new AssertionError("server received " + received[0].length + " bytes that differ from the "
                    + c2s.length + " the client sent");
        }
        if (!Arrays.equals(s2c, received[1])) {
            throw new AssertionError("client received " + received[1].length + " bytes that differ from the "
                    + s2c.length + " the server sent");
        }
    }

    /**
     * Sends the given bytes each way; returns {what the server received, what the client received}
     * once each side has received as many bytes as the other sent.
     */
    public byte[][] exchange(byte[] clientToServer, byte[] serverToClient) throws SSLException {
        client.received.reset();
        server.received.reset();
        client.appOut = ByteBuffer.wrap(clientToServer);
        server.appOut = ByteBuffer.wrap(serverToClient);
        pump("data transfer", () -> !client.appOut.hasRemaining() && !server.appOut.hasRemaining()
                && server.received.size() >= clientToServer.length
                && client.received.size() >= serverToClient.length);
        return new byte[][] {server.received.toByteArray(), client.received.toByteArray()};
    }

    /**
     * Closes both ways with close_notify: the client closes its outbound side, the pump runs until the
     * server has read the close_notify, then the server closes its outbound side (TLS 1.3 allows a
     * half-close, so the server's close is explicit) and the pump runs until both engines are done.
     */
    public void closeBoth() throws SSLException {
        client.engine.closeOutbound();
        client.closing = true;
        pump("client close_notify", () -> client.engine.isOutboundDone() && server.engine.isInboundDone());
        server.engine.closeOutbound();
        server.closing = true;
        pump("server close_notify", () -> server.engine.isOutboundDone() && client.engine.isInboundDone());
    }

    // ------------------------------------------------------------------ what was seen

    /** Every HandshakeStatus {@code engine}'s wrap and unwrap results carried, in order. */
    public List<HandshakeStatus> handshakeStatuses(SSLEngine engine) {
        return List.copyOf(side(engine).handshakeStatuses);
    }

    /** Every Status {@code engine}'s wrap and unwrap results carried, in order. */
    public List<SSLEngineResult.Status> statuses(SSLEngine engine) {
        return List.copyOf(side(engine).statuses);
    }

    /** How many results of {@code engine} carried FINISHED. */
    public int finishedCount(SSLEngine engine) {
        return side(engine).finishedCount();
    }

    /** Network bytes written by {@code engine} that its peer has not read yet. */
    public int pendingBytesFrom(SSLEngine engine) {
        return side(engine).peer.inbound.position();
    }

    private Side side(SSLEngine engine) {
        if (engine == client.engine) {
            return client;
        }
        if (engine == server.engine) {
            return server;
        }
        throw new IllegalArgumentException("not an engine of this pump");
    }

    // ------------------------------------------------------------------ the loop

    private void pump(String phase, BooleanSupplier done) throws SSLException {
        int steps = 0;
        while (!done.getAsBoolean()) {
            if (++steps > maxSteps) {
                throw new AssertionError(phase + ": no completion after " + maxSteps + " steps; " + state());
            }
            boolean progress = client.step();
            progress |= server.step();
            if (!progress && !done.getAsBoolean()) {
                throw new AssertionError(phase + ": neither engine can make progress; " + state());
            }
        }
    }

    private String state() {
        return client.describe() + "; " + server.describe();
    }

    /** One engine with its buffers. */
    private static final class Side {
        final EnginePump pump;
        final String name;
        final SSLEngine engine;
        Side peer;
        /** Network bytes from the peer not yet unwrapped (write mode). */
        ByteBuffer inbound;
        ByteBuffer netOut;
        ByteBuffer appIn;
        ByteBuffer appOut = ByteBuffer.allocate(0);
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<HandshakeStatus> handshakeStatuses = new ArrayList<>();
        final List<SSLEngineResult.Status> statuses = new ArrayList<>();
        boolean closing;
        int wraps;

        Side(EnginePump pump, String name, SSLEngine engine) {
            this.pump = pump;
            this.name = name;
            this.engine = engine;
            int packet = engine.getSession().getPacketBufferSize();
            this.inbound = ByteBuffer.allocate(packet);
            this.netOut = ByteBuffer.allocate(packet);
            this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }

        int finishedCount() {
            return (int) handshakeStatuses.stream().filter(s -> s == HandshakeStatus.FINISHED).count();
        }

        boolean handshakeDone() {
            return finishedCount() > 0;
        }

        /** Does whatever this engine can do now; true if anything moved. */
        boolean step() throws SSLException {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                Runnable task;
                boolean ran = false;
                while ((task = engine.getDelegatedTask()) != null) {
                    runTask(task);
                    ran = true;
                }
                return ran;
            }
            boolean progress = false;
            if (shouldWrap(hs)) {
                progress |= wrap();
            }
            if (shouldUnwrap(engine.getHandshakeStatus())) {
                progress |= unwrap();
            }
            return progress;
        }

        private void runTask(Runnable task) {
            if (!pump.tasksOnOtherThread) {
                task.run();
                return;
            }
            Throwable[] failure = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    task.run();
                } catch (Throwable e) {
                    failure[0] = e;
                }
            }, name + "-delegated-task");
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a delegated task", e);
            }
            if (failure[0] != null) {
                throw new AssertionError("delegated task failed", failure[0]);
            }
        }

        private boolean shouldWrap(HandshakeStatus hs) {
            if (hs == HandshakeStatus.NEED_WRAP) {
                return true;
            }
            if (hs != HandshakeStatus.NOT_HANDSHAKING || engine.isOutboundDone()) {
                return false;
            }
            boolean startsHandshake = !handshakeDone() && engine.getUseClientMode() && wraps == 0;
            return startsHandshake || (handshakeDone() && appOut.hasRemaining()) || closing;
        }

        private boolean shouldUnwrap(HandshakeStatus hs) {
            if (inbound.position() == 0 || engine.isInboundDone()) {
                return false;
            }
            return hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN
                    || hs == HandshakeStatus.NOT_HANDSHAKING;
        }

        private boolean wrap() throws SSLException {
            while (true) {
                netOut.clear();
                SSLEngineResult r = engine.wrap(appOut, netOut);
                wraps++;
                record(r);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                    continue;
                }
                netOut.flip();
                peer.inbound = append(peer.inbound, netOut);
                return r.bytesProduced() > 0 || r.bytesConsumed() > 0
                        || r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
            }
        }

        private boolean unwrap() throws SSLException {
            boolean progress = false;
            while (inbound.position() > 0 && !engine.isInboundDone()) {
                inbound.flip();
                SSLEngineResult r;
                try {
                    r = engine.unwrap(inbound, appIn);
                } finally {
                    inbound.compact();
                }
                record(r);
                switch (r.getStatus()) {
                    case BUFFER_OVERFLOW -> {
                        appIn.flip();
                        ByteBuffer bigger = ByteBuffer.allocate(appIn.capacity() * 2);
                        bigger.put(appIn);
                        appIn = bigger;
                        progress = true;
                        continue;
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (inbound.position() == inbound.capacity()) {
                            inbound = grow(inbound, inbound.capacity() * 2);
                            progress = true;
                            continue;
                        }
                        return progress; // the peer must send more first
                    }
                    default -> {
                    }
                }
                drainApplicationData();
                progress |= r.bytesConsumed() > 0 || r.bytesProduced() > 0;
                HandshakeStatus hs = r.getHandshakeStatus();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED || hs == HandshakeStatus.NEED_WRAP
                        || hs == HandshakeStatus.NEED_TASK || hs == HandshakeStatus.FINISHED) {
                    return true;
                }
                if (r.bytesConsumed() == 0) {
                    return progress;
                }
            }
            return progress;
        }

        private void drainApplicationData() {
            appIn.flip();
            received.write(appIn.array(), appIn.arrayOffset() + appIn.position(), appIn.remaining());
            appIn.clear();
        }

        /** Records a result and checks the SSLEngine contract parts every engine must keep. */
        private void record(SSLEngineResult r) {
            handshakeStatuses.add(r.getHandshakeStatus());
            statuses.add(r.getStatus());
            SSLEngineResult.Status st = r.getStatus();
            if ((st == SSLEngineResult.Status.BUFFER_UNDERFLOW || st == SSLEngineResult.Status.BUFFER_OVERFLOW)
                    && (r.bytesConsumed() != 0 || r.bytesProduced() != 0)) {
                throw new AssertionError(name + ": " + st + " must consume and produce nothing: " + r);
            }
            if (engine.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                throw new AssertionError(name + ": getHandshakeStatus() must never return FINISHED");
            }
        }

        private static ByteBuffer append(ByteBuffer target, ByteBuffer data) {
            if (target.remaining() < data.remaining()) {
                target = grow(target, target.position() + data.remaining());
            }
            target.put(data);
            return target;
        }

        private static ByteBuffer grow(ByteBuffer b, int capacity) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, b.capacity()));
            b.flip();
            bigger.put(b);
            return bigger;
        }

        String describe() {
            return name + "[hs=" + engine.getHandshakeStatus() + ", finished=" + finishedCount()
                    + ", inboundDone=" + engine.isInboundDone() + ", outboundDone=" + engine.isOutboundDone()
                    + ", pendingIn=" + inbound.position() + ", appOutLeft=" + appOut.remaining()
                    + ", received=" + received.size() + ", results=" + handshakeStatuses.size() + "]";
        }
    }
}
