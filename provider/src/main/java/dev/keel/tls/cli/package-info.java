/**
 * The {@code keel} command line: {@code connect} explains a real handshake step by step, {@code serve}
 * runs an HTTPS test server, {@code demo} does both in one process. An application on top of the JSSE
 * face; nothing in the provider depends on it.
 */
package dev.keel.tls.cli;
