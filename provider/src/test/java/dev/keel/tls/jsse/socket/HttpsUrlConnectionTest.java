package dev.keel.tls.jsse.socket;

import static dev.keel.tls.jsse.socket.Loopback.ADDRESS;
import static dev.keel.tls.jsse.socket.Loopback.keelClientFactory;
import static dev.keel.tls.jsse.socket.Loopback.readToEnd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's {@code HttpsURLConnection} with Keel's socket factory, against the JDK's HTTPS server:
 * directly (an unconnected socket, connected by the JDK, HTTPS endpoint identification) and through an
 * HTTP CONNECT proxy (a socket layered over the tunnel).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpsUrlConnectionTest {
    private static final SSLContext SERVER = SocketTestPki.context();
    private static final SSLContext CLIENT = SocketTestPki.context();
    private static final byte[] BODY = "served over Keel's SSLSocket".getBytes(StandardCharsets.US_ASCII);

    private HttpsServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpsServer.create(new InetSocketAddress(ADDRESS, 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(SERVER));
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(BODY);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void getDirectly() throws Exception {
        URL url = new URL("https://127.0.0.1:" + server.getAddress().getPort() + "/");
        assertGet((HttpsURLConnection) url.openConnection());
    }

    @Test
    void getThroughConnectProxy() throws Exception {
        try (ConnectProxy proxy = new ConnectProxy()) {
            URL url = new URL("https://127.0.0.1:" + server.getAddress().getPort() + "/");
            Proxy viaProxy = new Proxy(Proxy.Type.HTTP, new InetSocketAddress(ADDRESS, proxy.port()));
            assertGet((HttpsURLConnection) url.openConnection(viaProxy));
            assertEquals(List.of("CONNECT 127.0.0.1:" + server.getAddress().getPort() + " HTTP/1.1"),
                    proxy.requests(), "the TLS connection went through the tunnel");
        }
    }

    private static void assertGet(HttpsURLConnection connection) throws Exception {
        connection.setSSLSocketFactory(keelClientFactory(CLIENT));
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(10_000);
        try {
            assertEquals(200, connection.getResponseCode());
            assertTrue(connection.getCipherSuite().startsWith("TLS_"), connection.getCipherSuite());
            assertEquals(SocketTestPki.TRUSTED.certificate, connection.getServerCertificates()[0]);
            try (InputStream in = connection.getInputStream()) {
                assertArrayEquals(BODY, readToEnd(in));
            }
        } finally {
            connection.disconnect();
        }
    }

    /** A one-connection HTTP CONNECT proxy (RFC 9110 section 9.3.6): reads the request, then relays bytes. */
    private static final class ConnectProxy implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, ADDRESS);
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final List<Peer<Void>> threads = new CopyOnWriteArrayList<>();

        ConnectProxy() throws IOException {
            threads.add(Peer.start("proxy", this::serveOne));
        }

        int port() {
            return listener.getLocalPort();
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        private Void serveOne() throws IOException {
            Socket client = listener.accept();
            sockets.add(client);
            InputStream in = client.getInputStream();
            String requestLine = readLine(in);
            requests.add(requestLine);
            while (!readLine(in).isEmpty()) {
                // skip the headers
            }
            String[] target = requestLine.split(" ")[1].split(":");
            Socket upstream = new Socket(target[0], Integer.parseInt(target[1]));
            sockets.add(upstream);
            client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            threads.add(Peer.start("proxy-up", () -> pump(in, upstream.getOutputStream())));
            threads.add(Peer.start("proxy-down", () -> pump(upstream.getInputStream(), client.getOutputStream())));
            return null;
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        private Void pump(InputStream in, OutputStream out) throws IOException {
            byte[] buffer = new byte[16 * 1024];
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } finally {
                closeSockets();
            }
            return null;
        }

        private void closeSockets() {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing everything anyway
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            closeSockets();
            for (Peer<Void> thread : threads) {
                thread.close();
            }
        }
    }
}
