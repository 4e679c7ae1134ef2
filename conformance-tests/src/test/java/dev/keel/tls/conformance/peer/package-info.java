/**
 * One driver per peer: how to run each case against OpenSSL, GnuTLS, curl (processes) and SunJSSE,
 * Bouncy Castle JSSE, Conscrypt (in-process, in memory and over sockets), and how to read each
 * peer's own account of what was negotiated.
 */
package dev.keel.tls.conformance.peer;
