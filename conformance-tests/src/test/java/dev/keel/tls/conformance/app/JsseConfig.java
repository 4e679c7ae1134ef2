package dev.keel.tls.conformance.app;

import dev.keel.tls.conformance.matrix.CaseParams;
import dev.keel.tls.conformance.matrix.Scenario;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SSLParameters;

/**
 * The SSLParameters of a case for a JSSE endpoint (subject or in-process peer): only the case's
 * version and suite; the scenario's ALPN list; client auth required for CLIENT_AUTH; a client sends
 * SNI "localhost" explicitly for SNI (JSSE sends none for a dot-less name otherwise) and checks the
 * host name ("HTTPS" endpoint identification); a server accepts only "localhost" for SNI.
 */
public final class JsseConfig {

    private JsseConfig() {
    }

    public static SSLParameters apply(SSLParameters p, CaseParams c, boolean client) {
        p.setProtocols(new String[] {c.version().jsseName()});
        p.setCipherSuites(new String[] {c.suite().jsseName()});
        String[] alpn = client ? c.scenario().clientAlpn() : c.scenario().serverAlpn();
        if (alpn != null) {
            p.setApplicationProtocols(alpn);
        }
        if (client) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (c.scenario() == Scenario.SNI) {
                p.setServerNames(List.of(new SNIHostName("localhost")));
            }
        } else {
            if (c.scenario() == Scenario.SNI) {
                p.setSNIMatchers(List.<SNIMatcher>of(SNIHostName.createSNIMatcher("localhost")));
            }
            if (c.scenario() == Scenario.CLIENT_AUTH) {
                p.setNeedClientAuth(true);
            }
        }
        return p;
    }
}
