package dev.keel.tls.cli;

import dev.keel.tls.jsse.KeelProvider;
import dev.keel.tls.jsse.KeelSSLSession;
import dev.keel.tls.session.TlsSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * {@code keel serve}: an HTTPS test server on Keel. Every response is a short page naming what was
 * negotiated, so {@code curl -k https://localhost:8443/} or a browser shows Keel at work.
 */
final class ServeCommand {
    private static final int MAX_REQUEST_HEADER = 16 * 1024;
    private static final int SOCKET_TIMEOUT_MS = 10_000;

    private final int port;
    private final Path certFile;
    private final Path keyFile;

    ServeCommand(int port, Path certFile, Path keyFile) {
        this.port = port;
        this.certFile = certFile;
        this.keyFile = keyFile;
    }

    static ServeCommand parse(String[] args) throws Main.UsageException {
        int port = 8443;
        Path cert = null;
        Path key = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value(args, ++i));
                    } catch (NumberFormatException e) {
                        throw new Main.UsageException("serve: --port needs a number");
                    }
                }
                case "--cert" -> cert = Path.of(value(args, ++i));
                case "--key" -> key = Path.of(value(args, ++i));
                default -> throw new Main.UsageException("serve: unexpected argument '" + args[i] + "'");
            }
        }
        if ((cert == null) != (key == null)) {
            throw new Main.UsageException("serve: --cert and --key go together");
        }
        if (port < 0 || port > 65535) {
            throw new Main.UsageException("serve: port " + port + " is out of range");
        }
        return new ServeCommand(port, cert, key);
    }

    private static String value(String[] args, int i) throws Main.UsageException {
        if (i >= args.length) {
            throw new Main.UsageException("serve: " + args[i - 1] + " needs a value");
        }
        return args[i];
    }

    int runForever(PrintStream out) throws Main.CommandFailedException {
        Server server = start(out);
        out.println("  serving until interrupted (Ctrl-C)");
        try {
            server.acceptThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        return 0;
    }

    /** Starts the server on its own threads and returns at once. */
    Server start(PrintStream out) throws Main.CommandFailedException {
        try {
            Identity id = identity(out);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = "keel".toCharArray();
            ks.setKeyEntry("server", id.key, pw, id.chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, pw);
            SSLContext context = SSLContext.getInstance("TLS", new KeelProvider());
            context.init(kmf.getKeyManagers(), null, null);
            SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            SSLParameters p = listener.getSSLParameters();
            p.setApplicationProtocols(new String[] {"http/1.1"});
            listener.setSSLParameters(p);
            int bound = listener.getLocalPort();
            out.printf("keel serve: https://localhost:%d/  (Keel %s, certificate: %s)%n", bound,
                    String.join("/", listener.getEnabledProtocols()), id.description);
            out.printf("  try: curl %s https://localhost:%d/%n",
                    id.pemFile == null ? "" : "--cacert " + id.pemFile, bound);
            return new Server(listener, id.chain.get(0), id.pemFile, out);
        } catch (GeneralSecurityException | IOException e) {
            throw new Main.CommandFailedException("cannot start the server: " + e.getMessage(), e);
        }
    }

    private record Identity(List<X509Certificate> chain, PrivateKey key, String description, Path pemFile) {
    }

    private Identity identity(PrintStream out) throws GeneralSecurityException, IOException {
        if (certFile != null) {
            return new Identity(Pem.certificates(certFile), Pem.privateKey(keyFile), certFile.toString(), null);
        }
        SelfSigned s = SelfSigned.forLocalhost();
        Path pem = Files.createTempFile("keel-serve-", ".pem");
        pem.toFile().deleteOnExit();
        Pem.write(pem, s.certificate());
        return new Identity(List.of(s.certificate()), s.keyPair().getPrivate(),
                "self-signed ECDSA P-256 for localhost, generated now", pem);
    }

    /** A running server: accepts on one thread, answers each connection on a small pool. */
    static final class Server implements AutoCloseable {
        final SSLServerSocket listener;
        final X509Certificate certificate;
        /** The PEM file of the generated certificate (what {@code curl --cacert} takes), or null with --cert. */
        final Path pemFile;
        final Thread acceptThread;
        private final ExecutorService workers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "keel-serve-worker");
            t.setDaemon(true);
            return t;
        });

        Server(SSLServerSocket listener, X509Certificate certificate, Path pemFile, PrintStream log) {
            this.listener = listener;
            this.certificate = certificate;
            this.pemFile = pemFile;
            this.acceptThread = new Thread(() -> acceptLoop(log), "keel-serve-accept");
            acceptThread.setDaemon(true);
            acceptThread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop(PrintStream log) {
            while (!listener.isClosed()) {
                try {
                    SSLSocket s = (SSLSocket) listener.accept();
                    workers.execute(() -> answer(s, log));
                } catch (IOException e) {
                    if (!listener.isClosed()) {
                        log.println("  accept failed: " + e.getMessage());
                    }
                }
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            workers.shutdownNow();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void answer(SSLSocket s, PrintStream log) {
        try (s) {
            s.setSoTimeout(SOCKET_TIMEOUT_MS);
            s.startHandshake();
            String requestLine = readRequestHead(s.getInputStream());
            byte[] body = page(s, requestLine).getBytes(StandardCharsets.UTF_8);
            OutputStream o = s.getOutputStream();
            o.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.write(body);
            o.flush();
        } catch (SSLException e) {
            log.println("  handshake with a client failed: " + ConnectCommand.explain(e));
        } catch (SocketException e) {
            // the client went away
        } catch (IOException e) {
            log.println("  connection failed: " + e.getMessage());
        }
    }

    /** Reads up to the blank line that ends an HTTP request head; returns the request line. */
    private static String readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < MAX_REQUEST_HEADER) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        return eol < 0 ? text : text.substring(0, eol);
    }

    static String page(SSLSocket s, String requestLine) {
        SSLSession session = s.getSession();
        StringBuilder sb = new StringBuilder();
        sb.append("Hello from Keel, a pure-Java TLS provider.\n\n");
        sb.append("request:          ").append(requestLine).append('\n');
        sb.append("protocol:         ").append(session.getProtocol()).append('\n');
        sb.append("cipher suite:     ").append(session.getCipherSuite()).append('\n');
        if (session instanceof KeelSSLSession k) {
            TlsSession t = k.tlsSession();
            sb.append("key exchange:     ").append(t.namedGroup() == null ? "?" : t.namedGroup().rfcName())
                    .append(t.helloRetryRequested() ? " (after a HelloRetryRequest)" : "").append('\n');
        }
        String alpn = s.getApplicationProtocol();
        sb.append("ALPN:             ").append(alpn == null || alpn.isEmpty() ? "none" : alpn).append('\n');
        if (session instanceof ExtendedSSLSession e) {
            sb.append("server name:      ").append(e.getRequestedServerNames().isEmpty() ? "none (no SNI)"
                    : e.getRequestedServerNames().toString()).append('\n');
        }
        sb.append("client address:   ").append(s.getRemoteSocketAddress()).append('\n');
        return sb.toString();
    }
}
