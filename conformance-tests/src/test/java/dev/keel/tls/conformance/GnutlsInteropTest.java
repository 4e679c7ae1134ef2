package dev.keel.tls.conformance;

import dev.keel.tls.conformance.peer.GnutlsDriver;
import dev.keel.tls.conformance.report.InteropReportExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** The subject against GnuTLS (gnutls-serv / gnutls-cli processes), both directions. */
@ExtendWith(InteropReportExtension.class)
class GnutlsInteropTest {

    @TestFactory
    Stream<DynamicTest> gnutls() {
        return CaseRunner.tests(new GnutlsDriver());
    }
}
