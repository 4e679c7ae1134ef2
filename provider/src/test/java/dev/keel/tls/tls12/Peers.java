package dev.keel.tls.tls12;

import dev.keel.tls.jsse.KeelProvider;
import dev.keel.tls.jsse.KeelSSLSession;
import dev.keel.tls.session.TlsSession;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * Engines of the three in-process TLS implementations the TLS 1.2 tests pair up: Keel, SunJSSE and
 * Bouncy Castle JSSE (PEERS.md: BCJSSE runs over the BC crypto provider and needs its own PKIX key
 * manager to pick EC keys).
 */
final class Peers {
    static final String KEEL = "Keel";
    static final String SUN = "SunJSSE";
    static final String BC = "BCJSSE";

    private static final Provider BC_JSSE = new BouncyCastleJsseProvider(new BouncyCastleProvider());
    /** BCJSSE logs every connection at INFO; kept referenced so the level sticks. */
    private static final Logger BC_LOG = Logger.getLogger("org.bouncycastle.jsse");

    static {
        BC_LOG.setLevel(Level.SEVERE);
    }

    private Peers() {
    }

    /**
     * An initialised context of {@code protocol} ("TLSv1.2", "TLSv1.3", "TLS") from {@code peer}, with
     * the server identity of {@code serverKey} (none when null) and the test trust anchors.
     */
    static SSLContext context(String peer, String protocol, KeyType serverKey) {
        if (!peer.equals(BC)) {
            return TestPki.context(protocol, peer, serverKey);
        }
        try {
            SSLContext ctx = SSLContext.getInstance(protocol, BC_JSSE);
            KeyManager[] kms = null;
            if (serverKey != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", BC_JSSE);
                kmf.init(TestPki.serverKeyStore(serverKey), TestPki.PASSWORD);
                kms = kmf.getKeyManagers();
            }
            ctx.init(kms, bcTrustManagers(), new java.security.SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * BCJSSE's own PKIX trust manager over the test CA: BCJSSE passes authType values of its own
     * ("KE:RSA" for static RSA) that only its trust manager knows.
     */
    private static TrustManager[] bcTrustManagers() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", BC_JSSE);
        tmf.init(TestPki.trustStore());
        return tmf.getTrustManagers();
    }

    /** A client engine for localhost:443. */
    static SSLEngine client(String peer, String protocol) {
        SSLEngine e = context(peer, protocol, null).createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        return e;
    }

    /** A server engine with the test certificate of {@code key}. */
    static SSLEngine server(String peer, String protocol, KeyType key) {
        SSLEngine e = context(peer, protocol, key).createSSLEngine();
        e.setUseClientMode(false);
        return e;
    }

    /** A client engine whose context also holds the test client certificate (P-256). */
    static SSLEngine clientWithCertificate(String peer, String protocol) {
        try {
            SSLContext ctx;
            KeyStore store = TestPki.keyStore(TestPki.client());
            if (peer.equals(BC)) {
                ctx = SSLContext.getInstance(protocol, BC_JSSE);
                KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", BC_JSSE);
                kmf.init(store, TestPki.PASSWORD);
                ctx.init(kmf.getKeyManagers(), bcTrustManagers(), new java.security.SecureRandom());
            } else {
                ctx = peer.equals(KEEL) ? SSLContext.getInstance(protocol, new KeelProvider())
                        : SSLContext.getInstance(protocol, peer);
                ctx.init(new KeyManager[] {TestPki.keyManager("PKIX", store)},
                        new TrustManager[] {TestPki.trustManager()}, null);
            }
            SSLEngine e = ctx.createSSLEngine("localhost", 443);
            e.setUseClientMode(true);
            return e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code make} with a system property set, restoring it afterwards. */
    static <T> T withProperty(String name, String value, Supplier<T> make) {
        String old = System.getProperty(name);
        System.setProperty(name, value);
        try {
            return make.get();
        } finally {
            if (old == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, old);
            }
        }
    }

    /** Keel's own view of a session. */
    static TlsSession keelSession(SSLSession s) {
        return ((KeelSSLSession) s).tlsSession();
    }
}
