package dev.keel.tls.jsse;

import dev.keel.tls.config.ClientAuth;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.ProtocolVersion;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/**
 * {@code SSLParameters} → {@link TlsConfig}: the part of a connection's configuration that the
 * application sets through JSSE. The engine adds what comes from the context (key and trust
 * managers, random) and from itself (peer, ALPN selector).
 *
 * <p>Named groups and signature schemes come, in order of precedence, from
 * {@code SSLParameters.getNamedGroups()} (JDK 20+) / {@code getSignatureSchemes()} (JDK 19+), when the
 * running JDK has those methods and they return non-null; else from {@code jdk.tls.namedGroups} /
 * {@code jdk.tls.client.SignatureSchemes} / {@code jdk.tls.server.SignatureSchemes}; else Keel's
 * defaults. The JDK 19/20 methods are looked up through {@code SSLParameters}' public API only, so
 * Keel still compiles and runs on JDK 17.
 */
public final class SslParametersMapper {
    /** SunJSSE's message for "nothing we could negotiate is enabled". */
    static final String NO_APPROPRIATE_PROTOCOL =
            "No appropriate protocol (protocol is disabled or cipher suites are inappropriate)";

    private static final Method GET_NAMED_GROUPS = method("getNamedGroups");
    private static final Method SET_NAMED_GROUPS = method("setNamedGroups", String[].class);
    private static final Method GET_SIGNATURE_SCHEMES = method("getSignatureSchemes");
    private static final Method SET_SIGNATURE_SCHEMES = method("setSignatureSchemes", String[].class);

    private SslParametersMapper() {
    }

    /**
     * A config builder holding everything {@code params} says, for one side.
     *
     * @param implemented the protocol versions Keel implements; others that are enabled are ignored
     * @throws SSLHandshakeException when no implemented protocol, or no suite for it, is enabled
     */
    public static TlsConfig.Builder toConfigBuilder(SSLParameters params, boolean clientMode,
            TlsSystemProperties properties, Collection<ProtocolVersion> implemented) throws SSLHandshakeException {
        List<ProtocolVersion> protocols = protocols(params.getProtocols(), implemented);
        List<CipherSuite> suites = cipherSuites(params.getCipherSuites(), protocols);
        if (protocols.isEmpty() || suites.isEmpty()) {
            throw new SSLHandshakeException(NO_APPROPRIATE_PROTOCOL);
        }
        TlsConfig.Builder b = TlsConfig.builder()
                .clientMode(clientMode)
                .protocols(protocols)
                .cipherSuites(suites)
                .useServerCipherSuiteOrder(params.getUseCipherSuitesOrder())
                .applicationProtocols(List.of(params.getApplicationProtocols()))
                .clientAuth(clientAuth(params));
        if (params.getServerNames() != null) {
            b.serverNames(ServerNames.toCore(params.getServerNames()));
        }
        if (params.getSNIMatchers() != null) {
            b.serverNameMatchers(ServerNames.toCoreMatchers(params.getSNIMatchers()));
        }
        List<NamedGroup> groups = namedGroups(params, properties);
        if (groups != null) {
            b.namedGroups(groups);
        }
        List<SignatureScheme> schemes = signatureSchemes(params, properties, clientMode);
        if (schemes != null) {
            b.signatureSchemes(schemes);
        }
        if (clientMode) {
            b.clientKeyShareCount(properties.clientKeyShares());
        }
        return b;
    }

    static ClientAuth clientAuth(SSLParameters params) {
        if (params.getNeedClientAuth()) {
            return ClientAuth.REQUIRED;
        }
        return params.getWantClientAuth() ? ClientAuth.WANTED : ClientAuth.NONE;
    }

    /** Enabled protocols Keel implements, highest first (the order does not matter on the wire). */
    static List<ProtocolVersion> protocols(String[] names, Collection<ProtocolVersion> implemented) {
        List<ProtocolVersion> out = new ArrayList<>();
        if (names == null) {
            return out;
        }
        for (String n : names) {
            ProtocolVersion v = ProtocolVersion.fromJavaName(n);
            if (v != null && implemented.contains(v) && !out.contains(v)) {
                out.add(v);
            }
        }
        out.sort((a, b) -> Integer.compare(b.code(), a.code()));
        return out;
    }

    /** Enabled suites, in the application's order, that one of {@code protocols} can use. */
    static List<CipherSuite> cipherSuites(String[] names, List<ProtocolVersion> protocols) {
        List<CipherSuite> out = new ArrayList<>();
        if (names == null) {
            return out;
        }
        for (String n : names) {
            CipherSuite s = CipherSuite.fromJavaName(n);
            if (s != null && usableWith(s, protocols) && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** True when {@code suite} can be negotiated under one of {@code protocols}. */
    static boolean usableWith(CipherSuite suite, Collection<ProtocolVersion> protocols) {
        return protocols.contains(suite.isTls13() ? ProtocolVersion.TLS13 : ProtocolVersion.TLS12);
    }

    static List<NamedGroup> namedGroups(SSLParameters params, TlsSystemProperties properties) {
        String[] names = getNamedGroups(params);
        if (names != null) {
            return known(names, NamedGroup::fromName);
        }
        return properties.namedGroups();
    }

    static List<SignatureScheme> signatureSchemes(SSLParameters params, TlsSystemProperties properties,
            boolean clientMode) {
        String[] names = getSignatureSchemes(params);
        if (names != null) {
            return known(names, SignatureScheme::fromName);
        }
        return clientMode ? properties.clientSignatureSchemes() : properties.serverSignatureSchemes();
    }

    private static <T> List<T> known(String[] names, Function<String, T> lookup) {
        List<T> out = new ArrayList<>();
        for (String n : names) {
            T t = n == null ? null : lookup.apply(n);
            if (t != null && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    // --- SSLParameters methods newer than JDK 17, through its public API only ---

    /** {@code params.getNamedGroups()} on JDK 20+, {@code null} on older JDKs. */
    public static String[] getNamedGroups(SSLParameters params) {
        return (String[]) invoke(GET_NAMED_GROUPS, params);
    }

    /** {@code params.setNamedGroups(names)} on JDK 20+; false (nothing done) on older JDKs. */
    public static boolean setNamedGroups(SSLParameters params, String[] names) {
        return SET_NAMED_GROUPS != null && invoke(SET_NAMED_GROUPS, params, (Object) names) == null;
    }

    /** {@code params.getSignatureSchemes()} on JDK 19+, {@code null} on older JDKs. */
    public static String[] getSignatureSchemes(SSLParameters params) {
        return (String[]) invoke(GET_SIGNATURE_SCHEMES, params);
    }

    /** {@code params.setSignatureSchemes(names)} on JDK 19+; false (nothing done) on older JDKs. */
    public static boolean setSignatureSchemes(SSLParameters params, String[] names) {
        return SET_SIGNATURE_SCHEMES != null && invoke(SET_SIGNATURE_SCHEMES, params, (Object) names) == null;
    }

    /** True when this JDK has {@code SSLParameters.getNamedGroups()}. */
    static boolean hasNamedGroupsApi() {
        return GET_NAMED_GROUPS != null;
    }

    /** True when this JDK has {@code SSLParameters.getSignatureSchemes()}. */
    static boolean hasSignatureSchemesApi() {
        return GET_SIGNATURE_SCHEMES != null;
    }

    private static Method method(String name, Class<?>... types) {
        try {
            return SSLParameters.class.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object invoke(Method m, SSLParameters params, Object... args) {
        if (m == null) {
            return null;
        }
        try {
            return m.invoke(params, args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("public SSLParameters method not accessible: " + m, e);
        } catch (InvocationTargetException e) {
            // The JDK's own validation (e.g. IllegalArgumentException for a null or empty name).
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
