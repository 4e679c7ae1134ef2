package dev.keel.tls.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on the loopback interface for the socket benchmarks, one thread per connection. In
 * {@link Mode#ONE_BYTE} it reads one byte, writes it back and closes (the server closing first keeps
 * the client's ephemeral ports out of TIME_WAIT, so thousands of connections per second do not run out
 * of ports); in {@link Mode#ECHO} it writes back whatever it reads until the client closes.
 */
final class LoopbackServer implements AutoCloseable {
    enum Mode { ONE_BYTE, ECHO }

    private final SSLServerSocket listener;
    private final Mode mode;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-tls-connection");
        t.setDaemon(true);
        return t;
    });
    private final Thread acceptor;
    private final AtomicReference<Exception> lastError = new AtomicReference<>();
    private volatile boolean closed;

    private LoopbackServer(SSLServerSocket listener, Mode mode) {
        this.listener = listener;
        this.mode = mode;
        this.acceptor = new Thread(this::acceptLoop, "loopback-tls-acceptor");
        acceptor.setDaemon(true);
    }

    static LoopbackServer start(TlsEndpoints endpoints, Mode mode) throws IOException {
        SSLServerSocket listener = (SSLServerSocket) endpoints.serverContext().getServerSocketFactory()
                .createServerSocket(0, 512, InetAddress.getLoopbackAddress());
        endpoints.configureServer(listener);
        LoopbackServer server = new LoopbackServer(listener, mode);
        server.acceptor.start();
        return server;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** The last error a connection thread saw, for failure messages. */
    Exception lastError() {
        return lastError.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                s.setTcpNoDelay(true);
                connections.execute(() -> serve((SSLSocket) s));
            } catch (IOException e) {
                if (!closed) {
                    lastError.set(e);
                }
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            if (mode == Mode.ONE_BYTE) {
                int b = in.read();
                if (b >= 0) {
                    out.write(b);
                    out.flush();
                }
                return;
            }
            byte[] buffer = new byte[1 << 14];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException e) {
            // The client went away (reset); the client side reports its own failure if it mattered.
            if (!closed) {
                lastError.set(e);
            }
        } catch (IOException e) {
            lastError.set(e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        connections.shutdownNow();
    }
}
