package dev.keel.tls.conformance.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay between a client and a server that shows every byte to a {@link
 * TlsWireObserver} (one per accepted connection) before forwarding it. Half-closes are forwarded, so
 * close_notify sequences behave as without the tap. Closing the tap closes every socket it holds.
 */
public final class WireTap implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final ServerSocket listener;
    private final int targetPort;
    private final List<TlsWireObserver> observers = new CopyOnWriteArrayList<>();
    private final List<RecordTrail[]> trails = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private WireTap(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "wiretap-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A tap listening on 127.0.0.1 (ephemeral port) that relays to 127.0.0.1:targetPort. */
    public static WireTap to(int targetPort) throws IOException {
        return new WireTap(targetPort);
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The observer of the n-th accepted connection (0-based), waiting at most {@code timeout} for it. */
    public TlsWireObserver connection(int index, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (observers) {
            while (observers.size() <= index) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                observers.wait(Math.max(1, left / 1_000_000));
            }
            return observers.get(index);
        }
    }

    /** Observers of the connections accepted so far. */
    public List<TlsWireObserver> connections() {
        return new ArrayList<>(observers);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            sockets.add(client);
            TlsWireObserver observer = new TlsWireObserver();
            RecordTrail[] trail = {new RecordTrail("client→server"), new RecordTrail("server→client")};
            synchronized (observers) {
                trails.add(trail);
                observers.add(observer);
                observers.notifyAll();
            }
            Socket server = new Socket();
            sockets.add(server);
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            pump(client, server, observer, trail, true);
            pump(server, client, observer, trail, false);
        }
    }

    /**
     * How the n-th connection's two directions ended, record framing included ({@code [0]} client to
     * server, {@code [1]} server to client), waiting at most {@code timeout} for both to end; null when
     * there is no such connection.
     */
    public RecordTrail[] trail(int index, Duration timeout) throws InterruptedException {
        if (connection(index, timeout) == null) {
            return null;
        }
        RecordTrail[] t = trails.get(index);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (t) {
            while ((t[0].end() == RecordTrail.End.OPEN || t[1].end() == RecordTrail.End.OPEN)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                t.wait(Math.max(1, left / 1_000_000));
            }
        }
        return t;
    }

    /**
     * Relays one direction. End of stream is forwarded as a half-close (shutdownOutput), never as a
     * full close: the other direction may still carry the answering close_notify. (Closing the
     * socket's InputStream would close the whole socket and drop it.) Both sockets are closed once
     * both directions have ended. A failed read (a reset) or write (the receiver is gone) is passed on
     * as a reset of both sockets.
     */
    private void pump(Socket from, Socket to, TlsWireObserver observer, RecordTrail[] pair, boolean fromClient) {
        RecordTrail trail = pair[fromClient ? 0 : 1];
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            InputStream in;
            OutputStream out;
            try {
                in = from.getInputStream();
                out = to.getOutputStream();
            } catch (IOException e) {
                ended(pair, trail, RecordTrail.End.RESET, e.toString());
                reset(from, to);
                return;
            }
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    ended(pair, trail, RecordTrail.End.RESET, closed ? "tap closed" : e.toString());
                    reset(from, to);
                    return;
                }
                if (n < 0) {
                    break;
                }
                trail.feed(buf, 0, n);
                if (fromClient) {
                    observer.fromClient(buf, 0, n);
                } else {
                    observer.fromServer(buf, 0, n);
                }
                try {
                    out.write(buf, 0, n);
                    out.flush();
                } catch (IOException e) {
                    ended(pair, trail, RecordTrail.End.RESET, closed ? "tap closed"
                            : "forwarding failed, the receiver is gone: " + e);
                    reset(from, to);
                    return;
                }
            }
            ended(pair, trail, RecordTrail.End.FIN, null);
            try {
                to.shutdownOutput(); // forward the half-close
            } catch (IOException e) {
                // the receiver is gone; its own direction reports how
            }
            if (pair[0].end() != RecordTrail.End.OPEN && pair[1].end() != RecordTrail.End.OPEN) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "wiretap-" + (fromClient ? "c2s-" : "s2c-") + listener.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** Closes both sockets with a TCP reset (SO_LINGER 0), as the failed side did. */
    private static void reset(Socket a, Socket b) {
        for (Socket s : new Socket[] {a, b}) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // already closed
            }
            closeQuietly(s);
        }
    }

    private static void ended(RecordTrail[] pair, RecordTrail trail, RecordTrail.End how, String detail) {
        synchronized (pair) {
            trail.ended(how, detail);
            pair.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on a failure path
        }
    }
}
