/**
 * The JSSE face of Keel: the provider, SSLContext, SSLEngine, SSLSocket and SSLSession adapters over
 * {@link dev.keel.tls.connection.TlsConnection}. The only package that uses {@code javax.net.ssl}.
 *
 * <ul>
 *   <li>{@link dev.keel.tls.jsse.KeelProvider} registers {@link dev.keel.tls.jsse.KeelSSLContextSpi},
 *       which makes {@link dev.keel.tls.jsse.KeelSSLEngine}s (and, through
 *       {@link dev.keel.tls.jsse.EngineSource}, the socket layer's sockets);
 *   <li>{@link dev.keel.tls.jsse.SslParametersMapper} turns an engine's {@code SSLParameters} and
 *       {@link dev.keel.tls.jsse.TlsSystemProperties} into a {@link dev.keel.tls.config.TlsConfig};
 *   <li>{@link dev.keel.tls.jsse.KeyManagerCredentials} and
 *       {@link dev.keel.tls.jsse.TrustManagerVerifier} adapt the application's key and trust managers
 *       to the core's callbacks, with {@link dev.keel.tls.jsse.HostnameChecker} (RFC 9525) for plain
 *       trust managers;
 *   <li>{@link dev.keel.tls.jsse.KeelSSLSession} shows a core session as an {@code ExtendedSSLSession};
 *   <li>{@link dev.keel.tls.jsse.Exceptions} maps the core's alerts to {@code SSLException}s;
 *   <li>{@link dev.keel.tls.jsse.DefaultManagers} builds the key and trust managers of the "Default"
 *       context ({@code SSLContext.getDefault()}) and of contexts used before {@code init}.
 * </ul>
 *
 * <p>System properties read when a context or engine is created: {@code jdk.tls.namedGroups},
 * {@code jdk.tls.client.SignatureSchemes}, {@code jdk.tls.server.SignatureSchemes},
 * {@code jdk.tls.client.protocols}, {@code jdk.tls.server.protocols}, {@code jdk.tls.client.cipherSuites},
 * {@code jdk.tls.server.cipherSuites}, and Keel's own {@code keel.tls.client.keyShares}; for the
 * default context, {@code javax.net.ssl.keyStore}, {@code keyStoreType}, {@code keyStorePassword},
 * {@code keyStoreProvider} and the same four for {@code trustStore}, as JSSE reads them.
 */
package dev.keel.tls.jsse;
