package dev.keel.tls.bench;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's PKIX trust manager, used by the clients of every provider, with two additions:
 * <ul>
 *   <li>it counts server-certificate checks: a full handshake checks the chain once, a resumed one not
 *       at all, so the count proves across a whole run whether handshakes were full or resumed;</li>
 *   <li>it maps the authType {@code GENERIC}, which Conscrypt passes for TLS 1.3, to {@code UNKNOWN},
 *       the value the JDK's trust manager expects for TLS 1.3 (it rejects {@code GENERIC} as an unknown
 *       authType; PEERS.md).</li>
 * </ul>
 */
final class CountingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager jdk;
    private final AtomicLong serverChecks = new AtomicLong();

    private CountingTrustManager(X509ExtendedTrustManager jdk) {
        this.jdk = jdk;
    }

    /** A counting wrapper over the JDK's PKIX trust manager trusting the given anchors. */
    static CountingTrustManager overJdkPkix(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        tmf.init(anchors);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager) {
                return new CountingTrustManager((X509ExtendedTrustManager) tm);
            }
        }
        throw new GeneralSecurityException("the JDK's PKIX TrustManagerFactory returned no X509ExtendedTrustManager");
    }

    /**
     * This trust manager seen as a plain {@link X509TrustManager}, for Bouncy Castle JSSE: given an
     * X509ExtendedTrustManager, BCJSSE calls the engine variant, and the JDK's trust manager then asks
     * BCJSSE's SSLSession for {@code getStatusResponses()}, which it does not implement on JDK 17
     * (UnsupportedOperationException, a fatal internal_error). Given a plain X509TrustManager, BCJSSE
     * calls the chain check and adds its own algorithm-constraint and endpoint checks, its normal way of
     * using a JDK trust manager.
     */
    X509TrustManager withoutEngineAccess() {
        CountingTrustManager counting = this;
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                counting.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                counting.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return counting.getAcceptedIssuers();
            }
        };
    }

    /** How many server chains were checked so far (one per full handshake of a client). */
    long serverChecks() {
        return serverChecks.get();
    }

    private static String jdkAuthType(String authType) {
        return "GENERIC".equals(authType) ? "UNKNOWN" : authType;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        serverChecks.incrementAndGet();
        jdk.checkServerTrusted(chain, jdkAuthType(authType), engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        serverChecks.incrementAndGet();
        jdk.checkServerTrusted(chain, jdkAuthType(authType), socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        serverChecks.incrementAndGet();
        jdk.checkServerTrusted(chain, jdkAuthType(authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        jdk.checkClientTrusted(chain, jdkAuthType(authType), engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        jdk.checkClientTrusted(chain, jdkAuthType(authType), socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkClientTrusted(chain, jdkAuthType(authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk.getAcceptedIssuers();
    }
}
