/**
 * {@link dev.keel.tls.connection.TlsConnection}: drives handshake and record layer, sans I/O; alerts,
 * close_notify, key update and limits. Its configuration and callbacks carry no JSSE types.
 */
package dev.keel.tls.connection;
