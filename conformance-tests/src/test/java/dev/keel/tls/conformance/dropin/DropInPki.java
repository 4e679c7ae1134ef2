package dev.keel.tls.conformance.dropin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The files a drop-in run needs, made fresh in a directory: a test CA (ECDSA P-256), a server
 * certificate it issued for {@code localhost} / 127.0.0.1, and the same material in the forms each
 * server and client takes: PKCS#12 for Java ({@code javax.net.ssl.keyStore}, Jetty), PEM for openssl,
 * a PKCS#12 trust store holding only the CA for {@code javax.net.ssl.trustStore}.
 */
record DropInPki(Path serverKeyStore, Path trustStore, Path serverCertPem, Path serverKeyPem,
        X509Certificate serverCertificate) {
    static final String PASSWORD = "changeit";

    static DropInPki create(Path dir) throws GeneralSecurityException, IOException {
        KeyPair caKeys = ecKeyPair();
        X500Name caName = new X500Name("CN=Keel drop-in test CA");
        X509v3CertificateBuilder ca = builder(caName, caName, caKeys);
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate caCert = sign(ca, caKeys.getPrivate());

        KeyPair serverKeys = ecKeyPair();
        X509v3CertificateBuilder server = builder(caName, new X500Name("CN=localhost"), serverKeys);
        server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        X509Certificate serverCert = sign(server, caKeys.getPrivate());

        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverKeys.getPrivate(), PASSWORD.toCharArray(),
                new X509Certificate[] {serverCert, caCert});
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCert);

        Path keyStoreFile = store(dir.resolve("server.p12"), keys);
        Path trustFile = store(dir.resolve("trust.p12"), trust);
        Path certPem = pem(dir.resolve("server-cert.pem"), serverCert);
        Path keyPem = pkcs8Pem(dir.resolve("server-key.pem"), serverKeys.getPrivate());
        return new DropInPki(keyStoreFile, trustFile, certPem, keyPem, serverCert);
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()).add(
                BigInteger.valueOf(subject.hashCode() & 0xffff)), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static Path store(Path file, KeyStore ks) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    /** An unencrypted PKCS#8 "PRIVATE KEY" (RFC 7468 section 10), which every openssl reads. */
    private static Path pkcs8Pem(Path file, PrivateKey key) throws IOException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
        return file;
    }

    private static Path pem(Path file, Object object) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(object);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write(s.toString());
        }
        return file;
    }
}
