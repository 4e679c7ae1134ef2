package dev.keel.tls.conformance;

import dev.keel.tls.conformance.peer.JsseDriver;
import dev.keel.tls.conformance.report.InteropReportExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** The subject against Bouncy Castle JSSE in this JVM: engine to engine in memory, and over sockets. */
@ExtendWith(InteropReportExtension.class)
class BcJsseInteropTest {

    @TestFactory
    Stream<DynamicTest> bcJsse() {
        return CaseRunner.tests(JsseDriver.bcJsse());
    }
}
