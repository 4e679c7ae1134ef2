package dev.keel.tls.jsse;

import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.message.ProtocolVersion;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * Keel's {@code SSLContext}. One class serves every algorithm name; what differs between "TLS",
 * "TLSv1.3" and "TLSv1.2" is only the highest version enabled by default (every implemented version up
 * to it is enabled, as in SunJSSE) and whether {@code jdk.tls.client.protocols} /
 * {@code jdk.tls.server.protocols} apply, given to the constructor by {@link KeelProvider}.
 *
 * <p>Cipher suites: every implemented suite is supported; the static-RSA key exchange suites are not
 * enabled by default (no forward secrecy) unless {@code jdk.tls.client.cipherSuites} /
 * {@code jdk.tls.server.cipherSuites} name them; {@code setEnabledCipherSuites} enables them.
 *
 * <p>{@code init(null, null, null)}: no key managers (a server then has no certificate), the default
 * {@code TrustManagerFactory}'s trust manager (PKIX over the JDK's cacerts unless
 * {@code javax.net.ssl.trustStore} says otherwise), and a new {@code SecureRandom}. Of the arrays
 * given, the first {@code X509KeyManager} / {@code X509TrustManager} is used, as in SunJSSE; an array
 * without a trust manager leaves the context unable to trust any peer.
 *
 * <p>Contexts nobody initialised get the managers JSSE gives its default context
 * ({@link DefaultManagers}: {@code javax.net.ssl.keyStore*} / {@code javax.net.ssl.trustStore*}, else
 * the JDK's cacerts): the "Default" context at once ({@link #newDefaultContext()}), any other one when
 * it is first used without {@code init} (where SunJSSE would throw {@code IllegalStateException}).
 */
public final class KeelSSLContextSpi extends SSLContextSpi implements EngineSource {
    /** Protocol versions Keel implements (nothing below TLS 1.2: RFC 8996). */
    static final List<ProtocolVersion> IMPLEMENTED_PROTOCOLS = List.of(ProtocolVersion.TLS13, ProtocolVersion.TLS12);

    /** Names {@code setEnabledProtocols} accepts: every TLS/SSL version name JSSE knows. */
    private static final String SSL_V2_HELLO = "SSLv2Hello";
    /** How many distinct lists {@link #shared(String[])} keeps per context. */
    static final int MAX_SHARED_LISTS = 64;

    private final ProtocolVersion maxVersion;
    private final boolean honourProtocolProperties;
    private final TlsSystemProperties properties;
    /** Server [0] and client [1] defaults shared by engines; guarded by this. */
    private final String[][] sharedDefaultProtocols = new String[2][];
    private final String[][] sharedDefaultCipherSuites = new String[2][];
    /** Lists engines were given, by content: see {@link #shared(String[])}. */
    private final ConcurrentHashMap<List<String>, String[]> sharedLists = new ConcurrentHashMap<>();
    private final KeelSessionContext clientSessions = new KeelSessionContext(true);
    private final KeelSessionContext serverSessions = new KeelSessionContext(false);

    private volatile boolean initialized;
    /** The "Default" context: initialised by Keel, {@code init} refused (as JSSE does). */
    private volatile boolean isDefault;
    private volatile X509KeyManager keyManager;
    private volatile X509TrustManager trustManager;
    private volatile SecureRandom random;

    /**
     * @param maxVersion highest version enabled by default
     * @param honourProtocolProperties whether {@code jdk.tls.client.protocols} and
     *     {@code jdk.tls.server.protocols} choose the default versions (true for "TLS", as in SunJSSE)
     */
    public KeelSSLContextSpi(ProtocolVersion maxVersion, boolean honourProtocolProperties) {
        this.maxVersion = maxVersion;
        this.honourProtocolProperties = honourProtocolProperties;
        this.properties = TlsSystemProperties.read();
    }

    /**
     * The context {@code SSLContext.getDefault()} returns when Keel is the first provider: every
     * version Keel implements, {@code jdk.tls.client.protocols} / {@code jdk.tls.server.protocols}
     * honoured, managers from {@link DefaultManagers}, loaded now so that a bad key store fails
     * {@code getDefault()} with the reason.
     */
    static KeelSSLContextSpi newDefaultContext() throws KeyManagementException {
        KeelSSLContextSpi spi = new KeelSSLContextSpi(ProtocolVersion.TLS13, true);
        spi.initWithDefaults();
        spi.isDefault = true;
        return spi;
    }

    private synchronized void initWithDefaults() throws KeyManagementException {
        keyManager = DefaultManagers.keyManager();
        trustManager = DefaultManagers.trustManager();
        random = new SecureRandom();
        initialized = true;
    }

    @Override
    protected synchronized void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
            throws KeyManagementException {
        if (isDefault) {
            throw new KeyManagementException("the Default SSLContext is initialized automatically (from the"
                    + " javax.net.ssl.keyStore/trustStore properties); use SSLContext.getInstance(\"TLS\") to"
                    + " choose key and trust managers");
        }
        keyManager = first(km, X509KeyManager.class);
        trustManager = tm == null ? defaultTrustManager() : first(tm, X509TrustManager.class);
        random = sr != null ? sr : new SecureRandom();
        initialized = true;
    }

    private static <T> T first(Object[] managers, Class<T> type) {
        if (managers != null) {
            for (Object m : managers) {
                if (type.isInstance(m)) {
                    return type.cast(m);
                }
            }
        }
        return null;
    }

    private static X509TrustManager defaultTrustManager() throws KeyManagementException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            X509TrustManager tm = first(tmf.getTrustManagers(), X509TrustManager.class);
            if (tm == null) {
                throw new KeyManagementException("the default TrustManagerFactory has no X509TrustManager");
            }
            return tm;
        } catch (NoSuchAlgorithmException | KeyStoreException e) {
            throw new KeyManagementException("cannot load the default trust manager: " + e.getMessage(), e);
        }
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        checkInitialized();
        return new KeelSSLSocketFactory(this);
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        checkInitialized();
        return new KeelSSLServerSocketFactory(this);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return createEngine(null, -1);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return createEngine(host, port);
    }

    @Override
    public SSLEngine createEngine(String peerHost, int peerPort) {
        checkInitialized();
        return new KeelSSLEngine(this, peerHost, peerPort);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return serverSessions;
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return clientSessions;
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return defaultClientParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        SSLParameters p = new SSLParameters(supportedCipherSuites(), supportedProtocols());
        p.setUseCipherSuitesOrder(true);
        return p;
    }

    @Override
    public SSLParameters defaultClientParameters() {
        return defaultParameters(true);
    }

    @Override
    public SSLParameters defaultServerParameters() {
        return defaultParameters(false);
    }

    private SSLParameters defaultParameters(boolean client) {
        SSLParameters p = new SSLParameters(defaultCipherSuites(client), defaultProtocols(client));
        p.setUseCipherSuitesOrder(true);
        return p;
    }

    // --- what engines ask of their context ---

    /** A context used before {@code init} is initialised as the "Default" context would be. */
    private void checkInitialized() {
        if (initialized) {
            return;
        }
        try {
            synchronized (this) {
                if (!initialized) {
                    initWithDefaults();
                }
            }
        } catch (KeyManagementException e) {
            throw new IllegalStateException("SSLContext was not initialized, and the default key and trust"
                    + " managers cannot be loaded: " + e.getMessage(), e);
        }
    }

    X509KeyManager keyManager() {
        return keyManager;
    }

    X509TrustManager trustManager() {
        return trustManager;
    }

    SecureRandom random() {
        return random;
    }

    KeelSessionContext sessionContext(boolean client) {
        return client ? clientSessions : serverSessions;
    }

    /** Every version name Keel implements, highest first. */
    String[] supportedProtocols() {
        return IMPLEMENTED_PROTOCOLS.stream().sorted(highestFirst()).map(ProtocolVersion::javaName)
                .toArray(String[]::new);
    }

    /** Every suite usable with a version Keel implements, in Keel's preference order. */
    String[] supportedCipherSuites() {
        return suitesUsableWith(IMPLEMENTED_PROTOCOLS).stream().map(CipherSuite::javaName).toArray(String[]::new);
    }

    /** True for names {@code setEnabledProtocols} accepts (implemented or not, like SunJSSE). */
    static boolean isKnownProtocolName(String name) {
        return name != null && (SSL_V2_HELLO.equals(name) || ProtocolVersion.fromJavaName(name) != null);
    }

    /** True for suites {@code setEnabledCipherSuites} accepts. */
    boolean isSupportedCipherSuite(String name) {
        CipherSuite s = name == null ? null : CipherSuite.fromJavaName(name);
        return s != null && SslParametersMapper.usableWith(s, IMPLEMENTED_PROTOCOLS);
    }

    /**
     * {@link #defaultProtocols} made once and shared by this context's engines (retained heap, issue 7).
     * Callers must not write into it: an engine replaces its array on a setter and returns copies.
     */
    synchronized String[] sharedDefaultProtocols(boolean client) {
        int i = client ? 1 : 0;
        if (sharedDefaultProtocols[i] == null) {
            sharedDefaultProtocols[i] = defaultProtocols(client);
        }
        return sharedDefaultProtocols[i];
    }

    /** {@link #defaultCipherSuites} made once and shared, under the same rule as {@link #sharedDefaultProtocols}. */
    synchronized String[] sharedDefaultCipherSuites(boolean client) {
        int i = client ? 1 : 0;
        if (sharedDefaultCipherSuites[i] == null) {
            sharedDefaultCipherSuites[i] = defaultCipherSuites(client);
        }
        return sharedDefaultCipherSuites[i];
    }

    /**
     * {@code list} — an engine's own copy of names the application set (protocols, suites, ALPN names,
     * groups, signature schemes) — or an equal array that one of this context's engines already holds.
     * Applications usually give every engine the same lists (Netty sets protocols and suites on each
     * engine it creates), and the engines then share one copy (retained heap, issue 7). The rule of
     * {@link #sharedDefaultProtocols} holds: nobody writes into these arrays. At most
     * {@value #MAX_SHARED_LISTS} lists are kept; others stay the engine's own.
     */
    String[] shared(String[] list) {
        List<String> key = Arrays.asList(list);
        String[] known = sharedLists.get(key);
        if (known != null) {
            return known;
        }
        if (sharedLists.size() >= MAX_SHARED_LISTS) {
            return list;
        }
        known = sharedLists.putIfAbsent(key, list);
        return known != null ? known : list;
    }

    /** Versions enabled in a new engine of this side. */
    String[] defaultProtocols(boolean client) {
        List<ProtocolVersion> versions = defaultVersions(client);
        return versions.stream().map(ProtocolVersion::javaName).toArray(String[]::new);
    }

    /** Suites enabled in a new engine of this side. */
    String[] defaultCipherSuites(boolean client) {
        List<ProtocolVersion> versions = defaultVersions(client);
        List<CipherSuite> chosen = client ? properties.clientCipherSuites() : properties.serverCipherSuites();
        List<CipherSuite> suites = new ArrayList<>();
        for (CipherSuite s : chosen != null ? chosen : List.of(CipherSuite.values())) {
            boolean wanted = chosen != null || s.enabledByDefault();
            if (wanted && SslParametersMapper.usableWith(s, versions)
                    && SslParametersMapper.usableWith(s, IMPLEMENTED_PROTOCOLS)) {
                suites.add(s);
            }
        }
        return suites.stream().map(CipherSuite::javaName).toArray(String[]::new);
    }

    private List<ProtocolVersion> defaultVersions(boolean client) {
        List<ProtocolVersion> fromProperty = client ? properties.clientProtocols() : properties.serverProtocols();
        List<ProtocolVersion> out = new ArrayList<>();
        for (ProtocolVersion v : IMPLEMENTED_PROTOCOLS) {
            boolean wanted = honourProtocolProperties && fromProperty != null
                    ? fromProperty.contains(v)
                    : v.code() <= maxVersion.code();
            if (wanted) {
                out.add(v);
            }
        }
        out.sort(highestFirst());
        return out;
    }

    private static List<CipherSuite> suitesUsableWith(List<ProtocolVersion> versions) {
        List<CipherSuite> out = new ArrayList<>();
        for (CipherSuite s : CipherSuite.values()) {
            if (SslParametersMapper.usableWith(s, versions)) {
                out.add(s);
            }
        }
        return out;
    }

    private static Comparator<ProtocolVersion> highestFirst() {
        return Comparator.comparingInt(ProtocolVersion::code).reversed();
    }
}
