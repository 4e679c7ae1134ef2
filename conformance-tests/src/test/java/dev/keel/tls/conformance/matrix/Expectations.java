package dev.keel.tls.conformance.matrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a case must have negotiated, checked against every source in an {@link Observation}: each
 * expected property must be seen by at least one source, and every source that saw it must agree.
 */
public final class Expectations {

    /** The subject name of the client certificate the test PKI issues. */
    public static final String CLIENT_CERT_NAME = "CN=keel-conformance-client";

    private final Map<String, String> expected = new LinkedHashMap<>();

    /**
     * The defaults for a case: version, suite, server certificate; the forced group; ALPN (none unless
     * the scenario is about ALPN); SNI and client certificate for their scenarios; a HelloRetryRequest
     * for HRR; no resumption (RESUMPTION's second connection overrides it).
     */
    public static Expectations forCase(CaseParams p) {
        Expectations e = new Expectations();
        e.expect(Observation.VERSION, p.version().jsseName());
        e.expect(Observation.SUITE, p.suite().jsseName());
        if (p.group() != null) {
            e.expect(Observation.GROUP, p.group().rfcName());
        }
        e.expect(Observation.SERVER_CERT, p.cert().label());
        String alpn = p.scenario().expectedAlpn();
        e.expect(Observation.ALPN, alpn == null ? "none" : alpn);
        if (p.scenario() == Scenario.SNI) {
            e.expect(Observation.SNI, "localhost");
        }
        e.expect(Observation.CLIENT_CERT, p.scenario() == Scenario.CLIENT_AUTH ? CLIENT_CERT_NAME : "none");
        if (p.scenario() == Scenario.HRR) {
            e.expect(Observation.HRR, "yes");
        }
        e.expect(Observation.RESUMED, "no");
        return e;
    }

    /** Sets (or replaces) an expectation. */
    public Expectations expect(String field, String value) {
        expected.put(field, value);
        return this;
    }

    /** Drops an expectation the case cannot make (documented where it is called). */
    public Expectations ignore(String field) {
        expected.remove(field);
        return this;
    }

    public String get(String field) {
        return expected.get(field);
    }

    /** Throws an AssertionError listing every disagreement, with the whole observation. */
    public void verify(Observation o) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Map<Observation.Source, String> seen = o.get(e.getKey());
            if (seen.isEmpty()) {
                problems.add(e.getKey() + ": expected " + e.getValue() + " but no source observed it");
                continue;
            }
            seen.forEach((src, v) -> {
                if (!v.equals(e.getValue())) {
                    problems.add(e.getKey() + ": expected " + e.getValue() + ", " + src.name().toLowerCase()
                            + " saw " + v);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("; ", problems) + " — observed: " + o.summary());
        }
    }
}
