package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.app.EchoApp;
import dev.keel.tls.conformance.app.EnginePair;
import dev.keel.tls.conformance.app.Payload;
import dev.keel.tls.conformance.app.SessionView;
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
import dev.keel.tls.conformance.matrix.Transport;
import dev.keel.tls.conformance.pki.TestPki;
import dev.keel.tls.conformance.pki.WorkDir;
import dev.keel.tls.conformance.process.PeerProcess;
import dev.keel.tls.conformance.wire.TlsWireObserver;
import dev.keel.tls.conformance.wire.WireFacts;
import dev.keel.tls.conformance.wire.WireTap;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * An in-process JSSE provider as the peer (SunJSSE, BCJSSE or Conscrypt, through a {@link JsseKit}).
 * The standard matrix runs engine to engine in memory; a few cases run again over loopback sockets;
 * SunJSSE's group and HRR cases run against SunJSSE in a child JVM ({@link ForkedJssePeer}), since on
 * JDK 17 only the JVM-wide {@code jdk.tls.namedGroups} can make it use one group. The peer's evidence is
 * its own SSLSession.
 */
public final class JsseDriver implements PeerDriver {

    private final JsseKit kit;

    private JsseDriver(JsseKit kit) {
        this.kit = kit;
    }

    public static JsseDriver sunJsse() {
        return new JsseDriver(new SunJsseKit());
    }

    public static JsseDriver bcJsse() {
        return new JsseDriver(new BcJsseKit());
    }

    public static JsseDriver conscrypt() {
        return new JsseDriver(new ConscryptKit());
    }

    @Override
    public Peer peer() {
        return kit.peer();
    }

    @Override
    public Set<Role> roles() {
        return EnumSet.allOf(Role.class);
    }

    @Override
    public Transport transportFor(Role role, CaseParams p) {
        if (kit.peer() == Peer.SUNJSSE && p.group() != null) {
            return Transport.FORKED_JVM;
        }
        return Transport.MEMORY;
    }

    @Override
    public String notApplicable(Role role, Transport transport, CaseParams p) {
        return kit.notApplicable(role, transport, p);
    }

    /** The socket variants: TLS 1.3 and TLS 1.2 handshakes and the 1 MiB transfer, each way. */
    @Override
    public List<InteropCase> extraCases() {
        List<InteropCase> extra = new ArrayList<>();
        for (Role role : Role.values()) {
            for (CaseParams p : List.of(CaseParams.tls13(Scenario.HANDSHAKE), CaseParams.tls12(Scenario.HANDSHAKE),
                    CaseParams.tls13(Scenario.BULK_1MIB))) {
                if (kit.notApplicable(role, Transport.SOCKET, p) == null) {
                    extra.add(new InteropCase(kit.peer(), role, Transport.SOCKET, p));
                }
            }
        }
        return extra;
    }

    @Override
    public Observation run(InteropCase c) throws Exception {
        switch (c.transport()) {
            case MEMORY:
                return inMemory(c.role(), c.params());
            case SOCKET:
                return overSockets(c.role(), c.params());
            case FORKED_JVM:
                return forked(c.role(), c.params());
            default:
                throw new IllegalArgumentException(c.transport().toString());
        }
    }

    // ---------------------------------------------------------------- in memory

    private Observation inMemory(Role role, CaseParams p) throws Exception {
        boolean subjectClient = role == Role.SUBJECT_CLIENT;
        TestPki pki = TestPki.get();
        SSLContext subjectContext = subjectClient ? SubjectSide.clientContext(p) : SubjectSide.serverContext(p);
        SSLContext peerContext = kit.context(subjectClient ? pki.server(p.cert())
                : p.scenario() == Scenario.CLIENT_AUTH ? pki.client() : null);
        String[] peerGroups = peerGroups(role, p);
        Expectations expect = Expectations.forCase(p);
        if (p.scenario() == Scenario.ALPN_MISMATCH) {
            return alpnMismatchInMemory(subjectClient, subjectContext, peerContext, p);
        }
        if (p.scenario() == Scenario.RESUMPTION) {
            Observation first = memoryConnection(subjectClient, subjectContext, peerContext, p, peerGroups);
            Expectations.forCase(p).verify(first);
            Observation second = memoryConnection(subjectClient, subjectContext, peerContext, p, peerGroups);
            second.note("1st connection full handshake: " + first.summary());
            expect.expect(Observation.RESUMED, "yes").verify(second);
            return second;
        }
        Observation o = memoryConnection(subjectClient, subjectContext, peerContext, p, peerGroups);
        expect.verify(o);
        return o;
    }

    /** The peer's groups: the forced group, or for HRR the offer that provokes it (see Matrix.hrrGroup). */
    private static String[] peerGroups(Role role, CaseParams p) {
        if (p.scenario() == Scenario.HRR) {
            return role == Role.SUBJECT_CLIENT ? new String[] {p.group().rfcName()}
                    : new String[] {Group.FFDHE6144.rfcName(), "x448", p.group().rfcName()};
        }
        return p.group() == null ? null : new String[] {p.group().rfcName()};
    }

    private Observation memoryConnection(boolean subjectClient, SSLContext subjectContext, SSLContext peerContext,
            CaseParams p, String[] peerGroups) throws Exception {
        Observation o = new Observation();
        TlsWireObserver wire = new TlsWireObserver();
        SSLEngine subject = SubjectSide.engine(subjectContext, p, subjectClient);
        SSLEngine peer = kit.engine(peerContext, p, !subjectClient, peerGroups);
        try (EnginePair pair = subjectClient ? new EnginePair(subject, peer, wire) : new EnginePair(peer, subject, wire)) {
            pair.handshake();
            SessionView.of(subject.getSession(), subject.getApplicationProtocol(), subjectClient)
                    .recordAs(o, Observation.Source.SUBJECT);
            SessionView.of(peer.getSession(), peer.getApplicationProtocol(), !subjectClient)
                    .recordAs(o, Observation.Source.PEER);
            byte[] toServer = p.scenario() == Scenario.BULK_1MIB ? Payload.mebibyte(7)
                    : Payload.ascii("hello from the client\n");
            byte[] toClient = p.scenario() == Scenario.BULK_1MIB ? Payload.mebibyte(8)
                    : Payload.ascii("hello from the server, in return\n");
            pair.client.send(toServer);
            pair.server.send(toClient);
            pair.deliver(pair.server, toServer.length);
            pair.deliver(pair.client, toClient.length);
            ProcessPeers.checkEcho(toServer, pair.server.received(), "client → server data");
            ProcessPeers.checkEcho(toClient, pair.client.received(), "server → client data");
            o.note(toServer.length + " B → / " + toClient.length + " B ←, content checked"
                    + (toServer.length > 1000 ? " (sha " + Payload.sha256(toServer) + " / " + Payload.sha256(toClient) + ")"
                            : ""));
            pair.closeBoth();
            o.note("close_notify both ways (both engines inbound and outbound done)");
        }
        recordWire(o, wire);
        return o;
    }

    private Observation alpnMismatchInMemory(boolean subjectClient, SSLContext subjectContext, SSLContext peerContext,
            CaseParams p) throws Exception {
        Observation o = new Observation();
        TlsWireObserver wire = new TlsWireObserver();
        SSLEngine subject = SubjectSide.engine(subjectContext, p, subjectClient);
        SSLEngine peer = kit.engine(peerContext, p, !subjectClient, null);
        try (EnginePair pair = subjectClient ? new EnginePair(subject, peer, wire) : new EnginePair(peer, subject, wire)) {
            try {
                pair.handshake();
            } catch (SSLException expected) {
                // checked below from both ends
            }
            SSLException serverFailure = pair.server.failure();
            SSLException clientFailure = pair.client.failure();
            if (subjectClient && !kit.refusesAlpnMismatch()) {
                // This peer server ignores ALPN when nothing overlaps; the subject client must carry on without.
                if (serverFailure != null || clientFailure != null) {
                    throw new AssertionError("handshake failed although " + kit.peer().label()
                            + " ignores an ALPN mismatch: server " + serverFailure + ", client " + clientFailure);
                }
                SessionView.of(subject.getSession(), subject.getApplicationProtocol(), true)
                        .recordAs(o, Observation.Source.SUBJECT);
                SessionView.of(peer.getSession(), peer.getApplicationProtocol(), false).recordAs(o, Observation.Source.PEER);
                pair.closeBoth();
                o.note(kit.peer().label() + " ignores ALPN when nothing overlaps (no alert); the subject continued without ALPN");
                recordWire(o, wire);
                Expectations.forCase(p).expect(Observation.ALPN, "none").verify(o);
                return o;
            }
            if (serverFailure == null) {
                throw new AssertionError("the " + (subjectClient ? "peer" : "subject") + " server accepted a handshake with"
                        + " no common ALPN protocol (selected '" + pair.server.engine.getApplicationProtocol() + "')");
            }
            o.note("server (" + (subjectClient ? "peer" : "subject") + "): " + ProcessPeers.brief(serverFailure));
            o.note("client (" + (subjectClient ? "subject" : "peer") + "): "
                    + (clientFailure == null ? "no exception" : ProcessPeers.brief(clientFailure)));
            WireFacts f = wire.facts();
            o.note("wire alerts: " + f.alerts());
            if (!f.alerts().contains("server→client fatal no_application_protocol")) {
                throw new AssertionError("no plaintext no_application_protocol alert from the server: " + f.alerts());
            }
            if (clientFailure == null
                    || !OpenSslDriver.normalize(String.valueOf(clientFailure.getMessage())).contains("no_application_protocol")) {
                throw new AssertionError("the client did not report the server's no_application_protocol alert: "
                        + clientFailure);
            }
            o.saw(Observation.Source.WIRE, Observation.ALPN, "no_application_protocol alert");
        }
        return o;
    }

    // ---------------------------------------------------------------- over sockets

    private Observation overSockets(Role role, CaseParams p) throws Exception {
        boolean subjectClient = role == Role.SUBJECT_CLIENT;
        Observation o = new Observation();
        TestPki pki = TestPki.get();
        byte[] payload = p.scenario() == Scenario.BULK_1MIB ? Payload.mebibyte(9)
                : Payload.ascii("hello over a socket\n");
        if (subjectClient) {
            SSLContext peerContext = kit.context(pki.server(p.cert()));
            try (SocketServer server = kit.socketServer(peerContext, params -> kit.parameters(params, p, false),
                    EchoApp::serve); WireTap tap = WireTap.to(server.port())) {
                EchoApp.ReadEnd end;
                try (SSLSocket s = SubjectSide.connect(SubjectSide.clientContext(p), tap.port(), p)) {
                    SubjectSide.recordSubject(o, s, true);
                    ProcessPeers.checkEcho(payload, ProcessPeers.roundTrip(s, payload), kit.peer().label() + " echo");
                    o.note(payload.length + " B → echoed ←");
                    end = EchoApp.closeAndAwaitPeer(s);
                } catch (Exception | AssertionError e) {
                    SocketServer.Served served = server.next(Duration.ofSeconds(2));
                    if (served != null && served.error != null) {
                        e.addSuppressed(served.error);
                        throw new AssertionError(ProcessPeers.brief(e) + " — the peer server failed: "
                                + ProcessPeers.brief(served.error), e);
                    }
                    throw e;
                }
                SocketServer.Served served = server.next(ProcessPeers.STEP);
                if (served == null || served.error != null) {
                    throw new AssertionError("the peer server failed: " + (served == null ? "no connection" : served.error),
                            served == null ? null : served.error);
                }
                served.view.recordAs(o, Observation.Source.PEER);
                o.note("peer server: " + served.bytesIn + " B echoed, " + (served.peerClosed
                        ? "saw the subject's close_notify" : "no close_notify from the subject"));
                // the peer server's close() after the subject's close_notify sends its own
                CloseCheck.subjectClient(o, end, tap, 0, null);
                recordWire(o, tap.connection(0, Duration.ofSeconds(2)));
            }
        } else {
            try (SocketServer server = SubjectSide.server(p, EchoApp::serve); WireTap tap = WireTap.to(server.port())) {
                SSLContext peerContext = kit.context(p.scenario() == Scenario.CLIENT_AUTH ? pki.client() : null);
                Socket plain = new Socket();
                plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tap.port()), 5_000);
                try (SSLSocket s = (SSLSocket) peerContext.getSocketFactory().createSocket(plain, "localhost", tap.port(),
                        true)) {
                    s.setSoTimeout(SocketServer.SO_TIMEOUT_MILLIS);
                    s.setSSLParameters(kit.parameters(s.getSSLParameters(), p, true));
                    kit.prepareClientSocket(s);
                    s.startHandshake();
                    SessionView.of(s.getSession(), s.getApplicationProtocol(), true).recordAs(o, Observation.Source.PEER);
                    ProcessPeers.checkEcho(payload, ProcessPeers.roundTrip(s, payload), "subject echo");
                    o.note(payload.length + " B → echoed ←");
                    if (kit.clientHalfCloses()) {
                        o.note("peer client: shutdownOutput(), then its read ended with "
                                + EchoApp.closeAndAwaitPeer(s).describe());
                    } else {
                        // closed (close_notify) by try-with-resources below, without waiting for the subject's
                        o.note("peer client: full close (" + kit.peer().label() + "'s layered socket has no TLS half-close)");
                    }
                }
                ProcessPeers.recordServed(o, server.next(ProcessPeers.STEP), kit.peer().label() + "'s connection", tap,
                        0, kit.clientCloseWithoutCloseNotify());
                recordWire(o, tap.connection(0, Duration.ofSeconds(2)));
            }
        }
        Expectations.forCase(p).verify(o);
        return o;
    }

    // ---------------------------------------------------------------- SunJSSE in a child JVM

    private Observation forked(Role role, CaseParams p) throws Exception {
        TestPki pki = TestPki.get();
        String groups = String.join(",", peerGroups(role, p));
        Path dir = WorkDir.fresh("forked-sunjsse");
        Observation o = new Observation();
        Expectations expect = Expectations.forCase(p);
        if (role == Role.SUBJECT_CLIENT) {
            List<String> cmd = javaCommand(groups, "server", pki.server(p.cert()).pkcs12().toString(),
                    pki.trustPkcs12().toString(), new String(TestPki.PASSWORD), p.version().jsseName(), p.suite().jsseName());
            try (PeerProcess proc = PeerProcess.start("forked-sunjsse-server", cmd, dir)) {
                proc.awaitOut(0, t -> t.contains("LISTENING "), Duration.ofSeconds(20), "the forked server's port");
                int port = Integer.parseInt(ProcessPeers.find(proc.out().text(), "LISTENING (\\d+)"));
                try (WireTap tap = WireTap.to(port)) {
                    EchoApp.ReadEnd end;
                    try (SSLSocket s = SubjectSide.connect(SubjectSide.clientContext(p), tap.port(), p)) {
                        SubjectSide.recordSubject(o, s, true);
                        byte[] line = Payload.ascii("hello from the subject\n");
                        ProcessPeers.checkEcho(line, ProcessPeers.roundTrip(s, line), "forked SunJSSE echo");
                        o.note(line.length + " B → echoed ←");
                        end = EchoApp.closeAndAwaitPeer(s);
                    }
                    CloseCheck.subjectClient(o, end, tap, 0, null); // the forked server closes with close_notify
                    forkedEvidence(o, proc);
                    recordWire(o, tap.connection(0, Duration.ofSeconds(2)));
                }
            }
        } else {
            try (SocketServer server = SubjectSide.server(p, EchoApp::serve); WireTap tap = WireTap.to(server.port())) {
                List<String> cmd = javaCommand(groups, "client", Integer.toString(tap.port()), pki.trustPkcs12().toString(),
                        new String(TestPki.PASSWORD), p.version().jsseName(), p.suite().jsseName());
                try (PeerProcess proc = PeerProcess.start("forked-sunjsse-client", cmd, dir)) {
                    forkedEvidence(o, proc);
                }
                ProcessPeers.recordServed(o, server.next(ProcessPeers.STEP), "the forked client's connection", tap, 0,
                        null); // the forked client closes with close_notify
                recordWire(o, tap.connection(0, Duration.ofSeconds(2)));
            }
        }
        o.note("peer: SunJSSE in a child JVM with -Djdk.tls.namedGroups=" + groups);
        expect.verify(o);
        return o;
    }

    private static List<String> javaCommand(String groups, String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classes = Path.of(ForkedJssePeer.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Djdk.tls.namedGroups=" + groups,
                "-Djava.security.properties=" + System.getProperty("java.security.properties", ""),
                "-cp", classes, ForkedJssePeer.class.getName()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    private static void forkedEvidence(Observation o, PeerProcess proc) throws InterruptedException {
        int exit = proc.awaitExit(Duration.ofSeconds(30));
        String out = proc.out().text();
        if (exit != 0 || !out.contains("DONE")) {
            throw new AssertionError("the forked SunJSSE peer failed (exit " + exit + ")\n" + proc.describe());
        }
        Observation.Source peer = Observation.Source.PEER;
        o.saw(peer, Observation.VERSION, ProcessPeers.find(out, "protocol=(\\S+)"));
        o.saw(peer, Observation.SUITE, ProcessPeers.find(out, "suite=(\\S+)"));
        String echo = ProcessPeers.find(out, "^(ECHO(?:ED)? .*)$");
        o.note("forked peer: " + echo + (out.contains("CLOSED 0") ? ", closed cleanly" : ""));
    }

    private static void recordWire(Observation o, TlsWireObserver wire) {
        WireFacts f = SubjectSide.recordWire(o, wire);
        if (f != null && (f.helloRetryRequest() || f.keyShareGroups().size() > 0 && f.group() != null
                && !f.keyShareGroups().get(0).equals(f.group()))) {
            o.note("client's first key shares: " + f.keyShareGroups());
        }
    }

    @Override
    public void close() {
        // engines are closed per case; nothing is kept
    }
}
