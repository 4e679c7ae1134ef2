/**
 * The system under test: which JSSE provider the matrix exercises (system property
 * {@code conformance.subject}: {@code Keel}, the default, or {@code SunJSSE} to validate the harness).
 */
package dev.keel.tls.conformance.subject;
