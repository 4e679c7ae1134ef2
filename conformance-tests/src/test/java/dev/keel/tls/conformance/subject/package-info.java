/**
 * The system under test: which JSSE provider the matrix exercises (system property
 * {@code conformance.subject}: {@code Keel}, the default, or {@code SunJSSE} to validate the harness)
 * and which features it has today ({@link dev.keel.tls.conformance.subject.SubjectCapabilities}).
 */
package dev.keel.tls.conformance.subject;
