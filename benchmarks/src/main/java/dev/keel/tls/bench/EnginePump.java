package dev.keel.tls.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * Connects a client and a server SSLEngine in memory: what one wraps goes into a buffer the other
 * unwraps, with no sockets and no threads. Delegated tasks run inline.
 *
 * <p>The buffers belong to the pump and are reused from one connection to the next, as an application
 * reuses its I/O buffers; only the engines are new for each connection. A pump is not thread-safe.
 *
 * <p>{@link #connect} is the unit the handshake benchmarks time: the handshake, then the server sends one
 * byte of application data that the client reads (so the client also consumes what the server sent
 * after the handshake, such as TLS 1.3 NewSessionTickets; Conscrypt only keeps a resumable TLS 1.3
 * session after that, PEERS.md), then an orderly close_notify exchange, which releases Conscrypt's
 * native state.
 */
public final class EnginePump {
    /** Far more than any handshake flight or record the benchmarks produce. */
    private static final int PIPE_SIZE = 1 << 17;
    private static final int APP_SIZE = 1 << 16;
    /** A handshake needs a handful of rounds; this many without finishing means something is wrong. */
    private static final int MAX_ROUNDS = 100;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final ByteBuffer clientToServer = ByteBuffer.allocate(PIPE_SIZE);
    private final ByteBuffer serverToClient = ByteBuffer.allocate(PIPE_SIZE);
    private final ByteBuffer clientApp = ByteBuffer.allocate(APP_SIZE);
    private final ByteBuffer serverApp = ByteBuffer.allocate(APP_SIZE);
    private final ByteBuffer firstByte = ByteBuffer.allocate(1);
    /** When not null, every byte the server writes during a handshake is copied here. */
    private ByteArrayOutputStream serverCapture;

    /** One whole connection: handshake, first byte from server to client, close. Returns that byte. */
    public int connect(SSLEngine client, SSLEngine server) throws SSLException {
        handshake(client, server);
        int b = serverSendsFirstByte(client, server);
        close(client, server);
        return b;
    }

    /**
     * Runs one connection like {@link #connect} while recording what the server wrote during the
     * handshake, and reports what was negotiated.
     */
    public Negotiated observe(SSLEngine client, SSLEngine server) throws SSLException {
        Negotiated negotiated = establish(client, server);
        close(client, server);
        return negotiated;
    }

    /**
     * Handshakes while recording what the server wrote, lets the server send its first byte, and reports
     * what was negotiated; leaves the connection open.
     */
    public Negotiated establish(SSLEngine client, SSLEngine server) throws SSLException {
        serverCapture = new ByteArrayOutputStream();
        byte[] serverFlight;
        try {
            handshake(client, server);
            serverFlight = serverCapture.toByteArray();
        } finally {
            serverCapture = null;
        }
        serverSendsFirstByte(client, server);
        reset();
        return Negotiated.of(client.getSession(), server.getSession(), ServerFlight.parse(serverFlight));
    }

    /** Handshakes until neither engine is handshaking; throws if they stop making progress. */
    public void handshake(SSLEngine client, SSLEngine server) throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean progress = step(client, serverToClient, clientToServer, clientApp, false);
            progress |= step(server, clientToServer, serverToClient, serverApp, true);
            if (finished(client) && finished(server)) {
                return;
            }
            if (!progress) {
                throw new SSLException("handshake stalled: " + state(client, server));
            }
        }
        throw new SSLException("handshake did not finish in " + MAX_ROUNDS + " rounds: " + state(client, server));
    }

    /** The server wraps one byte of application data; the client unwraps until it has read it. */
    public int serverSendsFirstByte(SSLEngine client, SSLEngine server) throws SSLException {
        firstByte.clear();
        firstByte.put((byte) 0x2a).flip();
        // An engine may first flush post-handshake messages (tickets) and consume nothing.
        for (int i = 0; firstByte.hasRemaining(); i++) {
            SSLEngineResult r = server.wrap(firstByte, serverToClient);
            if (r.getStatus() != Status.OK || i > 8) {
                throw new SSLException("server cannot wrap one byte of application data: " + r);
            }
        }
        clientApp.clear();
        while (clientApp.position() == 0) {
            serverToClient.flip();
            SSLEngineResult r;
            try {
                r = client.unwrap(serverToClient, clientApp);
            } finally {
                serverToClient.compact();
            }
            if (r.getStatus() != Status.OK || (r.bytesConsumed() == 0 && r.bytesProduced() == 0)) {
                throw new SSLException("client cannot read the server's first byte: " + r);
            }
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks(client);
            }
        }
        return clientApp.get(0);
    }

    /** close_notify from the client, then from the server; empties the pump's buffers. */
    public void close(SSLEngine client, SSLEngine server) throws SSLException {
        client.closeOutbound();
        wrapUntilOutboundDone(client, clientToServer);
        unwrapUntilInboundDone(server, clientToServer, serverApp);
        server.closeOutbound();
        wrapUntilOutboundDone(server, serverToClient);
        unwrapUntilInboundDone(client, serverToClient, clientApp);
        reset();
    }

    /** Forgets whatever is in flight, after a failure or after an engine was abandoned. */
    public void reset() {
        clientToServer.clear();
        serverToClient.clear();
        clientApp.clear();
        serverApp.clear();
    }

    /**
     * Releases an engine that will not be closed in an orderly way (clean-up after a failure, or a
     * measurement that drops connections without close_notify): Conscrypt engines hold native
     * resources until closed (PEERS.md).
     */
    public static void abandon(SSLEngine engine) {
        if (engine == null) {
            return;
        }
        engine.closeOutbound();
        try {
            engine.closeInbound();
        } catch (SSLException expected) {
            // closeInbound before the peer's close_notify reports possible truncation; here that is
            // exactly what we are doing on purpose.
        }
    }

    private boolean step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer app, boolean isServer)
            throws SSLException {
        HandshakeStatus status = engine.getHandshakeStatus();
        switch (status) {
            case NEED_TASK:
                runTasks(engine);
                return true;
            case NEED_WRAP:
                return wrapHandshake(engine, out, isServer);
            case NEED_UNWRAP:
            case NEED_UNWRAP_AGAIN:
                return unwrapHandshake(engine, in, app, status);
            default:
                return false;
        }
    }

    private boolean wrapHandshake(SSLEngine engine, ByteBuffer out, boolean isServer) throws SSLException {
        int start = out.position();
        SSLEngineResult r = engine.wrap(EMPTY, out);
        if (r.getStatus() == Status.BUFFER_OVERFLOW) {
            return false; // the peer has to read first
        }
        if (r.getStatus() == Status.CLOSED) {
            throw new SSLException(side(isServer) + " engine closed during the handshake: " + r);
        }
        if (isServer && serverCapture != null) {
            serverCapture.write(out.array(), out.arrayOffset() + start, r.bytesProduced());
        }
        return r.bytesProduced() > 0 || r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
    }

    private static boolean unwrapHandshake(SSLEngine engine, ByteBuffer in, ByteBuffer app, HandshakeStatus before)
            throws SSLException {
        in.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(in, app);
        } finally {
            in.compact();
        }
        if (r.getStatus() == Status.CLOSED) {
            throw new SSLException((engine.getUseClientMode() ? "client" : "server")
                    + " engine closed during the handshake: " + r);
        }
        return r.bytesConsumed() > 0 || r.bytesProduced() > 0 || r.getHandshakeStatus() != before;
    }

    private static void wrapUntilOutboundDone(SSLEngine engine, ByteBuffer out) throws SSLException {
        for (int i = 0; !engine.isOutboundDone() && i < 8; i++) {
            SSLEngineResult r = engine.wrap(EMPTY, out);
            if (r.bytesProduced() == 0 && r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                return;
            }
        }
    }

    private static void unwrapUntilInboundDone(SSLEngine engine, ByteBuffer in, ByteBuffer app)
            throws SSLException {
        while (in.position() > 0 && !engine.isInboundDone()) {
            in.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(in, app);
            } finally {
                in.compact();
            }
            app.clear();
            if (r.bytesConsumed() == 0) {
                return;
            }
        }
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean finished(SSLEngine engine) {
        HandshakeStatus s = engine.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    private String state(SSLEngine client, SSLEngine server) {
        return "client " + client.getHandshakeStatus() + ", server " + server.getHandshakeStatus()
                + ", " + clientToServer.position() + " bytes in flight to the server, "
                + serverToClient.position() + " to the client";
    }

    private static String side(boolean isServer) {
        return isServer ? "server" : "client";
    }
}
