/**
 * Wire format: the TLS presentation language ({@link dev.keel.tls.message.TlsReader},
 * {@link dev.keel.tls.message.TlsWriter}), handshake messages and extensions as immutable values with
 * strict {@code decode} and {@code encode}. No protocol logic.
 */
package dev.keel.tls.message;
