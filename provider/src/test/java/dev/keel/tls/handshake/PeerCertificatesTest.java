package dev.keel.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Decoding a peer's chain: whatever the DER, the result is a certificate or bad_certificate. */
class PeerCertificatesTest {

    /**
     * A KeyUsage extension whose BIT STRING is empty ({@code 03 00}): the JDK's X.509 parser (17 and 25)
     * fails on it with ArrayIndexOutOfBoundsException instead of a CertificateException. Found by the
     * engine fuzz test; Keel must report bad_certificate and not carry the runtime exception along.
     */
    @Test
    void emptyKeyUsageBitStringIsBadCertificate() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = kpg.generateKeyPair();
        X500Name name = new X500Name("CN=empty key usage");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 3_600_000),
                name, kp.getPublic());
        b.addExtension(Extension.keyUsage, true, new byte[] {0x03, 0x00});
        byte[] der = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();

        TlsAlertException e = assertThrows(TlsAlertException.class, () -> PeerCertificates.decode(List.of(der)));
        assertEquals(AlertDescription.BAD_CERTIFICATE, e.alert());
        assertTrue(e.getMessage().startsWith("certificate 0 of the peer's chain cannot be decoded"), e.getMessage());
        assertNull(e.getCause(), "the parser's runtime exception is reported in words, not as a cause");
    }

    @Test
    void garbageIsBadCertificate() {
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> PeerCertificates.decode(List.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00})));
        assertEquals(AlertDescription.BAD_CERTIFICATE, e.alert());
    }

    @Test
    void theSameDerDecodesToTheSameCertificateAndOnlyItDoes() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = kpg.generateKeyPair();
        X500Name name = new X500Name("CN=decoded once");
        byte[] der = new JcaX509v3CertificateBuilder(name, BigInteger.TWO,
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 3_600_000),
                name, kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))
                .getEncoded();
        java.security.cert.X509Certificate jdk = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));

        byte[] mine = der.clone();
        java.security.cert.X509Certificate first = PeerCertificates.decode(List.of(mine))[0];
        assertEquals(jdk, first);
        mine[mine.length - 1] ^= 1; // the caller's array changing later does not reach the cache
        assertSame(first, PeerCertificates.decode(List.of(der.clone()))[0]);
        java.security.cert.X509Certificate flipped = PeerCertificates.decode(List.of(mine))[0];
        assertArrayEquals(mine, flipped.getEncoded(), "a bit flipped in the signature: another certificate");
    }
}
