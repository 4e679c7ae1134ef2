/**
 * The record layer (RFC 8446 section 5, RFC 5246 6.2): record framing and size limits, AEAD record
 * protection with per-record nonces, content-type hiding, and reassembly of handshake messages that
 * span records.
 */
package dev.keel.tls.record;
