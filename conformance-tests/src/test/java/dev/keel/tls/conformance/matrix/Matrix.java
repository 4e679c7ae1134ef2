package dev.keel.tls.conformance.matrix;

import java.util.ArrayList;
import java.util.List;

/** The standard parameter list every peer is run through, for each side the subject plays. */
public final class Matrix {

    private Matrix() {
    }

    /**
     * 34 parameter sets: every TLS 1.3 suite, every TLS 1.2 suite (each with the certificate its key
     * exchange needs), every group, every other certificate type, HelloRetryRequest, ALPN (three ways),
     * SNI, then client auth, resumption and 1 MiB transfers in TLS 1.3 and TLS 1.2, and KeyUpdate
     * (plain and requested).
     */
    public static List<CaseParams> standardParams(Role role) {
        List<CaseParams> list = new ArrayList<>();
        for (Suite s : Suite.values()) {
            CaseParams base = s.version() == TlsVersion.TLS13
                    ? CaseParams.tls13(Scenario.HANDSHAKE)
                    : CaseParams.tls12(Scenario.HANDSHAKE);
            list.add(base.withSuite(s));
        }
        for (Group g : Group.MATRIX) {
            list.add(CaseParams.tls13(Scenario.HANDSHAKE).withGroup(g));
        }
        for (CertType c : CertType.values()) {
            if (c != CertType.ECDSA_P256) { // P-256 is every TLS 1.3 suite case's certificate
                list.add(CaseParams.tls13(Scenario.HANDSHAKE).withCert(c));
            }
        }
        list.add(CaseParams.tls13(Scenario.HRR).withGroup(hrrGroup(role)));
        list.add(CaseParams.tls13(Scenario.ALPN_H2));
        list.add(CaseParams.tls13(Scenario.ALPN_HTTP11));
        list.add(CaseParams.tls13(Scenario.ALPN_MISMATCH));
        list.add(CaseParams.tls13(Scenario.SNI));
        for (Scenario s : new Scenario[] {Scenario.CLIENT_AUTH, Scenario.RESUMPTION, Scenario.BULK_1MIB}) {
            list.add(CaseParams.tls13(s));
            list.add(CaseParams.tls12(s));
        }
        list.add(CaseParams.tls13(Scenario.KEY_UPDATE));
        list.add(CaseParams.tls13(Scenario.KEY_UPDATE_REQUESTED));
        return list;
    }

    /**
     * The group an HRR case ends on. Subject as client: the peer server accepts only secp384r1, which
     * the subject (like most clients) does not send a key share for first. Subject as server: the peer
     * client sends its only key share for ffdhe6144, which the subject does not accept (the test JVM
     * enables four groups), and also offers secp256r1, which the subject must ask for.
     */
    public static Group hrrGroup(Role role) {
        return role == Role.SUBJECT_CLIENT ? Group.SECP384R1 : Group.SECP256R1;
    }

    /** All cases a driver runs: the standard matrix minus the peer's n/a combinations, plus its extras. */
    public static List<InteropCase> build(PeerDriver driver, NotApplicableSink sink) {
        List<InteropCase> cases = new ArrayList<>();
        for (Role role : Role.values()) {
            if (!driver.roles().contains(role)) {
                continue;
            }
            for (CaseParams p : standardParams(role)) {
                Transport t = driver.transportFor(role, p);
                String reason = driver.notApplicable(role, t, p);
                if (reason == null) {
                    cases.add(new InteropCase(driver.peer(), role, t, p));
                } else {
                    sink.notApplicable(new InteropCase(driver.peer(), role, t, p), reason);
                }
            }
        }
        cases.addAll(driver.extraCases());
        return cases;
    }

    /** Where combinations a peer cannot take part in are reported. */
    @FunctionalInterface
    public interface NotApplicableSink {
        void notApplicable(InteropCase c, String reason);
    }
}
