package dev.keel.tls.conformance.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server over an {@link SSLServerSocket} of any provider (the subject, or an in-process peer) on
 * 127.0.0.1. Connections are served one after another on the accept thread; each ends as a {@link
 * Served} record the case reads with {@link #next}.
 */
public final class SocketServer implements AutoCloseable {

    /** Socket read timeout: a silent peer fails the case instead of hanging it. */
    public static final int SO_TIMEOUT_MILLIS = 5_000;

    /** The application run on each handshaken connection. */
    @FunctionalInterface
    public interface Handler {
        void serve(SSLSocket socket, Served record) throws Exception;
    }

    /** What happened on one served connection. */
    public static final class Served {
        public volatile SessionView view;
        public volatile Throwable error;
        public volatile long bytesIn;
        public volatile long bytesOut;
        public volatile String sha256In;
        /** The peer's close: read() returned -1 (for Keel: close_notify received). */
        public volatile boolean peerClosed;
        /** The read waiting for the peer's close failed with this (for Keel: a close without close_notify). */
        public volatile java.io.IOException closeFailure;
        public final List<String> notes = new CopyOnWriteArrayList<>();
    }

    private final java.net.ServerSocket listener;
    private final Upgrade upgrade;
    private final UnaryOperator<javax.net.ssl.SSLParameters> parameters;
    private final Handler handler;
    private final BlockingQueue<Served> served = new LinkedBlockingQueue<>();
    private final Thread acceptor;
    private volatile boolean closed;
    private volatile SSLSocket current;

    public SocketServer(SSLContext context, UnaryOperator<javax.net.ssl.SSLParameters> parameters, Handler handler)
            throws IOException {
        this(context.getServerSocketFactory(), parameters, handler);
    }

    public SocketServer(javax.net.ssl.SSLServerSocketFactory factory, UnaryOperator<javax.net.ssl.SSLParameters> parameters,
            Handler handler) throws IOException {
        this((SSLServerSocket) factory.createServerSocket(0, 50, InetAddress.getLoopbackAddress()), null, parameters,
                handler);
    }

    /**
     * A server that accepts plain TCP connections and layers the context's client-style socket factory
     * over each one in server mode ({@code createSocket(socket, host, port, autoClose)}), for providers
     * whose own server sockets do not work here.
     */
    public static SocketServer layered(SSLContext context, UnaryOperator<javax.net.ssl.SSLParameters> parameters,
            Handler handler) throws IOException {
        javax.net.ssl.SSLSocketFactory factory = context.getSocketFactory();
        return new SocketServer(new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress()), plain -> {
            SSLSocket s = (SSLSocket) factory.createSocket(plain, "127.0.0.1", plain.getPort(), true);
            s.setUseClientMode(false);
            return s;
        }, parameters, handler);
    }

    /** Turns an accepted TCP socket into a server-mode SSLSocket. */
    @FunctionalInterface
    private interface Upgrade {
        SSLSocket apply(java.net.Socket plain) throws IOException;
    }

    private SocketServer(java.net.ServerSocket listener, Upgrade upgrade,
            UnaryOperator<javax.net.ssl.SSLParameters> parameters, Handler handler) {
        this.listener = listener;
        this.upgrade = upgrade;
        this.parameters = parameters;
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, "tls-server-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The next finished connection, or null when none finishes within the timeout. */
    public Served next(Duration timeout) throws InterruptedException {
        return served.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        while (!closed) {
            SSLSocket socket;
            try {
                java.net.Socket accepted = listener.accept();
                socket = upgrade == null ? (SSLSocket) accepted : upgrade.apply(accepted);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                Served failed = new Served();
                failed.error = e;
                served.add(failed);
                continue;
            }
            current = socket;
            Served record = new Served();
            try (socket) {
                socket.setSoTimeout(SO_TIMEOUT_MILLIS);
                socket.setSSLParameters(parameters.apply(socket.getSSLParameters()));
                socket.startHandshake();
                record.view = SessionView.of(socket.getSession(), socket.getApplicationProtocol(), false);
                handler.serve(socket, record);
            } catch (SocketTimeoutException e) {
                record.error = new AssertionError("server: peer silent for " + SO_TIMEOUT_MILLIS + " ms", e);
            } catch (Throwable t) {
                record.error = t;
            } finally {
                current = null;
                served.add(record);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        SSLSocket s = current;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
