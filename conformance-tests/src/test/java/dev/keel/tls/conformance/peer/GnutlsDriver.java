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
import dev.keel.tls.conformance.matrix.TlsVersion;
import dev.keel.tls.conformance.matrix.Transport;
import dev.keel.tls.conformance.pki.TestPki;
import dev.keel.tls.conformance.pki.WorkDir;
import dev.keel.tls.conformance.process.PeerProcess;
import dev.keel.tls.conformance.wire.WireTap;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * GnuTLS 3.7 as the peer. Subject as client: {@code gnutls-serv --echo}, one process per configuration,
 * reused across cases (it binds every interface — gnutls-serv has no listen-address option — on a free
 * port); each connection's block in its output (Description, server name, ALPN, resumption, client
 * certificate) is the peer's evidence. Subject as server: one {@code gnutls-cli} per case against the
 * subject's echo server, its informational output in a log file.
 */
public final class GnutlsDriver implements PeerDriver {

    /** What distinguishes one gnutls-serv process from another. */
    private record ServerConfig(CertType cert, Group group, String alpn, boolean alpnFatal, boolean sni,
            boolean requireClientCert) {
    }

    private record Server(PeerProcess process, int port) {
    }

    private final Map<ServerConfig, Server> servers = new LinkedHashMap<>();

    @Override
    public Peer peer() {
        return Peer.GNUTLS;
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
    public String notApplicable(Role role, Transport transport, CaseParams p) {
        if (role == Role.SUBJECT_CLIENT && p.scenario() == Scenario.KEY_UPDATE) {
            return "gnutls-serv can only request a KeyUpdate (its **REHANDSHAKE** command sends update_requested)";
        }
        return null;
    }

    @Override
    public Observation run(InteropCase c) throws Exception {
        return c.role() == Role.SUBJECT_CLIENT ? againstServer(c.params()) : againstClient(c.params());
    }

    // ---------------------------------------------------------------- subject = client, gnutls-serv

    private Observation againstServer(CaseParams p) throws Exception {
        Scenario sc = p.scenario();
        String alpn = sc.serverAlpn() == null ? null : String.join(",", sc.serverAlpn());
        ServerConfig cfg = new ServerConfig(p.cert(), p.group(), alpn, sc == Scenario.ALPN_MISMATCH, sc == Scenario.SNI,
                sc == Scenario.CLIENT_AUTH);
        Server server = server(cfg);
        SSLContext context = SubjectSide.clientContext(p);
        Expectations expect = Expectations.forCase(p);
        try (WireTap tap = WireTap.to(server.port())) {
            if (sc == Scenario.ALPN_MISMATCH) {
                Observation o = new Observation();
                int mark = server.process().out().mark();
                OpenSslDriver.expectRejectedClient(o, () -> SubjectSide.connect(context, tap.port(), p).close(), tap,
                        "no_application_protocol");
                o.note("peer: gnutls-serv --alpn h2 --alpn-fatal" + (server.process().out().await(mark,
                        t -> t.contains("No common application protocol"), Duration.ofSeconds(1))
                                ? " ('No common application protocol could be negotiated')" : ""));
                return o;
            }
            if (sc == Scenario.RESUMPTION) {
                Observation first = new Observation();
                echoConnection(server, context, tap, 0, p, first);
                Expectations.forCase(p).verify(first);
                Observation second = new Observation();
                second.note("1st connection full handshake: " + first.summary());
                echoConnection(server, context, tap, 1, p, second);
                expect.expect(Observation.RESUMED, "yes").verify(second);
                return second;
            }
            Observation o = new Observation();
            echoConnection(server, context, tap, 0, p, o);
            expect.verify(o);
            return o;
        }
    }

    private void echoConnection(Server server, SSLContext context, WireTap tap, int index, CaseParams p, Observation o)
            throws Exception {
        PeerProcess proc = server.process();
        int mark = proc.out().mark();
        int errMark = proc.err().mark();
        EchoApp.ReadEnd end;
        try (SSLSocket s = SubjectSide.connect(context, tap.port(), p)) {
            SubjectSide.recordSubject(o, s, true);
            if (p.scenario() == Scenario.BULK_1MIB) {
                byte[] payload = Payload.mebibyte(4);
                ProcessPeers.checkEcho(payload, ProcessPeers.roundTrip(s, payload), "gnutls-serv echo");
                o.note("1 MiB → echoed 1 MiB ← (sha " + Payload.sha256(payload) + ")");
            } else if (p.scenario() == Scenario.KEY_UPDATE_REQUESTED) {
                byte[] one = Payload.ascii("hello-1\n");
                ProcessPeers.checkEcho(one, ProcessPeers.roundTrip(s, one), "echo before KeyUpdate");
                s.getOutputStream().write(Payload.ascii("**REHANDSHAKE**\n")); // TLS 1.3: KeyUpdate(update_requested)
                s.getOutputStream().flush();
                String answer = readLine(s);
                if (!answer.contains("Successfully executed command")) {
                    throw new AssertionError("gnutls-serv did not run its KeyUpdate: " + answer);
                }
                byte[] two = Payload.ascii("hello-2\n");
                ProcessPeers.checkEcho(two, ProcessPeers.roundTrip(s, two), "echo after KeyUpdate");
                o.note("peer sent KeyUpdate(update_requested) (gnutls_rehandshake in TLS 1.3); data both ways after it"
                        + " (the subject's answering KeyUpdate is not visible in gnutls's output)");
            } else {
                byte[] line = Payload.ascii("hello from the subject " + index + "\n");
                ProcessPeers.checkEcho(line, ProcessPeers.roundTrip(s, line), "gnutls-serv echo");
                o.note(line.length + " B → echoed ←");
            }
            end = EchoApp.closeAndAwaitPeer(s);
        }
        CloseCheck.subjectClient(o, end, tap, index, null); // gnutls-serv answers close_notify with its own
        proc.out().await(mark, t -> t.contains("- Description:"), Duration.ofSeconds(2));
        String block = proc.out().textSince(mark);
        int start = block.indexOf("* Accepted connection");
        block = start >= 0 ? block.substring(start) : block;
        GnutlsOutput.record(o, block, p.scenario().serverAlpn() != null);
        if (p.scenario() == Scenario.CLIENT_AUTH) {
            o.saw(Observation.Source.PEER, Observation.CLIENT_CERT, GnutlsOutput.clientCert(block));
        }
        if (p.scenario() == Scenario.KEY_UPDATE_REQUESTED
                && !proc.err().textSince(errMark).contains("Sending rehandshake request")) {
            throw new AssertionError("gnutls-serv did not report sending its KeyUpdate:\n" + proc.err().textSince(errMark));
        }
        SubjectSide.recordWire(o, tap.connection(index, Duration.ofSeconds(2)));
    }

    private static String readLine(SSLSocket s) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = s.getInputStream().read()) >= 0 && c != '\n') {
            b.append((char) c);
            if (b.length() > 4096) {
                break;
            }
        }
        return b.toString();
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

    /** gnutls-serv needs a port number: take a free one; retry if another process grabs it first. */
    private static Server startServer(ServerConfig cfg) throws Exception {
        TestPki pki = TestPki.get();
        TestPki.Identity id = pki.server(cfg.cert());
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
                port = probe.getLocalPort();
            }
            String priority = "NORMAL:+DHE-RSA:+RSA" + (cfg.group() == null ? "" : ":-GROUP-ALL:+" + cfg.group().gnutlsToken());
            List<String> cmd = new ArrayList<>(List.of("gnutls-serv", "--echo", "-p", Integer.toString(port),
                    "--x509certfile", id.fullChainPem().toString(), "--x509keyfile", id.keyPem().toString(),
                    "--x509cafile", pki.rootPem().toString(), "--priority", priority));
            cmd.add(cfg.requireClientCert() ? "--require-client-cert" : "--disable-client-cert");
            if (cfg.requireClientCert()) {
                cmd.add("--verify-client-cert");
            }
            if (cfg.alpn() != null) {
                for (String a : cfg.alpn().split(",")) {
                    cmd.addAll(List.of("--alpn", a));
                }
                if (cfg.alpnFatal()) {
                    cmd.add("--alpn-fatal");
                }
            }
            if (cfg.sni()) {
                cmd.addAll(List.of("--sni-hostname", "localhost", "--sni-hostname-fatal"));
            }
            PeerProcess proc = PeerProcess.start("gnutls-serv", ProcessPeers.lineBuffered(cmd), WorkDir.fresh("gnutls-serv"));
            try {
                // gnutls-serv reports on stderr; it exits if the port is taken (await ends early then).
                if (proc.err().await(0, t -> t.contains("IPv4 0.0.0.0 port " + port + "...done"), ProcessPeers.START)) {
                    return new Server(proc, port);
                }
                last = new AssertionError("gnutls-serv could not listen on port " + port + "\n" + proc.describe());
            } catch (AssertionError e) {
                last = e;
            }
            proc.close();
        }
        throw last;
    }

    // ---------------------------------------------------------------- subject = server, gnutls-cli

    private Observation againstClient(CaseParams p) throws Exception {
        Scenario sc = p.scenario();
        Expectations expect = Expectations.forCase(p);
        try (SocketServer server = SubjectSide.server(p, EchoApp::serve); WireTap tap = WireTap.to(server.port())) {
            Path dir = WorkDir.fresh("gnutls-cli");
            Observation o = new Observation();
            List<String> cmd = clientCommand(p, tap, dir);
            try (PeerProcess proc = PeerProcess.start("gnutls-cli", ProcessPeers.lineBuffered(cmd), dir)) {
                if (sc == Scenario.ALPN_MISMATCH) {
                    int exit = proc.awaitExit(ProcessPeers.STEP);
                    String log = Files.exists(dir.resolve("info.log")) ? Files.readString(dir.resolve("info.log")) : "";
                    OpenSslDriver.expectNoApplicationProtocol(o, server.next(ProcessPeers.STEP), exit,
                            log + proc.out().text() + proc.err().text(), "application protocol", tap);
                    return o;
                }
                if (sc == Scenario.BULK_1MIB) {
                    byte[] payload = Payload.mebibyte(5);
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
                        throw new AssertionError("gnutls-cli's output does not contain the exact 1 MiB echo: "
                                + Payload.mismatch(proc.out().bytes(), payload));
                    }
                    o.note("1 MiB → echoed 1 MiB ← (sha " + Payload.sha256(payload) + ")");
                } else if (sc.isKeyUpdate()) {
                    proc.writeStdin("hello-1\n");
                    proc.awaitOut(0, t -> t.contains("hello-1"), ProcessPeers.STEP, "the echo of hello-1");
                    proc.writeStdin(sc == Scenario.KEY_UPDATE_REQUESTED ? "^rekey^\n" : "^rekey1^\n");
                    proc.writeStdin("hello-2\n");
                    proc.awaitOut(0, t -> t.contains("hello-2"), ProcessPeers.STEP, "the echo of hello-2 after KeyUpdate");
                } else {
                    String line = "hello from gnutls-cli\n";
                    proc.writeStdin(line);
                    proc.awaitOut(0, t -> t.contains(line.trim()), ProcessPeers.STEP, "the echo of the message");
                    o.note(line.length() + " B → echoed ←");
                }
                proc.closeStdin(); // gnutls-cli: close_notify on end of input
                int exit = proc.awaitExit(ProcessPeers.STEP);
                if (sc == Scenario.RESUMPTION) {
                    SocketServer.Served first = server.next(ProcessPeers.STEP);
                    Observation firstObs = new Observation();
                    ProcessPeers.recordServed(firstObs, first, "gnutls-cli's first connection", tap, 0, null);
                    SubjectSide.recordWire(firstObs, tap.connection(0, Duration.ofSeconds(2)));
                    Expectations.forCase(p).ignore(Observation.ALPN).verify(firstObs);
                    o.note("1st connection full handshake: " + firstObs.summary());
                    expect.expect(Observation.RESUMED, "yes");
                }
                // gnutls-cli sends close_notify at end of input (gnutls_bye)
                ProcessPeers.recordServed(o, server.next(ProcessPeers.STEP), "gnutls-cli's connection", tap,
                        sc == Scenario.RESUMPTION ? 1 : 0, null);
                String log = Files.exists(dir.resolve("info.log")) ? Files.readString(dir.resolve("info.log")) : "";
                if (exit != 0) {
                    throw new AssertionError("gnutls-cli exited " + exit + "\n" + log + "\n" + proc.describe());
                }
                String session = sc == Scenario.RESUMPTION && log.contains("- Connecting again")
                        ? log.substring(log.indexOf("- Connecting again")) : log;
                GnutlsOutput.record(o, session, p.scenario().clientAlpn() != null);
                o.saw(Observation.Source.PEER, Observation.SERVER_CERT, GnutlsOutput.serverCert(log));
                if (!log.contains("The certificate is trusted")) {
                    throw new AssertionError("gnutls-cli did not trust the subject's chain:\n" + log);
                }
                if (sc.isKeyUpdate()) {
                    if (!(log + proc.out().text()).contains("Rekey was completed")) {
                        throw new AssertionError("gnutls-cli did not complete its KeyUpdate:\n" + log);
                    }
                    o.note("peer sent KeyUpdate(" + (sc == Scenario.KEY_UPDATE_REQUESTED ? "update_requested"
                            : "update_not_requested") + ") (^rekey^); data both ways after it");
                }
                o.note("peer: " + (log.contains("Peer has closed the GnuTLS connection")
                        ? "saw the subject's close_notify" : "did not report the subject's close_notify"));
            }
            SubjectSide.recordWire(o, tap.connection(sc == Scenario.RESUMPTION ? 1 : 0, Duration.ofSeconds(2)));
            expect.verify(o);
            return o;
        }
    }

    private static List<String> clientCommand(CaseParams p, WireTap tap, Path dir) {
        TestPki pki = TestPki.get();
        StringBuilder priority = new StringBuilder("NORMAL:-VERS-ALL:+").append(p.version().gnutlsToken())
                .append(":-CIPHER-ALL:+").append(p.suite().gnutlsCipher());
        if (p.version() == TlsVersion.TLS12) {
            priority.append(":-KX-ALL:+").append(p.suite().gnutlsKx());
        }
        if (p.scenario() == Scenario.HRR) {
            // Key shares go to the first group of each kind (FFDHE, X448); the subject accepts neither and must
            // ask for secp256r1 with a HelloRetryRequest.
            priority.append(":-GROUP-ALL:+GROUP-FFDHE6144:+GROUP-X448:+").append(p.group().gnutlsToken());
        } else if (p.group() != null) {
            priority.append(":-GROUP-ALL:+").append(p.group().gnutlsToken());
        }
        List<String> cmd = new ArrayList<>(List.of("gnutls-cli", "127.0.0.1", "-p", Integer.toString(tap.port()),
                "--sni-hostname", "localhost", "--verify-hostname", "localhost", "--x509cafile",
                pki.rootPem().toString(), "--priority", priority.toString(), "--logfile", dir.resolve("info.log").toString()));
        if (p.scenario().clientAlpn() != null) {
            for (String a : p.scenario().clientAlpn()) {
                cmd.addAll(List.of("--alpn", a));
            }
        }
        if (p.scenario() == Scenario.CLIENT_AUTH) {
            cmd.addAll(List.of("--x509certfile", pki.client().fullChainPem().toString(), "--x509keyfile",
                    pki.client().keyPem().toString()));
        }
        if (p.scenario() == Scenario.RESUMPTION) {
            cmd.add("--resume");
            if (p.version() == TlsVersion.TLS13) {
                cmd.add("--waitresumption");
            }
        }
        if (p.scenario().isKeyUpdate()) {
            cmd.add("--inline-commands");
        }
        return cmd;
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(s -> s.process().close());
        servers.clear();
    }
}
