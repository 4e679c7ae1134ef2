package dev.keel.tls.conformance.report;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Writes the report after every interop test class (the last write holds every class's results). */
public final class InteropReportExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        System.out.println("[conformance] interop report: " + InteropReport.get().write());
    }
}
