/**
 * The harness's own witness of the handshake: a loopback TCP relay ({@link
 * dev.keel.tls.conformance.wire.WireTap}) and an in-memory feed both hand the bytes to a parser of the
 * plaintext TLS records ({@link dev.keel.tls.conformance.wire.TlsWireObserver}) that reads ClientHello,
 * ServerHello (version, suite, key_share group, HelloRetryRequest, pre_shared_key) and, in TLS 1.2,
 * Certificate, ServerKeyExchange and the abbreviated (resumed) handshake.
 */
package dev.keel.tls.conformance.wire;
