package dev.keel.tls.bench;

/**
 * What a benchmark asks both sides to negotiate: one protocol version and one cipher suite, with one
 * server certificate type.
 *
 * <p>The client enables exactly this version and suite. The server enables this version, this suite and,
 * for TLS 1.3, the TLS 1.2 suite matching its certificate: Conscrypt picks server key types from the
 * enabled TLS 1.2 suites and fails with NO_CERTIFICATE_SET without one (PEERS.md). That extra suite
 * cannot be chosen, because the client offers TLS 1.3 only. The key-exchange group is restricted per JVM
 * by {@code -Djdk.tls.namedGroups=x25519,secp256r1} (see the {@code @Fork} of each benchmark class).
 */
public record Offer(String protocol, String suite, CertificateType certificate) {
    public static final String TLS13 = "TLSv1.3";
    public static final String TLS12 = "TLSv1.2";

    /** The offer for a suite name: TLS 1.2 for the {@code TLS_ECDHE_*} suites, else TLS 1.3. */
    public static Offer forSuite(String suite, CertificateType certificate) {
        return new Offer(suite.startsWith("TLS_ECDHE_") ? TLS12 : TLS13, suite, certificate);
    }

    public String[] clientProtocols() {
        return new String[] {protocol};
    }

    public String[] clientSuites() {
        return new String[] {suite};
    }

    public String[] serverProtocols() {
        return new String[] {protocol};
    }

    public String[] serverSuites() {
        if (TLS13.equals(protocol)) {
            return new String[] {suite, certificate.tls12CompanionSuite()};
        }
        return new String[] {suite};
    }

    @Override
    public String toString() {
        return protocol + " " + suite + " with an " + certificate + " certificate";
    }
}
