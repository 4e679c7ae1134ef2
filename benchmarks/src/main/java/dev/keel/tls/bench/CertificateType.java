package dev.keel.tls.bench;

/** The server certificates the TLS benchmarks use. */
public enum CertificateType {
    /** ECDSA over P-256; a TLS 1.3 server signs with ecdsa_secp256r1_sha256. */
    ECDSA_P256("EC", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
    /** RSA 2048; a TLS 1.3 server signs with rsa_pss_rsae_sha256. */
    RSA_2048("RSA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

    private final String keyAlgorithm;
    private final String tls12Suite;

    CertificateType(String keyAlgorithm, String tls12Suite) {
        this.keyAlgorithm = keyAlgorithm;
        this.tls12Suite = tls12Suite;
    }

    /** The JCA key algorithm name ("EC", "RSA"). */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /**
     * A TLS 1.2 suite usable with this certificate. Conscrypt picks server key types from the enabled
     * TLS 1.2 suites, so its TLS 1.3 servers need one enabled (PEERS.md: NO_CERTIFICATE_SET otherwise).
     */
    public String tls12CompanionSuite() {
        return tls12Suite;
    }
}
