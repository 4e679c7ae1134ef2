package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.app.EchoApp;
import dev.keel.tls.conformance.app.Payload;
import dev.keel.tls.conformance.app.SocketServer;
import dev.keel.tls.conformance.matrix.CaseParams;
import dev.keel.tls.conformance.matrix.CertType;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * OpenSSL 3 as the peer. Subject as client: {@code openssl s_server}, one process per configuration,
 * reused across the cases that share it, in three modes: {@code -www} (status page: New/Reused,
 * protocol, cipher, client certificate), {@code -rev} (reverses each line: 1 MiB each way) and plain
 * (stdin commands {@code k}/{@code K} send KeyUpdate). Subject as server: one {@code openssl s_client}
 * per connection, against the subject's echo server. Both always run with {@code -trace}: OpenSSL's
 * decrypted view of every handshake message (group, HelloRetryRequest, KeyUpdate, close_notify).
 */
public final class OpenSslDriver implements PeerDriver {

    private enum Mode { WWW, REV, PLAIN }

    /** What distinguishes one s_server process from another. */
    private record ServerConfig(Mode mode, CertType cert, Group group, String alpn, boolean verifyClient, boolean sni) {
    }

    /** A running s_server and the port it printed. */
    private record Server(PeerProcess process, int port) {
    }

    private final Map<ServerConfig, Server> servers = new LinkedHashMap<>();

    @Override
    public Peer peer() {
        return Peer.OPENSSL;
    }

    @Override
    public Set<Role> roles() {
        return EnumSet.allOf(Role.class);
    }

    @Override
    public Transport transportFor(Role role, CaseParams params) {
        return Transport.PROCESS;
    }

    @Override
    public String notApplicable(Role role, Transport transport, CaseParams params) {
        return null; // OpenSSL 3.0 does every combination of the matrix
    }

    @Override
    public Observation run(InteropCase c) throws Exception {
        return c.role() == Role.SUBJECT_CLIENT ? againstServer(c.params()) : againstClient(c.params());
    }

    // ---------------------------------------------------------------- subject = client, s_server

    private Observation againstServer(CaseParams p) throws Exception {
        Scenario sc = p.scenario();
        Mode mode = sc == Scenario.BULK_1MIB ? Mode.REV : sc.isKeyUpdate() ? Mode.PLAIN : Mode.WWW;
        String alpn = sc.serverAlpn() == null ? null : String.join(",", sc.serverAlpn());
        ServerConfig cfg = new ServerConfig(mode, sc == Scenario.SNI ? CertType.RSA_2048 : p.cert(), p.group(), alpn,
                sc == Scenario.CLIENT_AUTH, sc == Scenario.SNI);
        Server server = server(cfg);
        SSLContext context = SubjectSide.clientContext(p);
        Expectations expect = Expectations.forCase(p);
        try (WireTap tap = WireTap.to(server.port())) {
            if (sc == Scenario.ALPN_MISMATCH) {
                // OpenSSL 3 answers "no overlap" with no_application_protocol (RFC 7301 3.2).
                int mark = server.process().out().mark();
                Observation o = new Observation();
                expectRejectedClient(o, () -> SubjectSide.connect(context, tap.port(), p).close(), tap,
                        "no_application_protocol");
                server.process().out().await(mark, t -> t.contains("no application protocol"), Duration.ofSeconds(2));
                if (new OpenSslTrace(server.process().out().textSince(mark)).count(true,
                        "Alert no application protocol") == 0) {
                    throw new AssertionError("s_server's trace shows no no_application_protocol alert sent");
                }
                o.note("peer: sent fatal no_application_protocol (trace)");
                return o;
            }
            if (mode == Mode.WWW) {
                if (sc == Scenario.RESUMPTION) {
                    Observation first = new Observation();
                    wwwConnection(server, context, tap, 0, p, first);
                    Expectations.forCase(p).verify(first);
                    Observation second = new Observation();
                    second.note("1st connection full handshake: " + first.summary());
                    wwwConnection(server, context, tap, 1, p, second);
                    expect.expect(Observation.RESUMED, "yes").verify(second);
                    return second;
                }
                Observation o = new Observation();
                wwwConnection(server, context, tap, 0, p, o);
                expect.verify(o);
                return o;
            }
            Observation o = new Observation();
            if (mode == Mode.REV) {
                revConnection(server, context, tap, p, o);
            } else {
                keyUpdateConnection(server, context, tap, p, o);
            }
            expect.verify(o);
            return o;
        }
    }

    private void wwwConnection(Server server, SSLContext context, WireTap tap, int index, CaseParams p, Observation o)
            throws Exception {
        int mark = server.process().out().mark();
        byte[] page;
        EchoApp.ReadEnd end;
        try (SSLSocket s = SubjectSide.connect(context, tap.port(), p)) {
            SubjectSide.recordSubject(o, s, true);
            s.getOutputStream().write(Payload.ascii("GET / HTTP/1.0\r\n\r\n"));
            s.getOutputStream().flush();
            end = EchoApp.readToPeerClose(s.getInputStream(), 4 << 20); // the page, then the server's close
            page = end.rest();
        }
        String text = new String(page, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!text.contains("</HTML>")) {
            throw new AssertionError("s_server's status page ended early (" + page.length + " B, read ended: "
                    + end.describe() + ")", end.failure());
        }
        o.note("GET / (18 B) → status page " + page.length + " B");
        CloseCheck.subjectClient(o, end, tap, index, null); // s_server -www: close_notify after the page
        String status = ProcessPeers.find(text, "^((?:New|Reused), TLSv1\\.[23], Cipher is \\S+)");
        if (status == null) {
            throw new AssertionError("s_server's page has no session line:\n" + text.substring(0, Math.min(400, text.length())));
        }
        Observation.Source peer = Observation.Source.PEER;
        o.saw(peer, Observation.RESUMED, status.startsWith("Reused"));
        o.saw(peer, Observation.VERSION, ProcessPeers.find(status, "(TLSv1\\.[23])"));
        Suite suite = Suite.fromAnyName(ProcessPeers.find(status, "Cipher is (\\S+)"));
        o.saw(peer, Observation.SUITE, suite == null ? ProcessPeers.find(status, "Cipher is (\\S+)") : suite.jsseName());
        if (text.contains("Client certificate")) {
            String subject = ProcessPeers.find(text.substring(text.indexOf("Client certificate")), "Subject: (.+)$");
            o.saw(peer, Observation.CLIENT_CERT, subject == null ? "unparsed" : subject.replace(" = ", "=").trim());
        } else if (text.contains("no client certificate available")) {
            o.saw(peer, Observation.CLIENT_CERT, "none");
        }
        SubjectSide.recordWire(o, tap.connection(index, Duration.ofSeconds(2)));
        traceEvidence(server, mark, o, p);
    }

    private void revConnection(Server server, SSLContext context, WireTap tap, CaseParams p, Observation o)
            throws Exception {
        int mark = server.process().out().mark();
        byte[] payload = Payload.mebibyte(1);
        byte[] send = new byte[payload.length + 6];
        System.arraycopy(payload, 0, send, 0, payload.length);
        System.arraycopy(Payload.ascii("CLOSE\n"), 0, send, payload.length, 6);
        EchoApp.ReadEnd end;
        try (SSLSocket s = SubjectSide.connect(context, tap.port(), p)) {
            SubjectSide.recordSubject(o, s, true);
            AtomicReference<IOException> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(send);
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    failure.set(e);
                }
            });
            writer.setDaemon(true);
            writer.start();
            byte[] got = EchoApp.readExactly(s.getInputStream(), payload.length);
            writer.join(SocketServer.SO_TIMEOUT_MILLIS);
            if (failure.get() != null) {
                throw failure.get();
            }
            ProcessPeers.checkEcho(Payload.reversedLines(payload), got, "s_server -rev");
            end = EchoApp.readToPeerClose(s.getInputStream(), 1 << 16);
            if (end.rest().length != 0) {
                throw new AssertionError(end.rest().length + " unexpected bytes after the reversed payload");
            }
        }
        o.note("1 MiB → and its 1 MiB line-reversal ← (sha " + Payload.sha256(payload) + ")");
        CloseCheck.subjectClient(o, end, tap, 0, null); // s_server -rev: close_notify after "CLOSE"
        SubjectSide.recordWire(o, tap.connection(0, Duration.ofSeconds(2)));
        traceEvidence(server, mark, o, p);
    }

    private void keyUpdateConnection(Server server, SSLContext context, WireTap tap, CaseParams p, Observation o)
            throws Exception {
        PeerProcess proc = server.process();
        int mark = proc.out().mark();
        boolean requested = p.scenario() == Scenario.KEY_UPDATE_REQUESTED;
        EchoApp.ReadEnd end;
        try (SSLSocket s = SubjectSide.connect(context, tap.port(), p)) {
            SubjectSide.recordSubject(o, s, true);
            s.getOutputStream().write(Payload.ascii("ping-1\n"));
            s.getOutputStream().flush();
            proc.awaitOut(mark, t -> t.contains("ping-1"), ProcessPeers.STEP, "the subject's ping-1");
            proc.writeStdin(requested ? "K\n" : "k\n");
            proc.awaitOut(mark, t -> t.contains("KeyUpdate"), ProcessPeers.STEP, "s_server's KeyUpdate");
            proc.writeStdin("data-after-keyupdate\n");
            byte[] line = EchoApp.readExactly(s.getInputStream(), "data-after-keyupdate\n".length());
            ProcessPeers.checkEcho(Payload.ascii("data-after-keyupdate\n"), line, "data after KeyUpdate");
            s.getOutputStream().write(Payload.ascii("ping-2\n"));
            s.getOutputStream().flush();
            proc.awaitOut(mark, t -> t.contains("ping-2"), ProcessPeers.STEP, "the subject's ping-2 after KeyUpdate");
            end = EchoApp.closeAndAwaitPeer(s);
        }
        CloseCheck.subjectClient(o, end, tap, 0, null); // s_server answers close_notify with its own
        proc.awaitOut(mark, t -> new OpenSslTrace(t).closeNotify(false), Duration.ofSeconds(3),
                "the subject's close_notify");
        OpenSslTrace trace = new OpenSslTrace(proc.out().textSince(mark)).fromFirstClientHello();
        List<String> sent = trace.keyUpdates(true);
        List<String> received = trace.keyUpdates(false);
        if (sent.isEmpty()) {
            throw new AssertionError("s_server sent no KeyUpdate");
        }
        if (requested && received.isEmpty()) {
            throw new AssertionError("KeyUpdate(update_requested) got no KeyUpdate back from the subject (RFC 8446 4.6.3)");
        }
        o.note("peer sent KeyUpdate(" + (requested ? "update_requested" : "update_not_requested") + ")"
                + (received.isEmpty() ? "" : ", subject answered with KeyUpdate") + "; data both ways after it");
        SubjectSide.recordWire(o, tap.connection(0, Duration.ofSeconds(2)));
        traceEvidence(server, mark, o, p);
    }

    /** s_server's own view from its trace: version, suite, group, HRR, SNI, ALPN, close_notify. */
    private static void traceEvidence(Server server, int mark, Observation o, CaseParams p) throws InterruptedException {
        PeerProcess proc = server.process();
        proc.out().await(mark, t -> t.contains("ServerHello"), Duration.ofSeconds(2));
        proc.out().await(mark, t -> new OpenSslTrace(t).closeNotify(true), Duration.ofSeconds(1));
        String text = proc.out().textSince(mark);
        OpenSslTrace trace = new OpenSslTrace(text).fromFirstClientHello();
        Observation.Source peer = Observation.Source.PEER;
        o.saw(peer, Observation.VERSION, trace.version(true));
        o.saw(peer, Observation.SUITE, trace.suite(true));
        if (p.suite().isEcdhe() || p.version() == TlsVersion.TLS13) {
            o.saw(peer, Observation.GROUP, trace.group(true));
        }
        o.saw(peer, Observation.HRR, trace.helloRetryRequest(true));
        if (text.contains("Hostname in TLS extension")) {
            o.saw(peer, Observation.SNI, ProcessPeers.find(text, "Hostname in TLS extension: \"([^\"]+)\""));
        }
        if (p.scenario().serverAlpn() != null) {
            String selected = ProcessPeers.find(text, "ALPN protocols selected: (\\S+)");
            o.saw(peer, Observation.ALPN, selected == null ? "none" : selected);
        }
        o.note("peer close_notify: sent " + yes(trace.closeNotify(true)) + ", received " + yes(trace.closeNotify(false)));
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private synchronized Server server(ServerConfig cfg) throws Exception {
        Server s = servers.get(cfg);
        if (s != null && s.process().isAlive()) {
            return s;
        }
        if (s != null) {
            s.process().close();
        }
        s = startServer(cfg);
        servers.put(cfg, s);
        return s;
    }

    private static Server startServer(ServerConfig cfg) throws Exception {
        TestPki pki = TestPki.get();
        TestPki.Identity id = pki.server(cfg.cert());
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:0", "-trace",
                "-cert", id.certPem().toString(), "-key", id.keyPem().toString()));
        Path dir = WorkDir.fresh("openssl-s_server");
        if (cfg.sni()) {
            // The default certificate is RSA; a client that sends SNI "localhost" gets the P-256 one. -cert2
            // takes no chain file, so both chains are built from -CAfile (intermediate + root).
            TestPki.Identity p256 = pki.server(CertType.ECDSA_P256);
            Path cas = dir.resolve("cas.pem");
            Files.writeString(cas, Files.readString(p256.chainPem()) + Files.readString(pki.rootPem()));
            cmd.addAll(List.of("-servername", "localhost", "-cert2", p256.certPem().toString(), "-key2",
                    p256.keyPem().toString(), "-build_chain", "-CAfile", cas.toString()));
        } else {
            cmd.addAll(List.of("-cert_chain", id.chainPem().toString()));
        }
        switch (cfg.mode()) {
            case WWW:
                cmd.add("-www");
                break;
            case REV:
                cmd.add("-rev");
                break;
            default:
                break;
        }
        if (cfg.group() != null) {
            cmd.addAll(List.of("-groups", cfg.group().openSslName()));
        }
        if (cfg.alpn() != null) {
            cmd.addAll(List.of("-alpn", cfg.alpn()));
        }
        if (cfg.verifyClient()) {
            cmd.addAll(List.of("-Verify", "2", "-verify_return_error"));
            if (!cfg.sni()) {
                cmd.addAll(List.of("-CAfile", pki.rootPem().toString()));
            }
        }
        PeerProcess proc = PeerProcess.start("openssl-s_server-" + cfg.mode(), ProcessPeers.lineBuffered(cmd), dir);
        try {
            proc.awaitOut(0, t -> t.contains("ACCEPT 127.0.0.1:"), ProcessPeers.START, "s_server's ACCEPT line");
            String port = ProcessPeers.find(proc.out().text(), "ACCEPT 127\\.0\\.0\\.1:(\\d+)");
            return new Server(proc, Integer.parseInt(port));
        } catch (RuntimeException | Error | InterruptedException e) {
            proc.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- subject = server, s_client

    private Observation againstClient(CaseParams p) throws Exception {
        Scenario sc = p.scenario();
        Expectations expect = Expectations.forCase(p);
        try (SocketServer server = SubjectSide.server(p, EchoApp::serve); WireTap tap = WireTap.to(server.port())) {
            Path dir = WorkDir.fresh("openssl-s_client");
            if (sc == Scenario.RESUMPTION) {
                Observation first = new Observation();
                clientConnection(p, tap, 0, server, dir, first, "-sess_out");
                Expectations.forCase(p).verify(first);
                Observation second = new Observation();
                second.note("1st connection full handshake: " + first.summary());
                clientConnection(p, tap, 1, server, dir, second, "-sess_in");
                expect.expect(Observation.RESUMED, "yes").verify(second);
                return second;
            }
            Observation o = new Observation();
            if (sc == Scenario.ALPN_MISMATCH) {
                alpnMismatchClient(p, tap, server, dir, o);
                return o;
            }
            clientConnection(p, tap, 0, server, dir, o, null);
            expect.verify(o);
            return o;
        }
    }

    private List<String> clientCommand(CaseParams p, WireTap tap, Path dir, String sessionFlag) {
        TestPki pki = TestPki.get();
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + tap.port(),
                "-servername", "localhost", "-verify_hostname", "localhost", "-verify_return_error", "-CAfile",
                pki.rootPem().toString(), "-trace", "-msgfile", dir.resolve("trace.txt").toString(),
                p.version().openSslFlag()));
        if (p.version() == TlsVersion.TLS13) {
            cmd.addAll(List.of("-ciphersuites", p.suite().openSslName()));
        } else {
            cmd.addAll(List.of("-cipher", p.suite().openSslName()));
        }
        if (p.scenario() == Scenario.HRR) {
            // The only key share is for ffdhe6144, which the subject does not accept: it must ask for P-256.
            cmd.addAll(List.of("-groups", Group.FFDHE6144.openSslName() + ":" + p.group().openSslName()));
        } else if (p.group() != null) {
            cmd.addAll(List.of("-groups", p.group().openSslName()));
        }
        if (p.scenario().clientAlpn() != null) {
            cmd.addAll(List.of("-alpn", String.join(",", p.scenario().clientAlpn())));
        }
        if (p.scenario() == Scenario.CLIENT_AUTH) {
            TestPki.Identity c = pki.client();
            cmd.addAll(List.of("-cert", c.certPem().toString(), "-key", c.keyPem().toString(), "-cert_chain",
                    c.chainPem().toString()));
        }
        if (sessionFlag != null) {
            cmd.addAll(List.of(sessionFlag, dir.resolve("session.pem").toString()));
        }
        return cmd;
    }

    private void clientConnection(CaseParams p, WireTap tap, int index, SocketServer server, Path dir, Observation o,
            String sessionFlag) throws Exception {
        Files.deleteIfExists(dir.resolve("trace.txt"));
        Scenario sc = p.scenario();
        try (PeerProcess proc = PeerProcess.start("openssl-s_client",
                ProcessPeers.lineBuffered(clientCommand(p, tap, dir, sessionFlag)), dir)) {
            if (sc == Scenario.BULK_1MIB) {
                byte[] payload = Payload.mebibyte(3);
                AtomicReference<IOException> failure = new AtomicReference<>();
                Thread writer = ProcessPeers.writeInBackground(proc, payload, failure);
                String last = new String(payload, payload.length - Payload.LINE, Payload.LINE - 1,
                        java.nio.charset.StandardCharsets.US_ASCII);
                proc.awaitOut(0, t -> t.contains(last), ProcessPeers.BULK, "the echo of the 1 MiB payload");
                writer.join(ProcessPeers.STEP.toMillis());
                if (failure.get() != null) {
                    throw failure.get();
                }
                if (Payload.indexOf(proc.out().bytes(), payload) < 0) {
                    throw new AssertionError("s_client's output does not contain the exact 1 MiB echo: "
                            + Payload.mismatch(proc.out().bytes(), payload));
                }
                o.note("1 MiB → echoed 1 MiB ← (sha " + Payload.sha256(payload) + ")");
            } else if (sc.isKeyUpdate()) {
                boolean requested = sc == Scenario.KEY_UPDATE_REQUESTED;
                proc.writeStdin("hello-1\n");
                proc.awaitOut(0, t -> t.contains("hello-1"), ProcessPeers.STEP, "the echo of hello-1");
                proc.writeStdin(requested ? "K\n" : "k\n");
                proc.err().await(0, t -> t.contains("KEYUPDATE"), ProcessPeers.STEP);
                proc.writeStdin("hello-2\n");
                proc.awaitOut(0, t -> t.contains("hello-2"), ProcessPeers.STEP, "the echo of hello-2 after KeyUpdate");
            } else {
                String line = "hello from openssl s_client " + index + "\n";
                proc.writeStdin(line);
                proc.awaitOut(0, t -> t.contains(line.trim()), ProcessPeers.STEP, "the echo of the message");
                o.note(line.length() + " B → echoed ←");
            }
            proc.closeStdin(); // s_client: "DONE", close_notify, exit
            int exit = proc.awaitExit(ProcessPeers.STEP);
            SocketServer.Served served = server.next(ProcessPeers.STEP);
            // s_client sends close_notify at end of input ("DONE")
            ProcessPeers.recordServed(o, served, "s_client connection " + index, tap, index, null);
            if (exit != 0) {
                throw new AssertionError("s_client exited " + exit + "\n" + proc.describe());
            }
            String out = proc.out().text();
            Observation.Source peer = Observation.Source.PEER;
            String status = ProcessPeers.find(out, "^((?:New|Reused), TLSv1\\.[23], Cipher is \\S+)");
            if (status != null) {
                o.saw(peer, Observation.RESUMED, status.startsWith("Reused"));
                o.saw(peer, Observation.VERSION, ProcessPeers.find(status, "(TLSv1\\.[23])"));
                Suite s = Suite.fromAnyName(ProcessPeers.find(status, "Cipher is (\\S+)"));
                o.saw(peer, Observation.SUITE, s == null ? status : s.jsseName());
            }
            o.saw(peer, Observation.SERVER_CERT, certFromClientOutput(out));
            if (out.contains("No ALPN negotiated")) {
                o.saw(peer, Observation.ALPN, "none");
            } else {
                o.saw(peer, Observation.ALPN, ProcessPeers.find(out, "^ALPN protocol: (\\S+)"));
            }
            if (!out.contains("Verify return code: 0 (ok)")) {
                throw new AssertionError("s_client did not verify the subject's chain\n" + proc.describe());
            }
            String trace = Files.exists(dir.resolve("trace.txt")) ? Files.readString(dir.resolve("trace.txt")) : "";
            OpenSslTrace t = new OpenSslTrace(trace);
            if (p.suite().isEcdhe() || p.version() == TlsVersion.TLS13) {
                o.saw(peer, Observation.GROUP, t.group(false));
            }
            o.saw(peer, Observation.HRR, t.helloRetryRequest(false));
            if (sc.isKeyUpdate()) {
                if (t.keyUpdates(true).isEmpty()) {
                    throw new AssertionError("s_client sent no KeyUpdate\n" + proc.describe());
                }
                if (sc == Scenario.KEY_UPDATE_REQUESTED && t.keyUpdates(false).isEmpty()) {
                    throw new AssertionError("KeyUpdate(update_requested) got no KeyUpdate back from the subject"
                            + " (RFC 8446 4.6.3)");
                }
                o.note("peer sent KeyUpdate(" + (sc == Scenario.KEY_UPDATE_REQUESTED ? "update_requested"
                        : "update_not_requested") + ")" + (t.keyUpdates(false).isEmpty() ? ""
                                : ", subject answered with KeyUpdate") + "; data both ways after it");
            }
            o.note("peer close_notify: sent " + yes(t.closeNotify(true)) + ", received " + yes(t.closeNotify(false)));
        }
        SubjectSide.recordWire(o, tap.connection(index, Duration.ofSeconds(2)));
    }

    /** s_client offers only http/1.1, the subject supports only h2: RFC 7301 3.2 requires no_application_protocol. */
    private void alpnMismatchClient(CaseParams p, WireTap tap, SocketServer server, Path dir, Observation o)
            throws Exception {
        try (PeerProcess proc = PeerProcess.start("openssl-s_client",
                ProcessPeers.lineBuffered(clientCommand(p, tap, dir, null)), dir)) {
            int exit = proc.awaitExit(ProcessPeers.STEP);
            SocketServer.Served served = server.next(ProcessPeers.STEP);
            expectNoApplicationProtocol(o, served, exit, proc.err().text() + proc.out().text(), "no application protocol",
                    tap);
        }
    }

    /** A subject-client action that must fail with a fatal alert from the peer server. */
    @FunctionalInterface
    interface Connect {
        void run() throws Exception;
    }

    /**
     * Runs a subject-client connection that must be refused with {@code alert}: the subject's exception
     * names it and the wire shows it in plaintext (it precedes ServerHello).
     */
    static void expectRejectedClient(Observation o, Connect connect, WireTap tap, String alert) throws Exception {
        try {
            connect.run();
            throw new AssertionError("the subject completed a handshake the peer had to refuse with " + alert);
        } catch (javax.net.ssl.SSLException e) {
            if (!String.valueOf(e.getMessage()).contains(alert)) {
                throw new AssertionError("the subject failed, but not with " + alert + ": " + e, e);
            }
            o.note("subject: " + ProcessPeers.brief(e));
        }
        var wire = tap.connection(0, Duration.ofSeconds(2));
        List<String> alerts = wire == null ? List.of() : wire.facts().alerts();
        o.note("wire alerts: " + alerts);
        if (!alerts.contains("server→client fatal " + alert)) {
            throw new AssertionError("no plaintext " + alert + " alert from the peer on the wire: " + alerts);
        }
        o.saw(Observation.Source.WIRE, Observation.ALPN, alert + " alert");
    }

    /** Checks the three witnesses of a failed ALPN negotiation: subject exception, peer message, wire alert. */
    static void expectNoApplicationProtocol(Observation o, SocketServer.Served served, int exit, String peerOutput,
            String peerPhrase, WireTap tap) throws InterruptedException {
        if (served == null || served.error == null) {
            throw new AssertionError("the subject's server completed a handshake although no protocol overlaps"
                    + (served != null && served.view != null ? " (ALPN " + served.view.alpn() + ")" : ""));
        }
        o.note("subject: " + ProcessPeers.brief(served.error));
        if (exit == 0) {
            throw new AssertionError("the peer client exited 0 although the handshake must fail");
        }
        if (!normalize(peerOutput).contains(normalize(peerPhrase))) {
            throw new AssertionError("the peer did not report '" + peerPhrase + "':\n" + peerOutput);
        }
        o.note("peer: '" + peerPhrase + "'");
        var wire = tap.connection(0, Duration.ofSeconds(2));
        List<String> alerts = wire == null ? List.of() : wire.facts().alerts();
        o.note("wire alerts: " + alerts);
        if (!alerts.contains("server→client fatal no_application_protocol")) {
            throw new AssertionError("no plaintext no_application_protocol alert from the subject on the wire: " + alerts);
        }
        o.saw(Observation.Source.WIRE, Observation.ALPN, "no_application_protocol alert");
    }

    /** Lower case, runs of spaces and underscores as one underscore: "NO_APPLICATION_PROTOCOL" ~ "no application protocol". */
    static String normalize(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[ _]+", "_");
    }

    /** The server certificate type from s_client's "Peer signature type" and "Server public key is N bit". */
    static String certFromClientOutput(String out) {
        String sig = ProcessPeers.find(out, "^Peer signature type: (\\S+)");
        String bits = ProcessPeers.find(out, "^Server public key is (\\d+) bit");
        if (sig == null || bits == null) {
            return null;
        }
        if (sig.startsWith("RSA")) {
            return bits.equals("2048") ? CertType.RSA_2048.label() : "RSA-" + bits;
        }
        if (sig.equals("ECDSA")) {
            return bits.equals("256") ? CertType.ECDSA_P256.label() : bits.equals("384") ? CertType.ECDSA_P384.label()
                    : "ECDSA-" + bits;
        }
        if (sig.equalsIgnoreCase("Ed25519")) {
            return CertType.ED25519.label();
        }
        return sig + "-" + bits;
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(s -> s.process().close());
        servers.clear();
    }
}
