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
            synchronized (observers) {
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
            pump(client, server, observer, true);
            pump(server, client, observer, false);
        }
    }

    private void pump(Socket from, Socket to, TlsWireObserver observer, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (fromClient) {
                        observer.fromClient(buf, 0, n);
                    } else {
                        observer.fromServer(buf, 0, n);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
                to.shutdownOutput(); // forward the half-close
            } catch (IOException e) {
                // A reset or a closed tap: pass the failure on by closing the other side.
                closeQuietly(to);
            }
        }, "wiretap-" + (fromClient ? "c2s-" : "s2c-") + listener.getLocalPort());
        t.setDaemon(true);
        t.start();
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
