package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.app.JsseConfig;
import dev.keel.tls.conformance.app.SessionView;
import dev.keel.tls.conformance.app.SocketServer;
import dev.keel.tls.conformance.matrix.CaseParams;
import dev.keel.tls.conformance.matrix.Observation;
import dev.keel.tls.conformance.matrix.Scenario;
import dev.keel.tls.conformance.pki.TestPki;
import dev.keel.tls.conformance.subject.Subject;
import dev.keel.tls.conformance.wire.TlsWireObserver;
import dev.keel.tls.conformance.wire.WireFacts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/** The subject's end of a case, and the recording of the harness's wire view, shared by all drivers. */
final class SubjectSide {

    private SubjectSide() {
    }

    static Subject subject() {
        return Subject.current();
    }

    /** A client context: the client certificate only for CLIENT_AUTH; trust the test root. */
    static SSLContext clientContext(CaseParams p) {
        TestPki pki = TestPki.get();
        return subject().newContext(
                p.scenario() == Scenario.CLIENT_AUTH ? TestPki.jdkKeyManagers(pki.client()) : null,
                pki.jdkTrustManagers());
    }

    /** A server context with the case's certificate; trust the test root (for client certificates). */
    static SSLContext serverContext(CaseParams p) {
        TestPki pki = TestPki.get();
        return subject().newContext(TestPki.jdkKeyManagers(pki.server(p.cert())), pki.jdkTrustManagers());
    }

    /**
     * Connects the subject to 127.0.0.1:port as a client for host "localhost" (SNI where the case asks
     * for it, host name verification always) and completes the handshake.
     */
    static SSLSocket connect(SSLContext context, int port, CaseParams p) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        plain.setSoTimeout(SocketServer.SO_TIMEOUT_MILLIS);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
        s.setSSLParameters(JsseConfig.apply(s.getSSLParameters(), p, true));
        s.setSoTimeout(SocketServer.SO_TIMEOUT_MILLIS);
        s.startHandshake();
        return s;
    }

    /** The subject as a server for a case, running {@code handler} on every connection. */
    static SocketServer server(CaseParams p, SocketServer.Handler handler) throws IOException {
        return new SocketServer(serverContext(p), params -> JsseConfig.apply(params, p, false), handler);
    }

    /** A subject engine for the in-memory transport. */
    static SSLEngine engine(SSLContext context, CaseParams p, boolean client) {
        SSLEngine e = client ? context.createSSLEngine("localhost", 443) : context.createSSLEngine();
        e.setUseClientMode(client);
        e.setSSLParameters(JsseConfig.apply(e.getSSLParameters(), p, client));
        return e;
    }

    static void recordSubject(Observation o, SSLSocket s, boolean client) {
        SessionView.of(s.getSession(), s.getApplicationProtocol(), client).recordAs(o, Observation.Source.SUBJECT);
    }

    /** Adds what the wire showed: version, suite, group, HRR, resumption, SNI, and TLS 1.2's plaintext extras. */
    static WireFacts recordWire(Observation o, TlsWireObserver observer) {
        if (observer == null) {
            o.note("wire: no connection was made");
            return null;
        }
        WireFacts f = observer.facts();
        Observation.Source w = Observation.Source.WIRE;
        o.saw(w, Observation.VERSION, f.version());
        o.saw(w, Observation.SUITE, f.suite());
        o.saw(w, Observation.GROUP, f.group());
        if (f.clientHellos() > 0 && f.version() != null) {
            o.saw(w, Observation.HRR, f.helloRetryRequest());
        }
        o.saw(w, Observation.RESUMED, f.resumed());
        if (f.sni() != null) {
            o.saw(w, Observation.SNI, f.sni());
        }
        o.saw(w, Observation.ALPN, f.selectedAlpn());
        o.saw(w, Observation.SERVER_CERT, f.serverCertKey());
        if (Boolean.FALSE.equals(f.resumed()) && f.pskOffered()) {
            o.note("wire: the client offered a session (PSK/ticket), the server did not resume it");
        }
        if (f.parseError() != null) {
            o.note("wire parser: " + f.parseError());
        }
        return f;
    }
}
