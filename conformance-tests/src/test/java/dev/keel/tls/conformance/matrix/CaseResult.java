package dev.keel.tls.conformance.matrix;

/**
 * What happened in one case.
 *
 * @param detail evidence for a PASS, the reason for a FAIL
 */
public record CaseResult(InteropCase interopCase, Outcome outcome, String detail, long millis) {
}
