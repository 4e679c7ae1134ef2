package dev.keel.tls.bench;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.conscrypt.Conscrypt;

import dev.keel.tls.jsse.KeelProvider;

/**
 * The four JSSE providers compared, by the names used in the {@code provider} benchmark parameter.
 *
 * <p>Each provider is used on both sides of a connection. Key and trust managers are the JDK's (SunX509
 * key manager, PKIX trust manager) for every provider, with one documented deviation: Bouncy Castle JSSE
 * gets its own "PKIX" key manager, because with SunX509 it never selects an EC key (PEERS.md).
 * Providers are never installed in {@link Security}; they are passed by instance, so the JDK's own
 * algorithms keep coming from the JDK's providers.
 */
public enum TlsProvider {
    KEEL("Keel") {
        @Override
        Provider create() {
            return new KeelProvider();
        }
    },
    SUN_JSSE("SunJSSE") {
        @Override
        Provider create() {
            return Security.getProvider("SunJSSE");
        }
    },
    BCJSSE("BCJSSE") {
        @Override
        Provider create() {
            // BCJSSE logs three INFO lines per server connection through java.util.logging (to stderr by
            // default); production setups turn that down, and so does the benchmark, so that it measures
            // TLS work and not console output.
            BC_JSSE_LOGGER.setLevel(Level.WARNING);
            // Over the BC crypto provider: over the JDK's crypto BCJSSE cannot do ChaCha20 and some
            // TLS 1.3 RSA setups (PEERS.md).
            return new BouncyCastleJsseProvider(new BouncyCastleProvider());
        }

        @Override
        TrustManager trustManager(CountingTrustManager counting) {
            // Deviation: the JDK's trust manager as a plain X509TrustManager; see withoutEngineAccess().
            return counting.withoutEngineAccess();
        }

        @Override
        KeyManager[] keyManagers(KeyStore keys) throws GeneralSecurityException {
            // Deviation from "the JDK's key manager for everyone": with SunX509, BCJSSE never selects an
            // EC key (PEERS.md), so it gets its own PKIX key manager factory.
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", jsse());
            kmf.init(keys, TestPki.PASSWORD);
            return kmf.getKeyManagers();
        }
    },
    CONSCRYPT("Conscrypt") {
        @Override
        Provider create() {
            return Conscrypt.newProvider();
        }

        @Override
        void configure(SSLEngine engine) {
            // Without tickets Conscrypt does not resume TLS 1.3 sessions (PEERS.md); SunJSSE and Keel
            // issue tickets by default, so this also makes the full-handshake work comparable.
            Conscrypt.setUseSessionTickets(engine, true);
        }
    };

    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger BC_JSSE_LOGGER = Logger.getLogger("org.bouncycastle.jsse");

    private final String benchmarkName;
    private Provider provider;

    TlsProvider(String benchmarkName) {
        this.benchmarkName = benchmarkName;
    }

    /** The provider for a value of the {@code provider} benchmark parameter. */
    public static TlsProvider byName(String name) {
        for (TlsProvider p : values()) {
            if (p.benchmarkName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown provider \"" + name + "\"; expected one of Keel, SunJSSE, "
                + "BCJSSE, Conscrypt");
    }

    /** The name used in benchmark parameters and reports. */
    public String benchmarkName() {
        return benchmarkName;
    }

    /** The JSSE provider instance, made once per JVM. */
    public synchronized Provider jsse() {
        if (provider == null) {
            provider = create();
            if (provider == null) {
                throw new IllegalStateException(benchmarkName + " provider is not available in this JVM");
            }
        }
        return provider;
    }

    abstract Provider create();

    /** Key managers for the server's key store: the JDK's SunX509 unless the provider needs otherwise. */
    KeyManager[] keyManagers(KeyStore keys) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509", "SunJSSE");
        kmf.init(keys, TestPki.PASSWORD);
        return kmf.getKeyManagers();
    }

    /** The client's trust manager: the JDK's PKIX, counting, as an X509ExtendedTrustManager. */
    TrustManager trustManager(CountingTrustManager counting) {
        return counting;
    }

    /** Provider-specific engine settings, applied to every engine (client and server) before use. */
    void configure(SSLEngine engine) {
        // Nothing for most providers.
    }

    /** The provider's SSLContext for "TLS", or a clear reason why it has none. */
    javax.net.ssl.SSLContext newContext() {
        try {
            return javax.net.ssl.SSLContext.getInstance("TLS", jsse());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jsse().getName() + " " + jsse().getVersionStr()
                    + " has no SSLContext \"TLS\" yet (" + e.getMessage() + ")", e);
        }
    }
}
