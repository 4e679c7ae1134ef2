package dev.keel.tls.conformance.dropin;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.conformance.dropin.DropInJvm.Installation;
import dev.keel.tls.conformance.dropin.DropInJvm.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The drop-in promise: a JVM started with {@code -Djava.security.properties=} pointing at
 * {@code META-INF-templates/java.security} and Keel's jar on its class path (or module path) serves
 * unmodified JSSE code with Keel. The code ({@link DropInProgram}) never names Keel; it runs in a
 * forked JVM against Jetty 12 (HTTP/2 and HTTP/1.1 over ALPN), a
 * {@code SSLServerSocketFactory.getDefault()} server (both in the fork, so both on Keel) and
 * {@code openssl s_server -www} (started here), with {@code HttpClient}, {@code HttpsURLConnection}
 * and {@code SSLSocketFactory.getDefault()}.
 *
 * <p>Each case checks: {@code SSLContext.getDefault()} is Keel's and the provider list is Keel
 * followed by the JDK's own list, unchanged; key stores and key/trust manager factories still come
 * from the JDK; each connection's client and server agree on TLS 1.3 and the suite, the suite is
 * the one Keel prefers when Keel is the server, and the Keel classes (sessions, engines, sockets)
 * really carried the traffic. Besides the snippet, the fork gets only the standard
 * {@code javax.net.ssl.keyStore} / {@code trustStore} properties, for the test's own CA.
 */
class DropInTest {
    private static final String KEEL = "Keel";
    private static final String KEEL_PACKAGE = "dev.keel.tls.";

    /** Every client against every server. */
    private static final List<String> ALL_SCENARIOS = List.of(
            "jetty-httpclient-h2", "jetty-httpclient-h1", "jetty-urlconnection", "jetty-socketfactory",
            "sslserversocket-httpclient-h1", "sslserversocket-urlconnection", "sslserversocket-socketfactory",
            "openssl-httpclient-h1", "openssl-httpclient-h2", "openssl-urlconnection", "openssl-socketfactory");

    /** One of each client and each server, for the other ways of installing Keel. */
    private static final List<String> SOME_SCENARIOS = List.of(
            "jetty-httpclient-h2", "sslserversocket-socketfactory", "openssl-urlconnection");

    private static DropInPki pki;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildInputs() throws Exception {
        DropInJvm.checkJarIsFresh(DropInJvm.keelJar());
        pki = DropInPki.create(shared);
    }

    static Stream<Path> javaHomes() throws IOException {
        return DropInJvm.javaHomes().stream();
    }

    @ParameterizedTest(name = "the snippet as shipped, on {0}")
    @MethodSource("javaHomes")
    void theSnippetAsShippedServesEveryClientAndServer(Path javaHome) throws Exception {
        Outcome o = runWithOpenssl(javaHome, Installation.CLASS_NAME_ON_CLASS_PATH, Map.of(), ALL_SCENARIOS);
        assertDropIn(javaHome, o, ALL_SCENARIOS, keelPreferredSuite(o));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Installation.class, names = {"CLASS_NAME_ON_CLASS_PATH", "NOT_INSTALLED"},
            mode = EnumSource.Mode.EXCLUDE)
    void otherWaysOfNamingAndPlacingKeel(Installation how) throws Exception {
        Path javaHome = DropInJvm.javaHomes().get(0);
        Outcome o = runWithOpenssl(javaHome, how, Map.of(), SOME_SCENARIOS);
        assertDropIn(javaHome, o, SOME_SCENARIOS, keelPreferredSuite(o));
    }

    /**
     * The standard {@code jdk.tls.*} properties reach Keel in the fork: the client offers only the
     * suites and the group it is told to (openssl reports the client's groups), servers pick from
     * their own list, and the default context's parameters show the client's list. The reference is
     * SunJSSE: the same program under the same properties without the snippet must negotiate the
     * same suites and offer the same groups (Jetty, which sets its suites from a fresh engine's,
     * ends up with the client list on both providers).
     */
    @Test
    void jdkTlsPropertiesChooseWhatKeelNegotiatesAsTheyDoForSunJsse() throws Exception {
        Path javaHome = DropInJvm.javaHomes().get(0);
        String clientSuites = "TLS_CHACHA20_POLY1305_SHA256,TLS_AES_256_GCM_SHA384";
        Map<String, String> properties = Map.of(
                "jdk.tls.client.cipherSuites", clientSuites,
                "jdk.tls.server.cipherSuites", "TLS_AES_256_GCM_SHA384",
                "jdk.tls.namedGroups", "secp384r1",
                "jdk.tls.client.protocols", "TLSv1.3",
                "jdk.tls.server.protocols", "TLSv1.3");
        List<String> scenarios = List.of("openssl-socketfactory", "openssl-httpclient-h1", "jetty-httpclient-h2",
                "sslserversocket-urlconnection");
        Outcome keel = runWithOpenssl(javaHome, Installation.CLASS_NAME_ON_CLASS_PATH, properties, scenarios);
        Outcome sun = runWithOpenssl(javaHome, Installation.NOT_INSTALLED, properties, scenarios);
        assertDropIn(javaHome, keel, scenarios, null);
        String context = "\n--- Keel fork ---\n" + keel.output() + "\n--- SunJSSE fork ---\n" + sun.output();
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals("SunJSSE", sun.env().get("default.provider"), "reference run" + context));
        checks.add(() -> assertEquals(clientSuites, keel.env().get("default.suites"), "default context's suites"));
        checks.add(() -> assertEquals("TLSv1.3", keel.env().get("default.protocols"), "default context's protocols"));
        for (String s : scenarios) {
            Map<String, String> k = keel.results().get(s);
            Map<String, String> j = sun.results().get(s);
            checks.add(() -> assertTrue(j != null && !j.containsKey("error"), s + ": reference run failed" + context));
            checks.add(() -> assertTrue(Set.of(clientSuites.split(",")).contains(k.get("client.suite")),
                    s + ": a suite of jdk.tls.client.cipherSuites, got " + k.get("client.suite")));
            checks.add(() -> assertEquals(j.get("server.suite"), k.get("server.suite"), s + ": suite, as SunJSSE" + context));
            if (s.startsWith("openssl")) {
                checks.add(() -> assertEquals("secp384r1", k.get("server.clientGroups"),
                        s + ": openssl saw the client offer only jdk.tls.namedGroups" + context));
            }
        }
        checks.add(() -> assertEquals("TLS_AES_256_GCM_SHA384",
                keel.results().get("sslserversocket-urlconnection").get("server.suite"),
                "a Keel SSLServerSocket picks from jdk.tls.server.cipherSuites"));
        assertAll(checks);
    }

    // ------------------------------------------------------------------ running and checking

    private Outcome runWithOpenssl(Path javaHome, Installation how, Map<String, String> properties,
            List<String> scenarios) throws IOException {
        try (Processes.OpensslServer openssl = Processes.opensslServer(pki.serverCertPem(), pki.serverKeyPem(), dir)) {
            return DropInJvm.run(javaHome, how, pki, openssl.port(), properties, scenarios, dir);
        }
    }

    /** The suite a Keel server picks against a Keel client: the first of the default context's list. */
    private static String keelPreferredSuite(Outcome o) {
        String suites = o.env().getOrDefault("default.suites", "");
        return suites.split(",")[0];
    }

    /**
     * Everything a drop-in run must show.
     *
     * @param keelServerSuite the suite Keel as a server must have chosen (Jetty and the
     *     SSLServerSocket server), or {@code null} when the caller checks suites itself
     */
    private static void assertDropIn(Path javaHome, Outcome o, List<String> scenarios, String keelServerSuite)
            throws IOException {
        String context = "\n--- fork output ---\n" + o.output();
        assertEquals(0, o.exitCode(), "the fork must exit 0" + context);
        Map<String, String> env = o.env();
        List<String> expectedProviders = new ArrayList<>();
        expectedProviders.add(KEEL);
        expectedProviders.addAll(DropInJvm.jdkProviders(javaHome));
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(KEEL, env.get("default.provider"), "SSLContext.getDefault()" + context));
        checks.add(() -> assertEquals("Default", env.get("default.protocol"), "SSLContext.getDefault()" + context));
        checks.add(() -> assertEquals(KEEL, env.get("tls.provider"), "SSLContext.getInstance(\"TLS\")" + context));
        checks.add(() -> assertEquals(String.join(",", expectedProviders), env.get("providers"),
                "Keel first, then the JDK's providers of " + javaHome + " in their order" + context));
        checks.add(() -> assertEquals("SunJSSE", env.get("kmf.provider"), "KeyManagerFactory" + context));
        checks.add(() -> assertEquals("SunJSSE", env.get("tmf.provider"), "TrustManagerFactory" + context));
        checks.add(() -> assertEquals("SUN", env.get("keystore.provider"), "KeyStore PKCS12" + context));
        checks.add(() -> assertEquals(KEEL, env.get("jetty.context"), "Jetty's SslContextFactory" + context));
        checks.add(() -> assertKeel(env.get("socketfactory.class"), "SSLSocketFactory.getDefault()" + context));
        checks.add(() -> assertKeel(env.get("httpsurlconnection.factory"),
                "HttpsURLConnection's default factory" + context));
        for (String scenario : scenarios) {
            checks.add(() -> assertScenario(scenario, o.results().get(scenario), keelServerSuite, context));
        }
        assertAll(checks);
    }

    private static void assertScenario(String scenario, Map<String, String> r, String keelServerSuite,
            String context) {
        String where = scenario + ": ";
        assertTrue(r != null, where + "no result" + context);
        assertTrue(!r.containsKey("error"), where + r.get("error") + context);
        String server = scenario.substring(0, scenario.indexOf('-'));
        String client = scenario.substring(scenario.indexOf('-') + 1);
        assertAll(
                () -> assertEquals("200", r.get("status"), where + "HTTP status"),
                () -> assertEquals("TLSv1.3", r.get("client.protocol"), where + "client's protocol"),
                () -> assertEquals("TLSv1.3", r.get("server.protocol"), where + "server's protocol"),
                () -> assertTrue(r.get("client.suite") != null && r.get("client.suite").equals(r.get("server.suite")),
                        where + "client suite " + r.get("client.suite") + " = server suite " + r.get("server.suite")),
                () -> {
                    if (!server.equals("openssl")) {
                        if (keelServerSuite != null) {
                            assertEquals(keelServerSuite, r.get("server.suite"), where + "the suite Keel chose");
                        }
                        assertKeel(r.get("server.session"), where + "server's SSLSession");
                    }
                },
                () -> {
                    switch (server) {
                        case "jetty" -> {
                            assertKeel(r.get("server.engine"), where + "Jetty's SSLEngine");
                            boolean h2 = client.equals("httpclient-h2");
                            assertEquals(h2 ? "HTTP_2" : "HTTP_1_1", r.get("http"), where + "HTTP version");
                            assertEquals(h2 ? "HTTP/2.0" : "HTTP/1.1", r.get("server.http"), where + "Jetty's protocol");
                            if (h2) {
                                assertEquals("h2", r.get("server.alpn"), where + "ALPN");
                            }
                        }
                        case "sslserversocket" -> assertKeel(r.get("server.socket"), where + "server socket");
                        default -> assertTrue(Set.of("HTTP_1_0", "HTTP_1_1").contains(r.get("http")),
                                where + "openssl -www answers HTTP/1.0 (HttpClient reports it as HTTP_1_1), got "
                                        + r.get("http"));
                    }
                },
                () -> {
                    switch (client) {
                        case "httpclient-h1", "httpclient-h2" -> assertEquals(KEEL, r.get("client.context"),
                                where + "HttpClient's SSLContext");
                        case "socketfactory" -> {
                            assertKeel(r.get("client.socket"), where + "client socket");
                            assertKeel(r.get("client.session"), where + "client session");
                        }
                        default -> assertKeel(r.get("client.session"), where + "HttpsURLConnection's session");
                    }
                });
    }

    private static void assertKeel(String className, String what) {
        assertTrue(className != null && className.startsWith(KEEL_PACKAGE),
                what + " is " + className + ", expected a Keel class (" + KEEL_PACKAGE + "*)");
    }
}
