package dev.keel.tls.conformance.matrix;

import java.util.Objects;

/**
 * The TLS parameters of one case.
 *
 * @param version  the only version both sides enable
 * @param suite    the only suite the subject enables (and the peer where it can)
 * @param group    the group the peer forces (its only group), or null for "whatever the peers agree"
 * @param cert     the server certificate's key type
 * @param scenario what the case does beyond the handshake
 */
public record CaseParams(TlsVersion version, Suite suite, Group group, CertType cert, Scenario scenario) {

    public CaseParams {
        Objects.requireNonNull(version);
        Objects.requireNonNull(suite);
        Objects.requireNonNull(cert);
        Objects.requireNonNull(scenario);
        if (suite.version() != version) {
            throw new IllegalArgumentException(suite + " is not a " + version.jsseName() + " suite");
        }
    }

    /** The default TLS 1.3 case: TLS_AES_128_GCM_SHA256, the peers' group, ECDSA P-256. */
    public static CaseParams tls13(Scenario scenario) {
        return new CaseParams(TlsVersion.TLS13, Suite.TLS_AES_128_GCM_SHA256, null, CertType.ECDSA_P256, scenario);
    }

    /** The default TLS 1.2 case: ECDHE-ECDSA AES-128-GCM, the peers' group, ECDSA P-256. */
    public static CaseParams tls12(Scenario scenario) {
        return new CaseParams(TlsVersion.TLS12, Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, null,
                CertType.ECDSA_P256, scenario);
    }

    public CaseParams withSuite(Suite s) {
        return new CaseParams(s.version(), s, group, s.defaultCert(), scenario);
    }

    public CaseParams withGroup(Group g) {
        return new CaseParams(version, suite, g, cert, scenario);
    }

    public CaseParams withCert(CertType c) {
        return new CaseParams(version, suite, group, c, scenario);
    }

    /** A compact, stable description: "TLSv1.3 TLS_AES_128_GCM_SHA256 x25519 ECDSA P-256 handshake". */
    public String describe() {
        return version.jsseName() + " " + suite.jsseName() + " " + (group == null ? "-" : group.rfcName()) + " "
                + cert.label() + " " + scenario.label();
    }
}
