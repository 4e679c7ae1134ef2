package dev.keel.tls.conformance.subject;

import dev.keel.tls.conformance.matrix.CaseParams;
import dev.keel.tls.conformance.matrix.Scenario;
import dev.keel.tls.conformance.matrix.TlsVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * THE capability switch: what the subject implements today. A case that needs a feature the subject
 * lacks is reported "NOT YET" (listed in the report, neither run nor failed). When a feature lands,
 * flip its boolean in {@link #KEEL} and its cases run.
 *
 * @param tls13       TLS 1.3 handshake and record layer (RFC 8446), with ALPN, SNI and HelloRetryRequest
 * @param tls12       TLS 1.2 (RFC 5246) with the ECDHE/DHE/RSA AEAD suites
 * @param resumption  session resumption (TLS 1.3 PSK from NewSessionTicket; TLS 1.2 tickets/IDs)
 * @param clientAuth  certificate-based client authentication, both as client and as server
 * @param keyUpdate   receiving KeyUpdate (RFC 8446 4.6.3), answering update_requested with one
 */
public record SubjectCapabilities(boolean tls13, boolean tls12, boolean resumption, boolean clientAuth,
        boolean keyUpdate) {

    /** Keel today: TLS 1.3 and 1.2, resumption, client auth, KeyUpdate. */
    public static final SubjectCapabilities KEEL = new SubjectCapabilities(
            /* tls13 */ true,
            /* tls12 */ true,
            /* resumption */ true,
            /* clientAuth */ true,
            /* keyUpdate */ true);

    /** A complete implementation (SunJSSE). */
    public static final SubjectCapabilities ALL = new SubjectCapabilities(true, true, true, true, true);

    /** The capabilities a case needs that this subject lacks (empty when the case can run). */
    public List<String> missingFor(CaseParams p) {
        List<String> missing = new ArrayList<>();
        if (p.version() == TlsVersion.TLS13 && !tls13) {
            missing.add("tls13");
        }
        if (p.version() == TlsVersion.TLS12 && !tls12) {
            missing.add("tls12");
        }
        if (p.scenario() == Scenario.RESUMPTION && !resumption) {
            missing.add("resumption");
        }
        if (p.scenario() == Scenario.CLIENT_AUTH && !clientAuth) {
            missing.add("clientAuth");
        }
        if (p.scenario().isKeyUpdate() && !keyUpdate) {
            missing.add("keyUpdate");
        }
        return missing;
    }

    @Override
    public String toString() {
        return "tls13=" + tls13 + ", tls12=" + tls12 + ", resumption=" + resumption + ", clientAuth=" + clientAuth
                + ", keyUpdate=" + keyUpdate;
    }
}
