package dev.keel.tls.testutil;

import dev.keel.tls.jsse.KeelProvider;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
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
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small test PKI, generated with Bouncy Castle's certificate builders on first use and cached for
 * the JVM: one root CA (ECDSA P-256), a server certificate for "localhost" per {@link KeyType}
 * (subjectAltName dNSName "localhost" and iPAddress 127.0.0.1), and a client certificate. Keys come
 * from the JDK's generators, so the JDK's key and trust managers handle them like any user's keys.
 *
 * <p>Key stores are PKCS#12 with password {@link #PASSWORD}; key managers come from the JDK's
 * "SunX509" or "PKIX" factories, trust managers from its "PKIX" factory over a store holding the CA.
 */
public final class TestPki {
    /** Password of every key store and key here. */
    public static final char[] PASSWORD = "changeit".toCharArray();
    /** The host name on every server certificate. */
    public static final String HOST = "localhost";

    /** Server key types. */
    public enum KeyType {
        RSA_2048("RSA"),
        EC_P256("EC"),
        EC_P384("EC"),
        ED25519("Ed25519");

        private final String jcaKeyType;

        KeyType(String jcaKeyType) {
            this.jcaKeyType = jcaKeyType;
        }

        /** The key type in the names Keel's CredentialSelector uses: "RSA", "EC", "Ed25519". */
        public String jcaKeyType() {
            return jcaKeyType;
        }

        KeyPair generate() throws GeneralSecurityException {
            KeyPairGenerator g;
            switch (this) {
                case RSA_2048 -> {
                    g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                }
                case EC_P256 -> {
                    g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                }
                case EC_P384 -> {
                    g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp384r1"));
                }
                case ED25519 -> g = KeyPairGenerator.getInstance("Ed25519");
                default -> throw new AssertionError(this);
            }
            return g.generateKeyPair();
        }
    }

    /** A certificate chain (leaf first, CA last) and the leaf's private key. */
    public record Identity(X509Certificate[] chain, PrivateKey privateKey) {
        public Identity {
            chain = chain.clone();
        }

        @Override
        public X509Certificate[] chain() {
            return chain.clone();
        }

        public X509Certificate leaf() {
            return chain[0];
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static volatile TestPki instance;

    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final Map<KeyType, Identity> servers = new EnumMap<>(KeyType.class);
    private final Identity client;

    private TestPki() throws Exception {
        caKeys = KeyType.EC_P256.generate();
        X500Principal caName = new X500Principal("CN=Keel Test CA, O=Keel");
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caName, nextSerial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                caName, caKeys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
        caCert = sign(b, caKeys.getPrivate());
        for (KeyType t : KeyType.values()) {
            servers.put(t, issueWith(t.generate(), "CN=localhost, O=Keel " + t, List.of(HOST), List.of("127.0.0.1"),
                    now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), true));
        }
        client = issueWith(KeyType.EC_P256.generate(), "CN=Keel Test Client, O=Keel", List.of(), List.of(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), false);
    }

    private static TestPki pki() {
        TestPki p = instance;
        if (p == null) {
            synchronized (TestPki.class) {
                p = instance;
                if (p == null) {
                    try {
                        p = new TestPki();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot generate the test PKI", e);
                    }
                    instance = p;
                }
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ certificates

    /** The root CA certificate. */
    public static X509Certificate caCertificate() {
        return pki().caCert;
    }

    /** The server identity for "localhost" with a key of {@code type}. */
    public static Identity server(KeyType type) {
        return pki().servers.get(type);
    }

    /** The client identity (ECDSA P-256, extendedKeyUsage clientAuth). */
    public static Identity client() {
        return pki().client;
    }

    /**
     * A new leaf signed by the CA, for tests that need particular names or validity.
     *
     * @param subject the subject DN, e.g. "CN=example"
     * @param dnsNames subjectAltName dNSName entries (written as given)
     * @param ipAddresses subjectAltName iPAddress entries (IP literals)
     * @param serverAuth extendedKeyUsage serverAuth (true) or clientAuth (false)
     */
    public static Identity issue(KeyType type, String subject, List<String> dnsNames, List<String> ipAddresses,
            Instant notBefore, Instant notAfter, boolean serverAuth) {
        try {
            return pki().issueWith(type.generate(), subject, dnsNames, ipAddresses, notBefore, notAfter, serverAuth);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    /** A leaf valid from yesterday for a year, with the given dNSName entries and no iPAddress. */
    public static Identity issue(KeyType type, String subject, List<String> dnsNames) {
        Instant now = Instant.now();
        return issue(type, subject, dnsNames, List.of(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)),
                true);
    }

    private Identity issueWith(KeyPair keys, String subject, List<String> dnsNames, List<String> ipAddresses,
            Instant notBefore, Instant notAfter, boolean serverAuth) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, nextSerial(), Date.from(notBefore),
                Date.from(notAfter), new X500Principal(subject), keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        boolean rsa = keys.getPublic().getAlgorithm().equals("RSA");
        int usage = KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : 0);
        b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        b.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(serverAuth ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
        List<GeneralName> names = new ArrayList<>();
        for (String d : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, d));
        }
        for (String ip : ipAddresses) {
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        if (!names.isEmpty()) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
        }
        X509Certificate leaf = sign(b, caKeys.getPrivate());
        return new Identity(new X509Certificate[] {leaf, caCert}, keys.getPrivate());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey caKey) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(caKey);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static BigInteger nextSerial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    // ------------------------------------------------------------------ stores and managers

    /** A PKCS#12 store with each identity under the alias "key0", "key1", ... */
    public static KeyStore keyStore(Identity... identities) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < identities.length; i++) {
                ks.setKeyEntry("key" + i, identities[i].privateKey(), PASSWORD, identities[i].chain());
            }
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 store with the server identity of {@code type}. */
    public static KeyStore serverKeyStore(KeyType type) {
        return keyStore(server(type));
    }

    /** A PKCS#12 store with every server identity (RSA, P-256, P-384, Ed25519). */
    public static KeyStore allServersKeyStore() {
        return keyStore(pki().servers.values().toArray(new Identity[0]));
    }

    /** A store trusting the CA. */
    public static KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", caCertificate());
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JDK key manager ("SunX509" or "PKIX") over {@code store}. */
    public static X509ExtendedKeyManager keyManager(String algorithm, KeyStore store) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(algorithm);
            kmf.init(store, PASSWORD);
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509ExtendedKeyManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X509ExtendedKeyManager from " + algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509ExtendedKeyManager serverKeyManager(KeyType type, String algorithm) {
        return keyManager(algorithm, serverKeyStore(type));
    }

    public static X509ExtendedKeyManager clientKeyManager(String algorithm) {
        return keyManager(algorithm, keyStore(client()));
    }

    /** The JDK's PKIX trust manager trusting the CA. */
    public static X509ExtendedTrustManager trustManager() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trustStore());
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X509ExtendedTrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An initialised SSLContext of {@code protocol} ("TLSv1.3", "TLS") from {@code provider} ("SunJSSE",
     * "Keel", or {@code null} for the first that offers it), with the server identity of
     * {@code serverKey} (or no key manager when null) and the test trust manager.
     */
    public static SSLContext context(String protocol, String provider, KeyType serverKey) {
        try {
            SSLContext ctx;
            if (provider == null) {
                ctx = SSLContext.getInstance(protocol);
            } else if (provider.equals(KeelProvider.NAME)) {
                ctx = SSLContext.getInstance(protocol, new KeelProvider()); // no need to install it
            } else {
                ctx = SSLContext.getInstance(protocol, provider);
            }
            KeyManager[] kms = serverKey == null ? null : new KeyManager[] {serverKeyManager(serverKey, "PKIX")};
            ctx.init(kms, new TrustManager[] {trustManager()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
