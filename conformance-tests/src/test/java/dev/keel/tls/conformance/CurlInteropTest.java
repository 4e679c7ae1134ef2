package dev.keel.tls.conformance;

import dev.keel.tls.conformance.peer.CurlDriver;
import dev.keel.tls.conformance.report.InteropReportExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** curl (a client only) against the subject as an HTTPS server. */
@ExtendWith(InteropReportExtension.class)
class CurlInteropTest {

    @TestFactory
    Stream<DynamicTest> curl() {
        return CaseRunner.tests(new CurlDriver());
    }
}
