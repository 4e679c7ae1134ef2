package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.app.HttpApp;
import dev.keel.tls.conformance.app.Payload;
import dev.keel.tls.conformance.app.SocketServer;
import dev.keel.tls.conformance.matrix.CaseParams;
import dev.keel.tls.conformance.matrix.Expectations;
import dev.keel.tls.conformance.matrix.Group;
import dev.keel.tls.conformance.matrix.InteropCase;
import dev.keel.tls.conformance.matrix.Observation;
import dev.keel.tls.conformance.matrix.Peer;
import dev.keel.tls.conformance.matrix.PeerDriver;
import dev.keel.tls.conformance.matrix.Role;
import dev.keel.tls.conformance.matrix.Scenario;
import dev.keel.tls.conformance.matrix.Suite;
import dev.keel.tls.conformance.matrix.TlsVersion;
import dev.keel.tls.conformance.matrix.Transport;
import dev.keel.tls.conformance.pki.TestPki;
import dev.keel.tls.conformance.pki.WorkDir;
import dev.keel.tls.conformance.process.PeerProcess;
import dev.keel.tls.conformance.wire.WireTap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * curl (with OpenSSL 3) as an HTTPS client of the subject's small HTTP server ({@link HttpApp}):
 * GET, a 1 MiB POST answered with 1 MiB, two requests on two connections for resumption, and HTTP/2
 * when ALPN selects h2. curl's {@code -v} lines and {@code --write-out} are the peer's evidence.
 */
public final class CurlDriver implements PeerDriver {

    /**
     * Why curl closes without close_notify over HTTP/2 (over HTTP/1.1 it sends one; see {@link
     * CloseCheck}). Seen on the wire: after the subject's GOAWAY and close_notify, curl's last record
     * is a 9-byte HTTP/2 frame (26 bytes protected), then FIN.
     */
    private static final String CURL_H2_SILENT = "curl 7.88 closes an HTTP/2 connection, after the server's GOAWAY"
            + " and close_notify, without a close_notify of its own";

    @Override
    public Peer peer() {
        return Peer.CURL;
    }

    @Override
    public Set<Role> roles() {
        return EnumSet.of(Role.SUBJECT_SERVER); // curl is only ever a client
    }

    @Override
    public Transport transportFor(Role role, CaseParams params) {
        return Transport.PROCESS;
    }

    @Override
    public String notApplicable(Role role, Transport transport, CaseParams p) {
        if (p.scenario().isKeyUpdate()) {
            return "curl has no way to send a KeyUpdate";
        }
        return null;
    }

    @Override
    public Observation run(InteropCase c) throws Exception {
        CaseParams p = c.params();
        Scenario sc = p.scenario();
        Observation o = new Observation();
        Expectations expect = Expectations.forCase(p);
        try (SocketServer server = SubjectSide.server(p, HttpApp::serve); WireTap tap = WireTap.to(server.port())) {
            Path dir = WorkDir.fresh("curl");
            byte[] upload = Payload.mebibyte(6);
            if (sc == Scenario.BULK_1MIB) {
                Files.write(dir.resolve("upload.bin"), upload);
            }
            List<String> cmd = command(p, tap.port(), dir);
            try (PeerProcess proc = PeerProcess.start("curl", cmd, dir)) {
                int exit = proc.awaitExit(sc == Scenario.BULK_1MIB ? ProcessPeers.BULK : ProcessPeers.STEP);
                String verbose = proc.err().text();
                if (sc == Scenario.ALPN_MISMATCH) {
                    OpenSslDriver.expectNoApplicationProtocol(o, server.next(ProcessPeers.STEP), exit, verbose,
                            "no application protocol", tap);
                    return o;
                }
                if (exit != 0) {
                    throw new AssertionError("curl exited " + exit + "\n" + proc.describe());
                }
                int connections = sc == Scenario.RESUMPTION ? 2 : 1;
                Observation current = o;
                for (int i = 0; i < connections; i++) {
                    SocketServer.Served served = server.next(ProcessPeers.STEP);
                    if (i == 0 && connections == 2) {
                        Observation first = new Observation();
                        ProcessPeers.recordServed(first, served, "curl's first connection", tap, 0, silent(served));
                        SubjectSide.recordWire(first, tap.connection(0, Duration.ofSeconds(2)));
                        Expectations.forCase(p).verify(first);
                        o.note("1st connection full handshake: " + first.summary());
                        continue;
                    }
                    ProcessPeers.recordServed(current, served, "curl's connection", tap, i, silent(served));
                    if (sc == Scenario.BULK_1MIB && (served.bytesIn != upload.length
                            || !Payload.sha256(upload).equals(served.sha256In))) {
                        throw new AssertionError("the subject received " + served.bytesIn + " B (sha " + served.sha256In
                                + "), not curl's 1 MiB upload (sha " + Payload.sha256(upload) + ")");
                    }
                }
                checkBodies(p, dir, o);
                recordVerbose(o, verbose, p);
                String writeOut = proc.out().text().trim();
                o.note("curl --write-out: " + writeOut.replace('\n', ' '));
                for (String line : writeOut.split("\n")) {
                    if (!line.startsWith("200 ")) {
                        throw new AssertionError("curl did not get HTTP 200: " + writeOut);
                    }
                }
                if (sc == Scenario.RESUMPTION) {
                    expect.expect(Observation.RESUMED, "yes");
                    o.note(verbose.contains("SSL re-using session ID") ? "curl: 'SSL re-using session ID' (offered)"
                            : "curl did not say it offered the session");
                }
            }
            SubjectSide.recordWire(o, tap.connection(sc == Scenario.RESUMPTION ? 1 : 0, Duration.ofSeconds(2)));
            expect.verify(o);
            return o;
        }
    }

    /** curl's close: without close_notify over HTTP/2 (see {@link #CURL_H2_SILENT}), with one otherwise. */
    private static String silent(SocketServer.Served served) {
        return served != null && served.view != null && "h2".equals(served.view.alpn()) ? CURL_H2_SILENT : null;
    }

    private static List<String> command(CaseParams p, int port, Path dir) {
        TestPki pki = TestPki.get();
        Scenario sc = p.scenario();
        String base = "https://localhost:" + port;
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-v", "--resolve", "localhost:" + port + ":127.0.0.1",
                "--cacert", pki.rootPem().toString(), p.version().curlFlag(), "--tls-max", p.version().curlMax(),
                "--write-out", "%{http_code} %{http_version} %{size_download} %{size_upload} %{ssl_verify_result}\\n"));
        if (p.version() == TlsVersion.TLS13) {
            cmd.addAll(List.of("--tls13-ciphers", p.suite().jsseName()));
        } else {
            cmd.addAll(List.of("--ciphers", p.suite().openSslName()));
        }
        if (sc == Scenario.HRR) {
            // One key share, for ffdhe6144, which the subject does not accept: it must ask for P-256.
            cmd.addAll(List.of("--curves", Group.FFDHE6144.curlName() + ":" + p.group().curlName()));
        } else if (p.group() != null) {
            cmd.addAll(List.of("--curves", p.group().curlName()));
        }
        cmd.add(sc == Scenario.ALPN_H2 ? "--http2" : "--http1.1");
        if (sc == Scenario.CLIENT_AUTH) {
            cmd.addAll(List.of("--cert", pki.client().fullChainPem().toString(), "--key", pki.client().keyPem().toString()));
        }
        if (sc == Scenario.BULK_1MIB) {
            cmd.addAll(List.of("-H", "Expect:", "--data-binary", "@upload.bin", "-o", "body0.bin", base + "/bulk"));
        } else if (sc == Scenario.RESUMPTION) {
            cmd.addAll(List.of("-o", "body0.bin", base + "/one", "-o", "body1.bin", base + "/two"));
        } else {
            cmd.addAll(List.of("-o", "body0.bin", base + "/hello"));
        }
        return cmd;
    }

    private static void checkBodies(CaseParams p, Path dir, Observation o) throws java.io.IOException {
        int count = p.scenario() == Scenario.RESUMPTION ? 2 : 1;
        byte[] expected = p.scenario() == Scenario.BULK_1MIB ? Payload.mebibyte(2) : Payload.ascii(HttpApp.HELLO);
        for (int i = 0; i < count; i++) {
            byte[] body = Files.readAllBytes(dir.resolve("body" + i + ".bin"));
            if (!Arrays.equals(expected, body)) {
                throw new AssertionError("curl's body " + i + " differs from what the subject sent (" + body.length + " B)");
            }
        }
        o.note(p.scenario() == Scenario.BULK_1MIB ? "1 MiB POST → (sha " + Payload.sha256(Payload.mebibyte(6))
                + "), 1 MiB response ← (sha " + Payload.sha256(expected) + ")" : count + " × " + expected.length
                        + " B response ←, content checked");
    }

    private static void recordVerbose(Observation o, String verbose, CaseParams p) {
        Observation.Source peer = Observation.Source.PEER;
        String version = ProcessPeers.find(verbose, "SSL connection using (TLSv1\\.[23]) / ");
        String cipher = ProcessPeers.find(verbose, "SSL connection using TLSv1\\.[23] / (\\S+)");
        o.saw(peer, Observation.VERSION, version);
        Suite s = cipher == null ? null : Suite.fromAnyName(cipher);
        o.saw(peer, Observation.SUITE, s == null ? cipher : s.jsseName());
        String alpn = ProcessPeers.find(verbose, "ALPN: server accepted (\\S+)");
        if (alpn == null && verbose.contains("ALPN: server did not agree")) {
            alpn = "none";
        }
        o.saw(peer, Observation.ALPN, alpn);
        if (!verbose.contains("SSL certificate verify ok")) {
            throw new AssertionError("curl did not verify the subject's chain:\n" + verbose);
        }
    }

    @Override
    public void close() {
        // nothing kept across cases
    }
}
