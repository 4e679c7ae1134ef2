package dev.keel.tls.bench;

import javax.net.ssl.SSLSession;

/**
 * What one connection negotiated, as each side's SSLSession reports it and as the server's plaintext
 * handshake messages show it on the wire. Benchmarks check it once at setup, so that no provider is
 * measured doing something other than what the benchmark says.
 */
public record Negotiated(String clientProtocol, String clientSuite, String serverProtocol, String serverSuite,
        ServerFlight wire) {

    /** The key-exchange group every benchmark expects (the fork restricts jdk.tls.namedGroups to it). */
    public static final String GROUP = "x25519";

    static Negotiated of(SSLSession client, SSLSession server, ServerFlight wire) {
        return new Negotiated(client.getProtocol(), client.getCipherSuite(), server.getProtocol(),
                server.getCipherSuite(), wire);
    }

    /**
     * Throws unless both sessions and the wire agree on the offer's version and suite, the group is
     * x25519 (where the wire shows one), no HelloRetryRequest happened, and the handshake was full or
     * resumed as asked. A handshake that should have been resumed and was not throws
     * {@link NoResumptionException}.
     */
    public void require(Offer offer, boolean resumed) {
        StringBuilder problems = new StringBuilder();
        check(problems, "protocol", offer.protocol(), clientProtocol, serverProtocol, wire.version());
        check(problems, "cipher suite", offer.suite(), clientSuite, serverSuite, wire.cipherSuiteName());
        boolean groupOnWire = Offer.TLS13.equals(offer.protocol()) || !resumed;
        if (groupOnWire) {
            check(problems, "key-exchange group", GROUP, wire.groupName(), wire.groupName(), wire.groupName());
        }
        if (wire.helloRetryRequest()) {
            problems.append("; the server sent a HelloRetryRequest (the client's key share was not accepted)");
        }
        if (problems.length() > 0) {
            throw new IllegalStateException(problems.substring(2) + " (negotiated " + wire + ", the benchmark needs "
                    + offer + (resumed ? " resumed" : " full") + ")");
        }
        if (resumed && !wire.resumed()) {
            throw new NoResumptionException("the second handshake to the same server was full (ServerHello "
                    + (Offer.TLS13.equals(offer.protocol()) ? "without pre_shared_key" : "followed by a Certificate")
                    + ")");
        }
        if (resumed && Offer.TLS13.equals(offer.protocol()) && !wire.pskWithKeyExchange()) {
            throw new IllegalStateException("resumed with psk_ke (no key_share in the ServerHello); the benchmark "
                    + "measures psk_dhe_ke");
        }
        if (!resumed && wire.resumed()) {
            throw new IllegalStateException("the handshake was resumed where a full one is measured: " + wire);
        }
    }

    /** Notes a mismatch, once when all three observers agree on the wrong value. */
    private static void check(StringBuilder problems, String what, String expected, String client, String server,
            String onWire) {
        if (expected.equals(client) && expected.equals(server) && expected.equals(onWire)) {
            return;
        }
        problems.append("; ").append(what);
        if (client.equals(server) && server.equals(onWire)) {
            problems.append(" is ").append(onWire);
        } else {
            problems.append(" is ").append(client).append(" (client session), ").append(server)
                    .append(" (server session), ").append(onWire).append(" (ServerHello)");
        }
        problems.append(", not ").append(expected);
    }

    @Override
    public String toString() {
        return wire + " (client session " + clientProtocol + " " + clientSuite + ", server session "
                + serverProtocol + " " + serverSuite + ")";
    }
}
