package dev.keel.tls.conformance;

import dev.keel.tls.conformance.peer.OpenSslDriver;
import dev.keel.tls.conformance.report.InteropReportExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** The subject against OpenSSL 3 (s_server / s_client processes), both directions. */
@ExtendWith(InteropReportExtension.class)
class OpenSslInteropTest {

    @TestFactory
    Stream<DynamicTest> openssl() {
        return CaseRunner.tests(new OpenSslDriver());
    }
}
