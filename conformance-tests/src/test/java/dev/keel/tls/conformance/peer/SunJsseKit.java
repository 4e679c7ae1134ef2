package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.matrix.CaseParams;
import dev.keel.tls.conformance.matrix.Peer;
import dev.keel.tls.conformance.matrix.Role;
import dev.keel.tls.conformance.matrix.Transport;
import dev.keel.tls.conformance.pki.TestPki;
import java.security.SecureRandom;
import javax.net.ssl.SSLContext;

/** SunJSSE, the JDK's provider, with the JDK's PKIX key and trust managers. */
final class SunJsseKit extends JsseKit {

    @Override
    Peer peer() {
        return Peer.SUNJSSE;
    }

    @Override
    SSLContext context(TestPki.Identity identity) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS", "SunJSSE");
        ctx.init(TestPki.jdkKeyManagers(identity), TestPki.get().jdkTrustManagers(), new SecureRandom());
        return ctx;
    }

    @Override
    String notApplicable(Role role, Transport transport, CaseParams p) {
        if (p.scenario().isKeyUpdate()) {
            return "SunJSSE has no API to send a KeyUpdate on demand (only the JVM-wide jdk.tls.keyLimits)";
        }
        return null;
    }
}
