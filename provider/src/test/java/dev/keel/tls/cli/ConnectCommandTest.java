package dev.keel.tls.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.cli.Cli.Identity;
import dev.keel.tls.cli.Cli.Result;
import dev.keel.tls.testutil.TestPki;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keel connect} against a Keel server ({@code serve}, in this JVM) with the right and the
 * wrong trust anchors, and against {@code openssl s_server} speaking TLS 1.3.
 */
class ConnectCommandTest {
    @TempDir
    Path dir;

    private final Cli.AwaitableLog serverLog = new Cli.AwaitableLog();
    private ServeCommand.Server server;

    @BeforeEach
    void startKeelServer() throws Exception {
        server = ServeCommand.parse(new String[] {"--port", "0"})
                .start(new PrintStream(serverLog, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopKeelServer() {
        server.close();
    }


    @Test
    void connectsToAKeelServerTrustingItsCertificate() {
        Result r = Cli.run("connect", "localhost:" + server.port(), "--trust", server.pemFile.toString(),
                "--alpn", "h2,http/1.1");
        assertEquals(0, r.status(), r.toString());
        String out = r.out();
        assertTrue(out.contains("trust: the CA certificates in " + server.pemFile), out);
        assertTrue(out.contains("protocol:     TLSv1.3"), out);
        // serve offers only http/1.1: the server's choice among the client's two.
        assertTrue(out.contains("ALPN:         http/1.1"), out);
        assertTrue(out.contains("certificate:  verified against the CA certificates in " + server.pemFile
                + ", host name 'localhost' matches"), out);
        assertTrue(out.contains("subject: O=Keel serve (self-signed),CN=localhost"), out);
    }

    /**
     * Trusting another self-signed localhost certificate (same name, other key): the server's
     * signature does not verify under it. Exit 1; the message names the alert Keel sent,
     * bad_certificate ("contained signatures that did not verify correctly", RFC 8446 section 6.2),
     * and the JDK's PKIX reason.
     */
    @Test
    void trustingAnotherCertificateOfTheSameNameIsBadCertificate() throws Exception {
        Identity other = Cli.identity(dir, "other");
        Result r = Cli.run("connect", "localhost:" + server.port(), "--trust", other.certPem().toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("keel: TLS handshake with localhost:" + server.port()
                + " failed: sent alert bad_certificate: server certificate rejected: PKIX path validation failed"),
                r.toString());
        assertTrue(r.out().contains("<-  Certificate"), "the handshake got as far as the certificate\n" + r);
        assertTrue(!r.out().contains("result:"), "no result after a failed handshake\n" + r);
        // The server's worker logs the alert it received; the client may return before it does.
        serverLog.await("handshake with a client failed: Received fatal alert: bad_certificate", 20);
    }

    /**
     * Trusting an unrelated CA: no path from the server's certificate to a trust anchor, unknown_ca
     * ("the CA certificate could not be located or could not be matched with a known trust anchor",
     * RFC 8446 section 6.2).
     */
    @Test
    void trustingAnUnrelatedCaIsUnknownCa() throws Exception {
        Path ca = dir.resolve("unrelated-ca.pem");
        Pem.write(ca, TestPki.caCertificate());
        Result r = Cli.run("connect", "localhost:" + server.port(), "--trust", ca.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("keel: TLS handshake with localhost:" + server.port()
                + " failed: sent alert unknown_ca: server certificate rejected: PKIX path building failed"),
                r.toString());
    }

    @Test
    void theJdkTrustStoreDoesNotTrustASelfSignedServer() {
        Result r = Cli.run("connect", "localhost:" + server.port());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.out().contains("trust: the JDK's default trust store (cacerts)"), r.toString());
        assertTrue(r.err().contains("failed: sent alert unknown_ca: server certificate rejected: PKIX path building"
                + " failed"), r.toString());
    }

    @Test
    void nothingListeningIsExit1WithTheReason() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = Cli.run("connect", "127.0.0.1:" + port, "--insecure");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("keel: cannot talk to 127.0.0.1:" + port + ": "), r.toString());
    }

    /**
     * openssl s_server (TLS 1.3 only) as the peer: openssl's own report of the connection (its
     * "CIPHER is" line) must name the suite Keel prints.
     */
    @Test
    void connectsToOpensslSServerWithTls13() throws Exception {
        Identity id = Cli.identity(dir, "openssl");
        try (Peer openssl = Peer.start(List.of("openssl", "s_server", "-accept", "127.0.0.1:0", "-tls1_3",
                "-cert", id.certPem().toString(), "-key", id.keyPem().toString(), "-alpn", "http/1.1"), dir, null)) {
            String accept = openssl.awaitOutput(s -> s.contains("ACCEPT "), 20);
            int port = Integer.parseInt(first(accept, "ACCEPT \\S+:(\\d+)"));
            Result r = Cli.run("connect", "localhost:" + port, "--trust", id.certPem().toString(), "--alpn", "http/1.1");
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().contains("protocol:     TLSv1.3"), r.toString());
            assertTrue(r.out().contains("ALPN:         http/1.1"), r.toString());
            String suite = first(r.out(), "cipher suite: (TLS_\\S+)");
            String opensslView = openssl.awaitOutput(s -> s.contains("CIPHER is "), 20);
            assertEquals(suite, first(opensslView, "CIPHER is (\\S+)"), "openssl's view\n" + opensslView);
        }
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in\n" + text);
        return m.group(1);
    }
}
