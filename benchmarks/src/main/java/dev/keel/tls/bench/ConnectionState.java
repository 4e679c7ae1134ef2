package dev.keel.tls.bench;

import javax.net.ssl.SSLException;

import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the handshake benchmarks share: endpoints of one provider, a pump, and the bookkeeping that
 * proves every measured handshake was full (or resumed) as the benchmark says.
 *
 * <p>Each client that does a full handshake checks the server's chain once through its
 * {@link CountingTrustManager}; a resumed one checks nothing. At the end of every iteration the number of
 * checks is compared with the number of connections, so a provider that silently stops resuming (or
 * starts resuming) fails the run instead of being measured doing something else.
 */
abstract class ConnectionState {
    TlsEndpoints endpoints;
    final EnginePump pump = new EnginePump();
    private boolean resumed;
    private long connections;
    private long checksAtStart;

    /**
     * Creates the endpoints, and checks what a connection negotiates: for a resumed benchmark, a first
     * full connection, then three resumed ones in a row (each resuming from the ticket of the previous).
     */
    final void prepare(BenchmarkParams params, String provider, Offer offer, boolean resumed) {
        this.resumed = resumed;
        SetupFailures.guard(params, provider, () -> {
            endpoints = TlsEndpoints.create(TlsProvider.byName(provider), offer);
            if (resumed) {
                pump.connect(endpoints.newClient(true), endpoints.newServer());
                for (int i = 0; i < 3; i++) {
                    pump.observe(endpoints.newClient(true), endpoints.newServer()).require(offer, true);
                }
            } else {
                pump.observe(endpoints.newClient(false), endpoints.newServer()).require(offer, false);
            }
        });
    }

    /** One measured connection. */
    final int connect() throws SSLException {
        connections++;
        return pump.connect(endpoints.newClient(resumed), endpoints.newServer());
    }

    final void startIteration() {
        connections = 0;
        checksAtStart = endpoints.serverCertificateChecks();
    }

    final void checkIteration() {
        long checks = endpoints.serverCertificateChecks() - checksAtStart;
        long expected = resumed ? 0 : connections;
        if (checks != expected) {
            throw new IllegalStateException(endpoints.provider().benchmarkName() + ": " + checks
                    + " server certificate checks in " + connections + " connections; every handshake was to be "
                    + (resumed ? "resumed (no check)" : "full (one check)"));
        }
    }
}
