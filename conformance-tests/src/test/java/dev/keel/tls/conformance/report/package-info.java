/**
 * The interop report: every case's outcome collected during the run and written to
 * {@code target/interop-report.md} after each test class (so a crash still leaves a report) — one
 * table row per case, totals per peer, the peers' limitations and what each column asserts.
 */
package dev.keel.tls.conformance.report;
