package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXReason;

/**
 * Turns a {@link dev.keel.tls.config.PeerVerifier}'s {@link CertificateException} into the alert RFC 8446 section 6.2
 * names for it, keeping the exception as the cause (the JSSE layer hands that cause to the
 * application, as SunJSSE does). The handshake calls {@link #rejected} when verification fails.
 *
 * <ul>
 *   <li>certificate_expired: "a certificate has expired or is not currently valid";
 *   <li>certificate_revoked: revoked by its signer;
 *   <li>unknown_ca: no path to a trust anchor (PKIX path building failed, no trust anchor);
 *   <li>bad_certificate: corrupt, badly signed or unparseable;
 *   <li>certificate_unknown: any other reason (the trust manager's policy, a host name mismatch).
 * </ul>
 */
public final class CertificateAlerts {
    private CertificateAlerts() {
    }

    /** The alert for a verifier's rejection, with a reason naming {@code whose} chain ("server"). */
    public static TlsAlertException rejected(String whose, CertificateException e) {
        return new TlsAlertException(alertFor(e), whose + " certificate rejected: " + e.getMessage(), e);
    }

    /** The alert for {@code e}, looking through its causes. */
    public static AlertDescription alertFor(CertificateException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            AlertDescription a = alertForOne(t);
            if (a != null) {
                return a;
            }
        }
        return AlertDescription.CERTIFICATE_UNKNOWN;
    }

    private static AlertDescription alertForOne(Throwable t) {
        if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
            return AlertDescription.CERTIFICATE_EXPIRED;
        }
        if (t instanceof CertificateRevokedException) {
            return AlertDescription.CERTIFICATE_REVOKED;
        }
        if (t instanceof CertificateParsingException || t instanceof CertificateEncodingException) {
            return AlertDescription.BAD_CERTIFICATE;
        }
        if (t instanceof CertPathBuilderException) {
            return AlertDescription.UNKNOWN_CA;
        }
        if (t instanceof CertPathValidatorException v && v.getReason() instanceof BasicReason r) {
            return switch (r) {
                case EXPIRED, NOT_YET_VALID -> AlertDescription.CERTIFICATE_EXPIRED;
                case REVOKED -> AlertDescription.CERTIFICATE_REVOKED;
                case UNDETERMINED_REVOCATION_STATUS -> AlertDescription.CERTIFICATE_UNKNOWN;
                case INVALID_SIGNATURE, ALGORITHM_CONSTRAINED -> AlertDescription.BAD_CERTIFICATE;
                case UNSPECIFIED -> null;
            };
        }
        if (t instanceof CertPathValidatorException v && v.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            return AlertDescription.UNKNOWN_CA;
        }
        return null;
    }
}
