/**
 * The interop matrix as data: which peer, which side the subject plays, over which transport, with
 * which TLS parameters ({@link dev.keel.tls.conformance.matrix.CaseParams}), and what each case
 * observed ({@link dev.keel.tls.conformance.matrix.Observation}) and must have negotiated
 * ({@link dev.keel.tls.conformance.matrix.Expectations}).
 */
package dev.keel.tls.conformance.matrix;
