package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Decoding the peer's certificate chain (the verdict on it becomes an alert in {@link CertificateAlerts}).
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
            } catch (CertificateException | RuntimeException e) {
                // Not kept as the cause: the JDK's X.509 parser lets some malformed DER escape as a
                // runtime exception (an empty KeyUsage BIT STRING gives ArrayIndexOutOfBoundsException,
                // sometimes wrapped in a CertificateException), which would read as a Keel bug. It is the
                // peer's bad input: bad_certificate, naming what the parser said.
                throw new TlsAlertException(AlertDescription.BAD_CERTIFICATE,
                        "certificate " + i + " of the peer's chain cannot be decoded: " + e);
            }
        }
        return chain;
    }
}
