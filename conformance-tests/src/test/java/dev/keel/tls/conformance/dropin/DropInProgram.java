package dev.keel.tls.conformance.dropin;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.alpn.server.ALPNServerConnection;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The application of the drop-in test: ordinary JSSE code that runs in a forked JVM and never names a
 * TLS provider. Whatever provider the JVM's security configuration puts first serves it. It starts two
 * local TLS servers in-process (Jetty 12 with HTTP/2 and HTTP/1.1 over ALPN, and a plain
 * {@code SSLServerSocketFactory.getDefault()} server), then talks to them and to an outside server
 * (openssl s_server, when a port is given) with {@code HttpClient}, {@code HttpsURLConnection} and
 * {@code SSLSocketFactory.getDefault()}.
 *
 * <p>It prints tab-separated lines for the test in the parent JVM to check:
 * <pre>
 * ENV     key=value...                 providers, where key stores and factories come from
 * RESULT  scenario  key=value...       what the client and the server saw for one connection
 * </pre>
 * A failing scenario prints {@code error=...} and the others still run. Keys starting with
 * {@code server.} are the server's own view, sent back in the HTTP response body.
 *
 * <p>Usage: {@code DropInProgram SERVER_P12 PASSWORD OPENSSL_PORT|- SCENARIO...}. Scenario names are
 * {@code SERVER-CLIENT} with servers {@code jetty}, {@code sslserversocket}, {@code openssl} and clients
 * {@code httpclient-h1}, {@code httpclient-h2}, {@code urlconnection}, {@code socketfactory}.
 */
public final class DropInProgram {
    static final String ENV = "ENV";
    static final String RESULT = "RESULT";
    /** The whole program is bounded: the parent also kills it, this only makes it end on its own. */
    private static final long WATCHDOG_SECONDS = 150;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long SCENARIO_SECONDS = 40;
    private static final int MAX_BODY = 256 * 1024;
    /** The last line of openssl s_server's -www page. */
    private static final String OPENSSL_PAGE_END = "</HTML>";

    private static final PrintStream OUT = System.out;

    private DropInProgram() {
    }

    public static void main(String[] args) throws Exception {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dropin-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.schedule(() -> {
            OUT.println("WATCHDOG: still running after " + WATCHDOG_SECONDS + " s, halting");
            OUT.flush();
            Runtime.getRuntime().halt(3);
        }, WATCHDOG_SECONDS, TimeUnit.SECONDS);

        String keyStore = args[0];
        String password = args[1];
        int opensslPort = args[2].equals("-") ? -1 : Integer.parseInt(args[2]);
        List<String> scenarios = Arrays.asList(args).subList(3, args.length);

        printEnvironment();
        Server jetty = null;
        PlainServer plain = null;
        try {
            jetty = startJetty(keyStore, password);
            plain = PlainServer.start();
            int jettyPort = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
            for (String scenario : scenarios) {
                int dash = scenario.indexOf('-');
                String server = scenario.substring(0, dash);
                String client = scenario.substring(dash + 1);
                int port = switch (server) {
                    case "jetty" -> jettyPort;
                    case "sslserversocket" -> plain.port();
                    case "openssl" -> opensslPort;
                    default -> throw new IllegalArgumentException("unknown server in " + scenario);
                };
                run(scenario, client, port);
            }
        } finally {
            if (plain != null) {
                plain.close();
            }
            if (jetty != null) {
                jetty.stop();
            }
            OUT.println("DONE");
            OUT.flush();
        }
        System.exit(0);
    }

    /** Which providers serve what: the installed list, the default SSLContext, and the JDK's services. */
    private static void printEnvironment() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("java.version", System.getProperty("java.version"));
        env.put("providers", Arrays.stream(Security.getProviders()).map(Provider::getName)
                .collect(Collectors.joining(",")));
        SSLContext def = SSLContext.getDefault();
        env.put("default.provider", def.getProvider().getName());
        env.put("default.protocol", def.getProtocol());
        env.put("default.protocols", String.join(",", def.getDefaultSSLParameters().getProtocols()));
        env.put("default.suites", String.join(",", def.getDefaultSSLParameters().getCipherSuites()));
        env.put("tls.provider", SSLContext.getInstance("TLS").getProvider().getName());
        env.put("socketfactory.class", SSLSocketFactory.getDefault().getClass().getName());
        env.put("httpsurlconnection.factory", HttpsURLConnection.getDefaultSSLSocketFactory().getClass().getName());
        env.put("kmf.provider", KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm())
                .getProvider().getName());
        env.put("tmf.provider", TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
                .getProvider().getName());
        env.put("keystore.provider", KeyStore.getInstance("PKCS12").getProvider().getName());
        print(ENV, null, env);
    }

    /** Runs one scenario on its own thread, bounded by {@link #SCENARIO_SECONDS}. */
    private static void run(String scenario, String client, int port) {
        Map<String, String> r = new ConcurrentHashMap<>();
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "dropin-" + scenario);
            t.setDaemon(true);
            return t;
        });
        try {
            thread.submit(() -> {
                if (port <= 0) {
                    throw new IllegalArgumentException("no server port for " + scenario);
                }
                String url = "https://localhost:" + port + "/" + scenario;
                switch (client) {
                    case "httpclient-h1" -> httpClient(url, HttpClient.Version.HTTP_1_1, r);
                    case "httpclient-h2" -> httpClient(url, HttpClient.Version.HTTP_2, r);
                    case "urlconnection" -> urlConnection(url, r);
                    case "socketfactory" -> socketFactory(port, scenario, r);
                    default -> throw new IllegalArgumentException("unknown client in " + scenario);
                }
                return null;
            }).get(SCENARIO_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            r.put("error", t + (t.getCause() == null ? "" : " / cause: " + t.getCause()));
        } catch (TimeoutException e) {
            r.put("error", "no answer within " + SCENARIO_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.put("error", "interrupted");
        } finally {
            thread.shutdownNow();
        }
        print(RESULT, scenario, new TreeMap<>(r));
    }

    // ------------------------------------------------------------------ clients

    private static void httpClient(String url, HttpClient.Version version, Map<String, String> r) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(version).connectTimeout(CONNECT_TIMEOUT).build();
        r.put("client.context", client.sslContext().getProvider().getName());
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        r.put("status", Integer.toString(response.statusCode()));
        r.put("http", response.version().name());
        SSLSession s = response.sslSession().orElseThrow();
        r.put("client.protocol", s.getProtocol());
        r.put("client.suite", s.getCipherSuite());
        // openssl -www answers HTTP/1.0 with neither length nor chunks, so the body ends when the
        // connection does; JDK 17's HttpClient never reports that end (with SunJSSE too, while JDK 25's
        // does), so the page is read up to its last line instead of to the end of the stream.
        try (InputStream in = response.body()) {
            serverView(readUntil(in, OPENSSL_PAGE_END), r);
        }
    }

    private static void urlConnection(String url, Map<String, String> r) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) new URL(url).openConnection();
        c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        c.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
        try {
            r.put("status", Integer.toString(c.getResponseCode()));
            r.put("http", "HTTP_1_1");
            SSLSession s = c.getSSLSession().orElseThrow();
            r.put("client.protocol", s.getProtocol());
            r.put("client.suite", c.getCipherSuite());
            r.put("client.session", s.getClass().getName());
            try (InputStream in = c.getInputStream()) {
                serverView(readAll(in), r);
            }
        } finally {
            c.disconnect();
        }
    }

    private static void socketFactory(int port, String scenario, Map<String, String> r) throws Exception {
        SSLSocketFactory f = (SSLSocketFactory) SSLSocketFactory.getDefault();
        try (SSLSocket s = (SSLSocket) f.createSocket()) {
            s.connect(new InetSocketAddress("localhost", port), (int) CONNECT_TIMEOUT.toMillis());
            s.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            r.put("client.socket", s.getClass().getName());
            s.startHandshake();
            SSLSession session = s.getSession();
            r.put("client.protocol", session.getProtocol());
            r.put("client.suite", session.getCipherSuite());
            r.put("client.session", session.getClass().getName());
            OutputStream out = s.getOutputStream();
            out.write(("GET /" + scenario + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readAll(s.getInputStream());
            int headEnd = response.indexOf("\r\n\r\n");
            String statusLine = response.substring(0, Math.max(0, response.indexOf("\r\n")));
            r.put("status", statusLine.split(" ").length > 1 ? statusLine.split(" ")[1] : statusLine);
            r.put("http", statusLine.startsWith("HTTP/1.0") ? "HTTP_1_0" : "HTTP_1_1");
            serverView(headEnd < 0 ? "" : response.substring(headEnd + 4), r);
        }
    }

    /** Reads to the end of the stream, or up to the first line that contains {@code lastLine}. */
    private static String readUntil(InputStream in, String lastLine) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        StringBuilder sb = new StringBuilder();
        for (String line = reader.readLine(); line != null && sb.length() < MAX_BODY; line = reader.readLine()) {
            sb.append(line).append('\n');
            if (line.contains(lastLine)) {
                break;
            }
        }
        return sb.toString();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; b.size() < MAX_BODY && (n = in.read(buf)) > 0; ) {
            b.write(buf, 0, n);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static final Pattern OPENSSL_LINE =
            Pattern.compile("^\\s*(Protocol|Cipher)\\s*:\\s*(\\S+)|^(Supported groups|Shared groups):\\s*(\\S+)",
                    Pattern.MULTILINE);

    /**
     * The server's own view of the connection, from the body: the {@code server.key=value} lines of
     * this program's servers, or the SSL-Session block of openssl s_server's -www page.
     */
    private static void serverView(String body, Map<String, String> r) {
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("server.") && line.contains("=")) {
                int eq = line.indexOf('=');
                r.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Matcher m = OPENSSL_LINE.matcher(body);
        while (m.find()) {
            if (m.group(1) != null) {
                r.put(m.group(1).equals("Protocol") ? "server.protocol" : "server.suite", m.group(2));
            } else {
                r.put(m.group(3).equals("Supported groups") ? "server.clientGroups" : "server.sharedGroups",
                        m.group(4));
            }
        }
    }

    // ------------------------------------------------------------------ servers

    /**
     * Jetty 12: TLS, then ALPN choosing h2 or http/1.1 (http/1.1 when the client offers no ALPN). Its
     * SslContextFactory asks the installed providers for an SSLContext.
     */
    private static Server startJetty(String keyStore, String password) throws Exception {
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.addCustomizer(new SecureRequestCustomizer());
        HttpConnectionFactory h1 = new HttpConnectionFactory(config);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
        ALPNServerConnectionFactory alpn = new StandardApiAlpn();
        alpn.setDefaultProtocol(h1.getProtocol());
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore);
        ssl.setKeyStorePassword(password);
        ssl.setKeyStoreType("PKCS12");
        SslConnectionFactory tls = new SslConnectionFactory(ssl, alpn.getProtocol());
        ServerConnector connector = new ServerConnector(server, tls, alpn, h2, h1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new ConnectionReport());
        server.start();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("jetty.context", ssl.getSslContext().getProvider().getName());
        print(ENV, null, env);
        return server;
    }

    /**
     * Jetty's ALPN for any JSSE provider, through the standard API every provider implements
     * ({@code SSLEngine.setHandshakeApplicationProtocolSelector}, Java 9). Jetty's own ALPN support
     * for the JDK (jetty-alpn-java-server) applies only to engines of module java.base, so with another
     * provider first Jetty rejects every TLS connection ("No ALPN Processor for ..."); a Jetty
     * application that uses ALPN with a provider other than SunJSSE (or Conscrypt, which Jetty also
     * supports) needs this adapter.
     */
    private static final class StandardApiAlpn extends ALPNServerConnectionFactory {
        StandardApiAlpn() {
            super(new String[0]); // protocols: those of the connector's other factories
        }

        @Override
        protected AbstractConnection newServerConnection(Connector connector, EndPoint endPoint, SSLEngine engine,
                List<String> protocols, String defaultProtocol) {
            ALPNServerConnection connection = new ALPNServerConnection(connector, endPoint, engine, protocols,
                    defaultProtocol);
            AtomicBoolean clientOffered = new AtomicBoolean();
            engine.setHandshakeApplicationProtocolSelector((e, offered) -> {
                clientOffered.set(true);
                connection.select(offered);
                return connection.getProtocol(); // null: none acceptable, no_application_protocol
            });
            if (endPoint instanceof SslConnection.SslEndPoint ssl) {
                ssl.getSslConnection().addHandshakeListener(new SslHandshakeListener() {
                    @Override
                    public void handshakeSucceeded(SslHandshakeListener.Event event) {
                        if (!clientOffered.get()) {
                            connection.unsupported(); // no ALPN from the client: the default protocol
                        }
                    }
                });
            }
            return connection;
        }
    }

    /** Jetty handler: answers every request with what the server side negotiated. */
    private static final class ConnectionReport extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Map<String, String> v = new LinkedHashMap<>();
            v.put("server.http", request.getConnectionMetaData().getProtocol());
            Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
            if (data instanceof EndPoint.SslSessionData ssl) {
                SSLSession s = ssl.sslSession();
                v.put("server.protocol", s.getProtocol());
                v.put("server.suite", s.getCipherSuite());
                v.put("server.session", s.getClass().getName());
            }
            EndPoint ep = request.getConnectionMetaData().getConnection().getEndPoint();
            if (ep instanceof SslConnection.SslEndPoint sslEndPoint) {
                v.put("server.engine", sslEndPoint.getSslConnection().getSSLEngine().getClass().getName());
                v.put("server.alpn", String.valueOf(sslEndPoint.getSslConnection().getSSLEngine().getApplicationProtocol()));
            }
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
            response.write(true, ByteBuffer.wrap(lines(v).getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }

    /**
     * {@code SSLServerSocketFactory.getDefault()}: its certificate comes from the
     * {@code javax.net.ssl.keyStore} properties, as the default context reads them. One connection at
     * a time, HTTP/1.1 with {@code Connection: close}.
     */
    private static final class PlainServer implements AutoCloseable {
        private final SSLServerSocket listener;
        private final Thread acceptor;

        private PlainServer(SSLServerSocket listener) {
            this.listener = listener;
            this.acceptor = new Thread(this::acceptLoop, "dropin-plain-server");
            acceptor.setDaemon(true);
        }

        static PlainServer start() throws IOException {
            SSLServerSocketFactory f = (SSLServerSocketFactory) SSLServerSocketFactory.getDefault();
            SSLServerSocket s = (SSLServerSocket) f.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            PlainServer server = new PlainServer(s);
            server.acceptor.start();
            return server;
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    answer(s);
                } catch (IOException e) {
                    if (!listener.isClosed()) {
                        OUT.println("plain server: " + e);
                    }
                }
            }
        }

        private static void answer(SSLSocket s) throws IOException {
            s.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            s.startHandshake();
            InputStream in = s.getInputStream();
            // The request head ends with an empty line.
            int state = 0;
            for (int b; state < 4 && (b = in.read()) >= 0; ) {
                state = (b == (state % 2 == 0 ? '\r' : '\n')) ? state + 1 : (b == '\r' ? 1 : 0);
            }
            SSLSession session = s.getSession();
            Map<String, String> v = new LinkedHashMap<>();
            v.put("server.http", "HTTP/1.1");
            v.put("server.protocol", session.getProtocol());
            v.put("server.suite", session.getCipherSuite());
            v.put("server.session", session.getClass().getName());
            v.put("server.socket", s.getClass().getName());
            byte[] body = lines(v).getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    // ------------------------------------------------------------------ output

    private static String lines(Map<String, String> v) {
        StringBuilder sb = new StringBuilder();
        v.forEach((k, val) -> sb.append(k).append('=').append(val).append('\n'));
        return sb.toString();
    }

    private static synchronized void print(String kind, String scenario, Map<String, String> values) {
        List<String> fields = new ArrayList<>();
        fields.add(kind);
        if (scenario != null) {
            fields.add(scenario);
        }
        values.forEach((k, v) -> fields.add(k + "=" + String.valueOf(v).replace('\t', ' ').replace('\n', ' ')));
        OUT.println(String.join("\t", fields));
        OUT.flush();
    }
}
