package dev.keel.tls.config;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Decides whether the peer's certificate chain is trusted; the JSSE layer implements it over the
 * user's trust manager (an {@code X509ExtendedTrustManager} given the engine, so endpoint
 * identification works; a plain {@code X509TrustManager} wrapped with Keel's own hostname check).
 *
 * <p>{@code authType} follows JSSE: for TLS 1.3 server authentication "UNKNOWN" (signature-based, any
 * key type); for TLS 1.2 the key exchange ("ECDHE_RSA", "ECDHE_ECDSA", "DHE_RSA", "RSA"); for client
 * authentication the key algorithm ("RSA", "EC", "RSASSA-PSS", "EdDSA").
 */
public interface PeerVerifier {
    void verifyServer(X509Certificate[] chain, String authType) throws CertificateException;

    void verifyClient(X509Certificate[] chain, String authType) throws CertificateException;
}
