package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Decoding the peer's certificate chain and turning a trust manager's verdict into the alert RFC 8446
 * 6.2 names for it.
 */
final class PeerCertificates {
    private PeerCertificates() {
    }

    /**
     * Decodes DER certificates with the JDK's X.509 factory (whose objects the JDK trust manager
     * handles fastest). An undecodable certificate is bad_certificate.
     */
    static X509Certificate[] decode(List<byte[]> ders) throws TlsAlertException {
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw TlsAlertException.internalError("no X.509 certificate factory in this JDK", e);
        }
        X509Certificate[] chain = new X509Certificate[ders.size()];
        for (int i = 0; i < chain.length; i++) {
            try {
                chain[i] = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(ders.get(i)));
            } catch (CertificateException | ClassCastException e) {
                throw new TlsAlertException(AlertDescription.BAD_CERTIFICATE,
                        "certificate " + i + " of the peer's chain cannot be decoded: " + e.getMessage(), e);
            }
        }
        return chain;
    }

    /** The alert for a certificate the trust manager rejected (RFC 8446 6.2). */
    static TlsAlertException rejected(String whose, CertificateException e) {
        return new TlsAlertException(alertFor(e), whose + " certificate is not trusted: " + e.getMessage(), e);
    }

    static AlertDescription alertFor(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return AlertDescription.CERTIFICATE_EXPIRED;
            }
            if (t instanceof CertificateNotYetValidException) {
                return AlertDescription.BAD_CERTIFICATE;
            }
            if (t instanceof CertificateRevokedException) {
                return AlertDescription.CERTIFICATE_REVOKED;
            }
            if (t instanceof CertPathValidatorException cpve) {
                if (cpve.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                    return AlertDescription.CERTIFICATE_EXPIRED;
                }
                if (cpve.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                    return AlertDescription.CERTIFICATE_REVOKED;
                }
                if (cpve.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
                    return AlertDescription.UNKNOWN_CA;
                }
            }
        }
        return AlertDescription.CERTIFICATE_UNKNOWN;
    }
}
