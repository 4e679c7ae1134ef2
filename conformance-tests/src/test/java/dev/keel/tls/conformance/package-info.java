/**
 * The interop matrix: one JUnit test class per peer ({@code *InteropTest}), each turning its driver's
 * cases into dynamic tests through {@link dev.keel.tls.conformance.CaseRunner}, with every outcome
 * written to {@code target/interop-report.md}. The subject is chosen with {@code -Dconformance.subject}
 * (Keel by default, SunJSSE to validate the harness). Every case runs; none is skipped.
 */
package dev.keel.tls.conformance;
