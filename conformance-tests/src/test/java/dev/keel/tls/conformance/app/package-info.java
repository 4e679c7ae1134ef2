/**
 * The JSSE side of the cases, shared by the subject and the in-process peers: SSLParameters for a
 * case ({@link dev.keel.tls.conformance.app.JsseConfig}), session snapshots, the echo/HTTP
 * applications run over SSLSockets, and the in-memory engine pair.
 */
package dev.keel.tls.conformance.app;
