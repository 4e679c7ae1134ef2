/**
 * Session state: what a handshake negotiated ({@link dev.keel.tls.session.TlsSession}); later the
 * session cache, ticket sealing keys and PSK/resumption state. Used by handshake/ and connection/.
 */
package dev.keel.tls.session;
