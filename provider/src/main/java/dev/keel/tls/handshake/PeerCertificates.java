package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.PeerVerifier;
import dev.keel.tls.config.TlsConfig;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The peer's certificate chain: decoding it, and asking the application's trust manager about it (a
 * rejection becomes an alert in {@link CertificateAlerts}).
 */
final class PeerCertificates {
    private PeerCertificates() {
    }

    /**
     * Decodes DER certificates with the JDK's X.509 factory (whose objects the JDK trust manager
     * handles fastest), or takes them from {@link DecodedCertificates} when these very bytes were
     * decoded lately. An undecodable certificate is bad_certificate.
     */
    static X509Certificate[] decode(List<byte[]> ders) throws TlsAlertException {
        X509Certificate[] chain = new X509Certificate[ders.size()];
        CertificateFactory factory = null;
        for (int i = 0; i < chain.length; i++) {
            byte[] der = ders.get(i);
            chain[i] = DecodedCertificates.get(der);
            if (chain[i] != null) {
                continue;
            }
            if (factory == null) {
                factory = x509Factory();
            }
            try {
                chain[i] = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            } catch (CertificateException | RuntimeException e) {
                // Not kept as the cause: the JDK's X.509 parser lets some malformed DER escape as a
                // runtime exception (an empty KeyUsage BIT STRING gives ArrayIndexOutOfBoundsException,
                // sometimes wrapped in a CertificateException), which would read as a Keel bug. It is the
                // peer's bad input: bad_certificate, naming what the parser said.
                throw new TlsAlertException(AlertDescription.BAD_CERTIFICATE,
                        "certificate " + i + " of the peer's chain cannot be decoded: " + e);
            }
            DecodedCertificates.put(der, chain[i]);
        }
        return chain;
    }

    private static CertificateFactory x509Factory() throws TlsAlertException {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw TlsAlertException.internalError("no X.509 certificate factory in this JDK", e);
        }
    }

    /**
     * Asks the application's trust manager about the server's chain ({@code authType} as JSSE names it:
     * "UNKNOWN" in TLS 1.3, the key exchange in TLS 1.2); a rejection becomes the alert RFC 8446 6.2
     * names for it.
     */
    static void trustServer(TlsConfig config, X509Certificate[] chain, String authType) throws TlsAlertException {
        PeerVerifier verifier = verifier(config, "server");
        try {
            verifier.verifyServer(chain.clone(), authType);
        } catch (CertificateException e) {
            throw CertificateAlerts.rejected("server", e);
        }
    }

    /** The same for a client's chain; JSSE names the client's authType after its key algorithm. */
    static void trustClient(TlsConfig config, X509Certificate[] chain) throws TlsAlertException {
        PeerVerifier verifier = verifier(config, "client");
        String alg = chain[0].getPublicKey().getAlgorithm();
        String authType = switch (alg) {
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> alg;
        };
        try {
            verifier.verifyClient(chain.clone(), authType);
        } catch (CertificateException e) {
            throw CertificateAlerts.rejected("client", e);
        }
    }

    private static PeerVerifier verifier(TlsConfig config, String whose) throws TlsAlertException {
        if (config.peerVerifier() == null) {
            throw new TlsAlertException(AlertDescription.CERTIFICATE_UNKNOWN,
                    "no trust manager is configured, so the " + whose + " cannot be authenticated");
        }
        return config.peerVerifier();
    }
}
