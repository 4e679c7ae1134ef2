package dev.keel.tls.bench;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * A client and a server SSLContext of one provider, and engines (or sockets) configured for one
 * {@link Offer}. The client trusts the test root through a {@link CountingTrustManager}; the server
 * presents the test certificate of the offer's type.
 */
public final class TlsEndpoints {
    /** The port paired with {@link TestPki#SERVER_NAME} for resumable client engines (never connected). */
    static final int SESSION_PORT = 443;

    private final TlsProvider provider;
    private final Offer offer;
    private final SSLContext clientContext;
    private final SSLContext serverContext;
    private final CountingTrustManager clientTrust;

    private TlsEndpoints(TlsProvider provider, Offer offer, SSLContext clientContext, SSLContext serverContext,
            CountingTrustManager clientTrust) {
        this.provider = provider;
        this.offer = offer;
        this.clientContext = clientContext;
        this.serverContext = serverContext;
        this.clientTrust = clientTrust;
    }

    /** Contexts of {@code provider} for {@code offer}; fails with the provider's reason if it has none. */
    public static TlsEndpoints create(TlsProvider provider, Offer offer) {
        try {
            TestPki pki = TestPki.of(offer.certificate());
            CountingTrustManager trust = CountingTrustManager.overJdkPkix(pki.trustStore());
            SSLContext client = provider.newContext();
            client.init(null, new TrustManager[] {provider.trustManager(trust)}, new SecureRandom());
            SSLContext server = provider.newContext();
            // Explicit SecureRandom: BCJSSE fails on a null one under some setups (PEERS.md).
            server.init(provider.keyManagers(pki.serverKeyStore()), null, new SecureRandom());
            return new TlsEndpoints(provider, offer, client, server, trust);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(provider.benchmarkName() + ": cannot set up SSLContexts for " + offer
                    + ": " + e, e);
        }
    }

    public TlsProvider provider() {
        return provider;
    }

    public Offer offer() {
        return offer;
    }

    /** Server certificate checks made by clients of these endpoints so far (one per full handshake). */
    public long serverCertificateChecks() {
        return clientTrust.serverChecks();
    }

    /**
     * A new client engine. A resumable one names the server ({@link TestPki#SERVER_NAME}:443), which keys
     * the client session cache; a non-resumable one names no peer, so no provider looks up or offers a
     * cached session and every handshake is full.
     */
    public SSLEngine newClient(boolean resumable) {
        SSLEngine engine = resumable
                ? clientContext.createSSLEngine(TestPki.SERVER_NAME, SESSION_PORT)
                : clientContext.createSSLEngine();
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(offer.clientProtocols());
        engine.setEnabledCipherSuites(offer.clientSuites());
        provider.configure(engine);
        return engine;
    }

    /** A new server engine. */
    public SSLEngine newServer() {
        SSLEngine engine = serverContext.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(offer.serverProtocols());
        engine.setEnabledCipherSuites(offer.serverSuites());
        provider.configure(engine);
        return engine;
    }

    /** The client socket factory's context, for socket benchmarks. */
    SSLContext clientContext() {
        return clientContext;
    }

    SSLContext serverContext() {
        return serverContext;
    }

    void configureClient(SSLSocket socket) {
        socket.setEnabledProtocols(offer.clientProtocols());
        socket.setEnabledCipherSuites(offer.clientSuites());
    }

    void configureServer(SSLServerSocket socket) {
        socket.setEnabledProtocols(offer.serverProtocols());
        socket.setEnabledCipherSuites(offer.serverSuites());
    }
}
