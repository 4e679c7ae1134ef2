package dev.keel.tls.jsse;

import dev.keel.tls.config.PeerVerifier;
import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The core's {@link PeerVerifier} over the application's trust manager.
 *
 * <p>An {@link X509ExtendedTrustManager} gets the engine (or socket), so it does endpoint
 * identification itself from {@code getSSLParameters()} and the handshake session, and checks
 * algorithm constraints against the session's signature algorithms, exactly as with SunJSSE.
 *
 * <p>A plain {@link X509TrustManager} cannot see the connection, so after its
 * {@code check*Trusted(chain, authType)} succeeds this class does what JSSE does for it: when the
 * endpoint identification algorithm is "HTTPS" or "LDAPS", the server's leaf certificate must match
 * the host (the SNI host name the client sent, else the peer host) under {@link HostnameChecker}.
 *
 * <p>Rejections are the trust manager's own {@code CertificateException}s; the core turns them into
 * alerts with {@link dev.keel.tls.handshake.CertificateAlerts}.
 */
public final class TrustManagerVerifier implements PeerVerifier {
    private final X509TrustManager trustManager;
    private final SSLEngine engine;
    private final SSLSocket socket;

    public TrustManagerVerifier(X509TrustManager trustManager, SSLEngine engine) {
        this(trustManager, engine, null);
    }

    public TrustManagerVerifier(X509TrustManager trustManager, SSLSocket socket) {
        this(trustManager, null, socket);
    }

    private TrustManagerVerifier(X509TrustManager trustManager, SSLEngine engine, SSLSocket socket) {
        if (trustManager == null) {
            throw new IllegalArgumentException("trustManager is null");
        }
        this.trustManager = trustManager;
        this.engine = engine;
        this.socket = socket;
    }

    @Override
    public void verifyServer(X509Certificate[] chain, String authType) throws CertificateException {
        checkChain(chain);
        if (trustManager instanceof X509ExtendedTrustManager x) {
            if (engine != null) {
                x.checkServerTrusted(chain, authType, engine);
            } else {
                x.checkServerTrusted(chain, authType, socket);
            }
            return;
        }
        trustManager.checkServerTrusted(chain, authType);
        String algorithm = parameters().getEndpointIdentificationAlgorithm();
        if ("HTTPS".equalsIgnoreCase(algorithm) || "LDAPS".equalsIgnoreCase(algorithm)) {
            String host = expectedHost();
            if (host == null) {
                throw new CertificateException("Endpoint identification " + algorithm
                        + " is enabled but the peer host is unknown");
            }
            HostnameChecker.check(host, chain[0]);
        }
    }

    @Override
    public void verifyClient(X509Certificate[] chain, String authType) throws CertificateException {
        checkChain(chain);
        if (trustManager instanceof X509ExtendedTrustManager x) {
            if (engine != null) {
                x.checkClientTrusted(chain, authType, engine);
            } else {
                x.checkClientTrusted(chain, authType, socket);
            }
            return;
        }
        trustManager.checkClientTrusted(chain, authType);
    }

    private static void checkChain(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("empty certificate chain");
        }
    }

    private SSLParameters parameters() {
        return engine != null ? engine.getSSLParameters() : socket.getSSLParameters();
    }

    /** The name the client asked for: its SNI host name, else the host it was created for. */
    private String expectedHost() {
        SSLSession session = engine != null ? engine.getHandshakeSession() : socket.getHandshakeSession();
        if (session instanceof ExtendedSSLSession ext) {
            for (SNIServerName n : ext.getRequestedServerNames()) {
                if (n instanceof SNIHostName h) {
                    return h.getAsciiName();
                }
            }
        }
        String host = session != null ? session.getPeerHost() : null;
        if (host == null) {
            host = engine != null ? engine.getPeerHost() : hostOf(socket);
        }
        return host;
    }

    private static String hostOf(SSLSocket socket) {
        // getHostString, not getHostName: never a reverse DNS lookup.
        return socket.getRemoteSocketAddress() instanceof InetSocketAddress a ? a.getHostString() : null;
    }
}
