/**
 * Handshake state machines, one class per side and version: {@code ClientHandshake13} /
 * {@code ServerHandshake13} with states named after RFC 8446 Appendix A, {@code ClientHandshake12} /
 * {@code ServerHandshake12} with states named after the TLS 1.2 message expected next (RFC 5246 7.3).
 * {@code ClientHandshake} / {@code ServerHandshake} are what the connection drives: they run the hello
 * exchange's version decision and hand over to the right state machine. Also the TLS 1.3 key schedule,
 * the transcript hash and negotiation (pure functions of offers and policy).
 */
package dev.keel.tls.handshake;
