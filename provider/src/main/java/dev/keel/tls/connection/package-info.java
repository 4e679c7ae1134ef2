/**
 * {@link dev.keel.tls.connection.TlsConnection}: drives handshake and record layer, sans I/O; alerts,
 * close_notify, key update and limits, and the rules that differ in TLS 1.2 (a real ChangeCipherSpec,
 * duplex close_notify, renegotiation requests declined). Its configuration and callbacks carry no JSSE
 * types.
 */
package dev.keel.tls.connection;
