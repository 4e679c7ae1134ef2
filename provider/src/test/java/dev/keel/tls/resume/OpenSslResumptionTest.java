package dev.keel.tls.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.jsse.KeelSSLSession;
import dev.keel.tls.testutil.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Resumption against OpenSSL as a separate process, both ways: {@code openssl s_client -sess_out}
 * then {@code -sess_in} against a Keel server (OpenSSL prints "Reused, TLSv1.x" for a resumed
 * session), and a Keel client connecting twice to {@code openssl s_server -www} (whose page says
 * "Reused" when the session was resumed). TLS 1.3 tickets, TLS 1.2 RFC 5077 tickets, and TLS 1.2
 * session ids ({@code -no_ticket}). Every process is bounded in time and killed in finally; openssl
 * must be installed ({@code .ci/install-peers.sh}).
 */
class OpenSslResumptionTest {
    private static final String GREETING = "hello from keel";
    private static final int SOCKET_TIMEOUT_MILLIS = (int) OpenSslProcess.TIMEOUT.toMillis();

    @BeforeAll
    static void openSslIsInstalled() {
        OpenSslProcess.requireOpenSsl();
    }

    private static List<String> args(String... args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (a != null && !a.isBlank()) {
                out.add(a);
            }
        }
        return out;
    }

    // ---- openssl s_client -> Keel server ----

    @ParameterizedTest(name = "s_client -{0} {1} -> Keel")
    @CsvSource({"tls1_3, ''", "tls1_2, ''", "tls1_2, -no_ticket"})
    void openSslClientResumesWithKeelServer(String version, String extra, @TempDir Path dir) throws Exception {
        String javaName = version.equals("tls1_3") ? "TLSv1.3" : "TLSv1.2";
        SSLContext server = TestPki.context("TLS", "Keel", TestPki.KeyType.EC_P256);
        Path session = dir.resolve("session.pem");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Future<List<KeelSSLSession>> keel = executor.submit(() -> serveTwice(listener));
            String port = "127.0.0.1:" + listener.getLocalPort();

            String first = runClient(args("s_client", "-connect", port, "-servername", "localhost", "-" + version,
                    extra, "-sess_out", session.toString()));
            assertTrue(first.contains("New, " + javaName), first);
            String second = runClient(args("s_client", "-connect", port, "-servername", "localhost", "-" + version,
                    extra, "-sess_in", session.toString()));
            assertTrue(second.contains("Reused, " + javaName), second);

            List<KeelSSLSession> sessions = keel.get(OpenSslProcess.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(javaName, sessions.get(0).getProtocol());
            assertFalse(sessions.get(0).isResumed());
            assertTrue(sessions.get(1).isResumed());
            assertEquals(sessions.get(0).getCipherSuite(), sessions.get(1).getCipherSuite());
        } finally {
            executor.shutdownNow();
            executor.awaitTermination(OpenSslProcess.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /**
     * Runs s_client until the Keel server's greeting arrived (in TLS 1.3 the tickets come before it,
     * so -sess_out has one), then closes its stdin so that it exits; its output.
     */
    private static String runClient(List<String> args) throws Exception {
        try (OpenSslProcess client = OpenSslProcess.start(args.toArray(new String[0]))) {
            client.awaitOutput(GREETING);
            return client.finish();
        }
    }

    /** Accepts two connections in turn: handshake, greeting, read until the client closes. */
    private static List<KeelSSLSession> serveTwice(SSLServerSocket listener) throws IOException {
        List<KeelSSLSession> sessions = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (SSLSocket s = (SSLSocket) listener.accept()) {
                s.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
                s.startHandshake();
                sessions.add((KeelSSLSession) s.getSession());
                s.getOutputStream().write((GREETING + "\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                drain(s.getInputStream());
            }
        }
        return sessions;
    }

    // ---- Keel client -> openssl s_server -www ----

    @ParameterizedTest(name = "Keel {0} -> s_server {1} {2}")
    @CsvSource({"TLSv1.3, -tls1_3, ''", "TLSv1.2, -tls1_2, ''", "TLSv1.2, -tls1_2, -no_ticket"})
    void keelClientResumesWithOpenSslServer(String javaName, String version, String extra, @TempDir Path dir)
            throws Exception {
        TestPki.Identity identity = TestPki.server(TestPki.KeyType.EC_P256);
        Path[] pem = OpenSslProcess.writePem(dir, new X509Certificate[] {identity.leaf()}, identity.privateKey());
        try (OpenSslProcess server = OpenSslProcess.start(args("s_server", "-accept", "127.0.0.1:0",
                "-cert", pem[0].toString(), "-key", pem[1].toString(), "-www", version, extra)
                .toArray(new String[0]))) {
            Matcher m = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)").matcher(server.awaitOutput("ACCEPT"));
            assertTrue(m.find(), server.output());
            int port = Integer.parseInt(m.group(1));
            SSLContext client = TestPki.context(javaName, "Keel", null);

            Page first = get(client, port);
            assertTrue(first.text.contains("New, " + javaName), first.text);
            assertFalse(first.session.isResumed());
            Page second = get(client, port);
            assertTrue(second.text.contains("Reused, " + javaName), second.text);
            assertTrue(second.session.isResumed());
            assertEquals(first.session.getCipherSuite(), second.session.getCipherSuite());
        }
    }

    private record Page(String text, KeelSSLSession session) {
    }

    /** GET / over a Keel socket to "localhost" (the peer the session is cached for); the page. */
    private static Page get(SSLContext client, int port) throws IOException {
        Socket raw = new Socket(InetAddress.getLoopbackAddress(), port);
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(raw, "localhost", port, true)) {
            s.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            s.startHandshake();
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String text = new String(drain(s.getInputStream()), StandardCharsets.UTF_8);
            return new Page(text, (KeelSSLSession) s.getSession());
        }
    }

    /** Reads until the peer closes (close_notify or end of stream); what was read. */
    private static byte[] drain(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the peer closed without close_notify: what arrived is the answer
        }
        return out.toByteArray();
    }
}
