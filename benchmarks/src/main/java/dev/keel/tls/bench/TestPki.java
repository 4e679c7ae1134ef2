package dev.keel.tls.bench;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI made at benchmark setup with bcpkix: one root CA and one server certificate per
 * {@link CertificateType}, the CA signing with the same key type as the leaf (so a client verifying the
 * chain pays for one signature of the kind under test).
 *
 * <p>The server sends only its leaf; the client trusts the root. Certificates are made once per JVM.
 */
public final class TestPki {
    /** The name in the server certificate, and the peer host the resumable client engines use. */
    public static final String SERVER_NAME = "server.keel.test";
    /** Password of the in-memory key stores (they never touch a disk). */
    static final char[] PASSWORD = "bench".toCharArray();

    private static final Map<CertificateType, TestPki> MADE = new EnumMap<>(CertificateType.class);

    private final X509Certificate root;
    private final X509Certificate leaf;
    private final KeyPair leafKeys;

    private TestPki(X509Certificate root, X509Certificate leaf, KeyPair leafKeys) {
        this.root = root;
        this.leaf = leaf;
        this.leafKeys = leafKeys;
    }

    /** The PKI for a certificate type, made on first use. */
    public static synchronized TestPki of(CertificateType type) {
        return MADE.computeIfAbsent(type, TestPki::make);
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate leaf() {
        return leaf;
    }

    /** A key store holding the server's private key and its chain (the leaf only) under alias "server". */
    public KeyStore serverKeyStore() throws GeneralSecurityException {
        KeyStore ks = emptyKeyStore();
        ks.setKeyEntry("server", leafKeys.getPrivate(), PASSWORD, new X509Certificate[] {leaf});
        return ks;
    }

    /** A key store holding the root CA as the only trust anchor. */
    public KeyStore trustStore() throws GeneralSecurityException {
        KeyStore ks = emptyKeyStore();
        ks.setCertificateEntry("root", root);
        return ks;
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an empty PKCS12 key store", e);
        }
        return ks;
    }

    private static TestPki make(CertificateType type) {
        try {
            KeyPair rootKeys = generate(type);
            KeyPair leafKeys = generate(type);
            X500Principal rootName = new X500Principal("CN=Keel Bench Root " + type);
            X509Certificate root = sign(
                    new JcaX509v3CertificateBuilder(rootName, serial(), notBefore(), notAfter(), rootName,
                            rootKeys.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                            .addExtension(Extension.keyUsage, true,
                                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                    type, rootKeys);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            // RSA keys may also encipher (TLS 1.2 RSA key transport); EC keys only sign here.
            int usage = KeyUsage.digitalSignature
                    | (type == CertificateType.RSA_2048 ? KeyUsage.keyEncipherment : 0);
            X509Certificate leaf = sign(
                    new JcaX509v3CertificateBuilder(root, serial(), notBefore(), notAfter(),
                            new X500Principal("CN=" + SERVER_NAME), leafKeys.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                            .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                            .addExtension(Extension.extendedKeyUsage, false,
                                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                            .addExtension(Extension.subjectAlternativeName, false,
                                    new GeneralNames(new GeneralName(GeneralName.dNSName, SERVER_NAME)))
                            .addExtension(Extension.authorityKeyIdentifier, false,
                                    ext.createAuthorityKeyIdentifier(root))
                            .addExtension(Extension.subjectKeyIdentifier, false,
                                    ext.createSubjectKeyIdentifier(leafKeys.getPublic())),
                    type, rootKeys);
            return new TestPki(root, leaf, leafKeys);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make the " + type + " test certificates: " + e, e);
        }
    }

    private static KeyPair generate(CertificateType type) throws GeneralSecurityException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance(type.keyAlgorithm());
        if (type == CertificateType.ECDSA_P256) {
            kpg.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            kpg.initialize(2048);
        }
        return kpg.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, CertificateType type, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        String algorithm = type == CertificateType.ECDSA_P256 ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofDays(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(30)));
    }
}
