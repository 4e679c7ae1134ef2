package dev.keel.tls.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.handshake.CertificateAlerts;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Alerts for the exceptions the JDK's own PKIX trust manager throws. */
class CertificateAlertsTest {
    private static final X509TrustManager JDK_PKIX = TestPki.trustManager();

    private static AlertDescription alertForJdkRejection(X509Certificate[] chain) {
        CertificateException e = assertThrows(CertificateException.class,
                () -> JDK_PKIX.checkServerTrusted(chain, "UNKNOWN"));
        TlsAlertException alert = CertificateAlerts.rejected("server", e);
        assertSame(e, alert.getCause());
        return alert.alert();
    }

    @Test
    void untrustedIssuerIsUnknownCa() throws Exception {
        var g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var keys = g.generateKeyPair();
        X500Principal name = new X500Principal("CN=Stranger");
        var holder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(1))), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        X509Certificate selfSigned = new JcaX509CertificateConverter().getCertificate(holder);
        assertEquals(AlertDescription.UNKNOWN_CA, alertForJdkRejection(new X509Certificate[] {selfSigned}));
    }

    @Test
    void expiredLeafIsCertificateExpired() {
        Instant now = Instant.now();
        var expired = TestPki.issue(KeyType.EC_P256, "CN=old", List.of("localhost"), List.of(),
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), true);
        assertEquals(AlertDescription.CERTIFICATE_EXPIRED, alertForJdkRejection(expired.chain()));
    }

    @Test
    void directMappings() {
        assertEquals(AlertDescription.CERTIFICATE_EXPIRED,
                CertificateAlerts.alertFor(new CertificateExpiredException("x")));
        assertEquals(AlertDescription.BAD_CERTIFICATE, CertificateAlerts.alertFor(new CertificateParsingException("x")));
        assertEquals(AlertDescription.CERTIFICATE_UNKNOWN,
                CertificateAlerts.alertFor(new CertificateException("No subject alternative DNS name matching x")));
        assertEquals(AlertDescription.CERTIFICATE_REVOKED, CertificateAlerts.alertFor(new CertificateException("r",
                new CertPathValidatorException("r", null, null, -1, CertPathValidatorException.BasicReason.REVOKED))));
        assertEquals(AlertDescription.BAD_CERTIFICATE, CertificateAlerts.alertFor(new CertificateException("s",
                new CertPathValidatorException("s", null, null, -1,
                        CertPathValidatorException.BasicReason.INVALID_SIGNATURE))));
    }
}
