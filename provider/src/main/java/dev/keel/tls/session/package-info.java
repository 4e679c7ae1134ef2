/**
 * Session state: what a handshake negotiated ({@link dev.keel.tls.session.TlsSession}) and what
 * resumption keeps: the per-context {@link dev.keel.tls.session.SessionStore} with its
 * {@link dev.keel.tls.session.SessionCache} (client tickets per peer, TLS 1.2 server session ids),
 * the server's {@link dev.keel.tls.session.TicketKeys} and the sealed
 * {@link dev.keel.tls.session.TicketContents}. Used by handshake/, connection/ and (wrapped as
 * {@code SSLSessionContext}) jsse/.
 */
package dev.keel.tls.session;
