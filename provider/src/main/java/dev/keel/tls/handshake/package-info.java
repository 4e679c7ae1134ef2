/**
 * Handshake state machines, one class per side and version, named after RFC 8446 Appendix A; the
 * TLS 1.3 key schedule, the transcript hash and negotiation (pure functions of offers and policy).
 */
package dev.keel.tls.handshake;
