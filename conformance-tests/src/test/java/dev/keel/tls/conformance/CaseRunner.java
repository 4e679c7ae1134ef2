package dev.keel.tls.conformance;

import dev.keel.tls.conformance.matrix.CaseResult;
import dev.keel.tls.conformance.matrix.Group;
import dev.keel.tls.conformance.matrix.Peer;
import dev.keel.tls.conformance.matrix.TlsVersion;
import dev.keel.tls.conformance.matrix.InteropCase;
import dev.keel.tls.conformance.matrix.Matrix;
import dev.keel.tls.conformance.matrix.Observation;
import dev.keel.tls.conformance.matrix.Outcome;
import dev.keel.tls.conformance.matrix.PeerDriver;
import dev.keel.tls.conformance.peer.PeerVersions;
import dev.keel.tls.conformance.report.InteropReport;
import dev.keel.tls.conformance.subject.Subject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns a driver's cases into JUnit dynamic tests and records every outcome in the report. Every case
 * runs and passes or fails: nothing is skipped.
 */
final class CaseRunner {

    private CaseRunner() {
    }

    static Stream<DynamicTest> tests(PeerDriver driver) {
        InteropReport report = InteropReport.get();
        report.peerVersion(driver.peer().label(), PeerVersions.of(driver.peer()));
        List<InteropCase> cases = Matrix.build(driver, report::notApplicable);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.displayName(), () -> run(driver, c, report)))
                .onClose(driver::close);
    }

    /**
     * SunJSSE (JDK 17 and later) computes the TLS 1.3 ffdhe shared secret without left-padding it to the
     * prime's length, so about 1 handshake in 256 fails against a correct peer. Such a case, when SunJSSE is
     * on either side, gets one more attempt — reported in its evidence — so that a SunJSSE defect neither
     * fails the run nor is mistaken for a bug of the subject.
     */
    private static boolean knownSunJsseFfdheDefect(Subject subject, InteropCase c) {
        return c.params().group() == Group.FFDHE2048 && c.params().version() == TlsVersion.TLS13
                && (subject.name().equals("SunJSSE") || c.peer() == Peer.SUNJSSE);
    }

    private static void run(PeerDriver driver, InteropCase c, InteropReport report) throws Throwable {
        Subject subject = Subject.current();
        long start = System.nanoTime();
        try {
            subject.requireAvailable();
            Observation o;
            try {
                o = driver.run(c);
            } catch (Exception | AssertionError first) {
                if (!knownSunJsseFfdheDefect(subject, c)) {
                    throw first;
                }
                o = driver.run(c);
                o.note("passed on the 2nd attempt; 1st: " + first.getClass().getSimpleName()
                        + " (SunJSSE's TLS 1.3 ffdhe secret is not left-padded: about 1 handshake in 256 fails)");
            }
            report.record(new CaseResult(c, Outcome.PASS, o.summary(), (System.nanoTime() - start) / 1_000_000));
        } catch (Throwable t) {
            String reason = t.getClass().getSimpleName() + ": " + t.getMessage();
            report.record(new CaseResult(c, Outcome.FAIL, reason, (System.nanoTime() - start) / 1_000_000));
            throw t;
        }
    }
}
