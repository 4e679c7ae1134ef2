package dev.keel.tls.interop;

import dev.keel.tls.jsse.KeelSSLSession;
import dev.keel.tls.session.TlsSession;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/** Builds Keel and SunJSSE engines for in-memory interop tests. */
final class Engines {
    static final String KEEL = "Keel";
    static final String SUN = "SunJSSE";

    private Engines() {
    }

    /** A client engine of {@code provider} for localhost:443 with the test trust anchors. */
    static SSLEngine client(String provider) {
        SSLEngine e = TestPki.context("TLSv1.3", provider, null).createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        return e;
    }

    /** A server engine of {@code provider} holding the test certificate of {@code key}. */
    static SSLEngine server(String provider, KeyType key) {
        SSLEngine e = TestPki.context("TLSv1.3", provider, key).createSSLEngine();
        e.setUseClientMode(false);
        return e;
    }

    /**
     * Creates an engine while {@code jdk.tls.namedGroups} is set: Keel reads it per engine, which is
     * how a JDK 17 application restricts groups (SSLParameters.setNamedGroups is JDK 20+).
     */
    static SSLEngine withNamedGroups(String groups, Supplier<SSLEngine> make) {
        String old = System.getProperty("jdk.tls.namedGroups");
        System.setProperty("jdk.tls.namedGroups", groups);
        try {
            return make.get();
        } finally {
            if (old == null) {
                System.clearProperty("jdk.tls.namedGroups");
            } else {
                System.setProperty("jdk.tls.namedGroups", old);
            }
        }
    }

    static void suites(SSLEngine e, String... suites) {
        e.setEnabledCipherSuites(suites);
    }

    static void alpn(SSLEngine e, String... protocols) {
        SSLParameters p = e.getSSLParameters();
        p.setApplicationProtocols(protocols);
        e.setSSLParameters(p);
    }

    /** Keel's own view of a session: group and HelloRetryRequest are not in the JSSE API. */
    static TlsSession keelSession(SSLSession s) {
        return ((KeelSSLSession) s).tlsSession();
    }

    static List<String> providers() {
        return List.of(KEEL, SUN);
    }

    static SSLContext context(String provider, KeyType key) {
        return TestPki.context("TLSv1.3", provider, key);
    }
}
