/**
 * The JSSE face of Keel: the provider, SSLContext, SSLEngine, SSLSocket and SSLSession adapters over
 * {@link dev.keel.tls.connection.TlsConnection}. The only package that uses {@code javax.net.ssl}.
 */
package dev.keel.tls.jsse;
