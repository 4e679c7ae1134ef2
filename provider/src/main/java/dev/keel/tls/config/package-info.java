/**
 * Local policy for a connection ({@link dev.keel.tls.config.TlsConfig}) and the callbacks through
 * which the handshake reaches the application's key and trust material. Free of JSSE types; used by
 * handshake/, connection/ and jsse/.
 */
package dev.keel.tls.config;
