package dev.keel.tls.hostile;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.connection.TlsConnection;
import dev.keel.tls.connection.TlsConnection.HandshakeStatus;
import dev.keel.tls.connection.TlsConnection.Result;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Two Keel {@link TlsConnection}s (the sans-IO core, no JSSE) connected in memory, for what only the
 * core API offers, such as {@link TlsConnection#requestKeyUpdate}. Every loop is bounded.
 */
final class ConnectionPair {
    private static final int MAX_STEPS = 10_000;

    final End client;
    final End server;

    ConnectionPair(TlsConfig clientConfig, TlsConfig serverConfig) {
        client = new End(new TlsConnection(clientConfig));
        server = new End(new TlsConnection(serverConfig));
        client.peer = server;
        server.peer = client;
    }

    void handshake() throws TlsAlertException {
        client.connection.beginHandshake();
        server.connection.beginHandshake();
        run(() -> client.connection.session() != null && server.connection.session() != null
                && client.connection.handshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && server.connection.handshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && client.inbound.position() == 0 && server.inbound.position() == 0);
        client.postHandshakeRecords = 0;
        server.postHandshakeRecords = 0;
    }

    /** Sends the bytes each way at once; returns {what the server received, what the client received}. */
    byte[][] exchange(byte[] clientToServer, byte[] serverToClient) throws TlsAlertException {
        client.received.reset();
        server.received.reset();
        client.out = ByteBuffer.wrap(clientToServer);
        server.out = ByteBuffer.wrap(serverToClient);
        run(() -> !client.out.hasRemaining() && !server.out.hasRemaining()
                && server.received.size() >= clientToServer.length && client.received.size() >= serverToClient.length);
        return new byte[][] {server.received.toByteArray(), client.received.toByteArray()};
    }

    interface Done {
        boolean check();
    }

    private void run(Done done) throws TlsAlertException {
        for (int i = 0; i < MAX_STEPS; i++) {
            if (done.check()) {
                return;
            }
            boolean progress = client.step() | server.step();
            if (!progress && !done.check()) {
                throw new AssertionError("no progress: client " + client.connection.handshakeStatus() + ", server "
                        + server.connection.handshakeStatus());
            }
        }
        throw new AssertionError("no completion after " + MAX_STEPS + " steps");
    }

    static final class End {
        final TlsConnection connection;
        End peer;
        ByteBuffer inbound = ByteBuffer.allocate(1 << 17);
        ByteBuffer out = ByteBuffer.allocate(0);
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        /** Handshake-type records this end wrote after the handshake (KeyUpdates): counted from the wire. */
        int postHandshakeRecords;
        private final ByteBuffer app = ByteBuffer.allocate(TlsConnection.MAX_PLAINTEXT_SIZE);
        private final ByteBuffer net = ByteBuffer.allocate(TlsConnection.MAX_PACKET_SIZE);

        End(TlsConnection connection) {
            this.connection = connection;
        }

        boolean step() throws TlsAlertException {
            boolean progress = false;
            // Wrap while there is something to send: handshake, KeyUpdate, or application data.
            for (int i = 0; i < 64; i++) {
                boolean handshaking = connection.handshakeStatus() == HandshakeStatus.NEED_WRAP;
                boolean data = connection.session() != null && out.hasRemaining();
                if (!handshaking && !data) {
                    break;
                }
                net.clear();
                Result r = connection.wrap(new ByteBuffer[] {out}, 0, 1, net);
                net.flip();
                if (r.bytesProduced() == 0) {
                    break;
                }
                if (connection.session() != null && r.bytesConsumed() == 0) {
                    postHandshakeRecords++;
                }
                if (peer.inbound.remaining() < net.remaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(2 * peer.inbound.capacity() + net.remaining());
                    peer.inbound.flip();
                    bigger.put(peer.inbound);
                    peer.inbound = bigger;
                }
                peer.inbound.put(net);
                progress = true;
            }
            // Unwrap every complete record.
            inbound.flip();
            try {
                while (inbound.hasRemaining()) {
                    app.clear();
                    Result r = connection.unwrap(inbound, new ByteBuffer[] {app}, 0, 1);
                    if (r.bytesConsumed() == 0) {
                        break;
                    }
                    app.flip();
                    received.write(app.array(), 0, app.limit());
                    progress = true;
                    if (connection.handshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        break;
                    }
                }
            } finally {
                inbound.compact();
            }
            return progress;
        }
    }
}
