package dev.keel.tls.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keel serve} answered by real clients: curl and openssl s_client, each verifying the server
 * against the PEM file that {@code serve} wrote and printed, and reporting from its own side what was
 * negotiated.
 */
class ServeCommandTest {
    private static final long PEER_SECONDS = 30;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private ServeCommand.Server serve(String... args) throws Exception {
        return ServeCommand.parse(args).start(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsWhereItListensAndTheCurlCommandWithItsPem() throws Exception {
        try (ServeCommand.Server server = serve("--port", "0")) {
            assertNotNull(server.pemFile);
            assertTrue(Files.readString(server.pemFile).startsWith("-----BEGIN CERTIFICATE-----"), log());
            assertTrue(log().contains("keel serve: https://localhost:" + server.port() + "/  (Keel TLSv1.3/TLSv1.2, certificate:"
                    + " self-signed ECDSA P-256 for localhost, generated now)"), log());
            assertTrue(log().contains("try: curl --cacert " + server.pemFile + " https://localhost:" + server.port()
                    + "/"), log());
        }
    }

    /** The command serve prints, run as printed: curl verifies the certificate and gets the page. */
    @Test
    void answersCurlWithTheCacertItPrinted() throws Exception {
        try (ServeCommand.Server server = serve("--port", "0");
                Peer curl = Peer.start(List.of("curl", "--silent", "--show-error", "--verbose", "--max-time", "20",
                        "--cacert", server.pemFile.toString(), "https://localhost:" + server.port() + "/hello"),
                        dir, null)) {
            int exit = curl.awaitExit(PEER_SECONDS);
            String out = curl.output();
            assertEquals(0, exit, out);
            // curl's own view (from its TLS library) and the page Keel served.
            assertTrue(Pattern.compile("SSL connection using TLSv1\\.3 / TLS_").matcher(out).find(), out);
            String curlSuite = first(out, "SSL connection using TLSv1\\.3 / (TLS_\\S+)");
            assertTrue(out.contains("Hello from Keel, a pure-Java TLS provider."), out);
            assertEquals("GET /hello HTTP/1.1", first(out, "request: +(.+)"), out);
            assertEquals("TLSv1.3", first(out, "\nprotocol: +(\\S+)"), out);
            assertEquals(curlSuite, first(out, "cipher suite: +(\\S+)"), out);
            assertTrue(out.contains("SSL certificate verify ok"), out);
        }
    }

    /** openssl s_client verifies against the same PEM, sends a request, and reads Keel's page. */
    @Test
    void answersOpensslSClient() throws Exception {
        try (ServeCommand.Server server = serve("--port", "0");
                Peer client = Peer.start(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
                        "-servername", "localhost", "-verify_hostname", "localhost", "-CAfile",
                        server.pemFile.toString(), "-verify_return_error", "-tls1_3", "-alpn", "http/1.1",
                        "-ign_eof"), dir, "GET /from-openssl HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")) {
            int exit = client.awaitExit(PEER_SECONDS);
            String out = client.output();
            assertEquals(0, exit, out);
            assertTrue(out.contains("Verify return code: 0 (ok)"), out);
            String opensslSuite = first(out, "New, TLSv1\\.3, Cipher is (\\S+)");
            assertEquals("http/1.1", first(out, "ALPN protocol: (\\S+)"), out);
            assertEquals("GET /from-openssl HTTP/1.1", first(out, "request: +(.+)"), out);
            assertEquals("TLSv1.3", first(out, "\nprotocol: +(\\S+)"), out);
            assertEquals(opensslSuite, first(out, "cipher suite: +(\\S+)"), out);
            assertEquals("http/1.1", first(out, "\nALPN: +(\\S+)"), out);
            assertEquals("[type=host_name (0), value=localhost]", first(out, "server name: +(.+)"), out);
        }
    }

    /** {@code --cert} / {@code --key} with files openssl made: serve loads them and curl trusts that certificate. */
    @Test
    void servesACertificateAndKeyMadeByOpenssl() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        try (Peer req = Peer.start(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"), dir, null)) {
            assertEquals(0, req.awaitExit(PEER_SECONDS), req.output());
        }
        try (ServeCommand.Server server = serve("--port", "0", "--cert", cert.toString(), "--key", key.toString());
                Peer curl = Peer.start(List.of("curl", "--silent", "--show-error", "--max-time", "20", "--cacert",
                        cert.toString(), "https://localhost:" + server.port() + "/"), dir, null)) {
            assertNull(server.pemFile, "no generated PEM with --cert");
            assertTrue(log().contains("certificate: " + cert), log());
            assertEquals(0, curl.awaitExit(PEER_SECONDS), curl.output());
            assertTrue(curl.output().contains("protocol:         TLSv1.3"), curl.output());
        }
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in\n" + text);
        return m.group(1).trim();
    }
}
