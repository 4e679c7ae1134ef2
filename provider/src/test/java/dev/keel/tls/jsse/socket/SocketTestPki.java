package dev.keel.tls.jsse.socket;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed EC P-256 certificates (made with Bouncy Castle's certificate builder) and SunJSSE
 * contexts for the socket tests. Every context has its own identity and trusts {@link #TRUSTED}; the
 * identity is valid for {@code localhost}, {@value #TEST_HOST} and 127.0.0.1.
 */
final class SocketTestPki {
    /** A name only the certificate knows: used for SNI and endpoint identification over loopback. */
    static final String TEST_HOST = "keel.test";

    static final char[] PASSWORD = "changeit".toCharArray();

    /** The identity every "good" context presents and trusts. */
    static final Identity TRUSTED = Identity.create("CN=Keel socket test");
    /** Another identity, trusted by nobody. */
    static final Identity STRANGER = Identity.create("CN=Keel socket stranger");

    private SocketTestPki() {
    }

    /**
     * Which provider's engines the socket layer runs over: Keel's own (the default, the product) or
     * SunJSSE's ({@code -Dkeel.socket.engines=SunJSSE}), which is how the socket layer was first proven
     * independently of Keel's engine.
     */
    static final String ENGINES = System.getProperty("keel.socket.engines", "Keel");

    /** A TLS context presenting {@link #TRUSTED} and trusting it. */
    static SSLContext context() {
        return context(TRUSTED, TRUSTED);
    }

    /** A TLS context (see {@link #ENGINES}) that presents {@code own} and trusts only {@code trusted}. */
    static SSLContext context(Identity own, Identity trusted) {
        SSLContext context = build(ENGINES, own, trusted);
        synchronized (TWINS) {
            TWINS.put(context, new Identity[] {own, trusted});
        }
        return context;
    }

    private static final java.util.Map<SSLContext, Identity[]> TWINS = new java.util.WeakHashMap<>();

    /**
     * The SunJSSE context with the same identity and trust as {@code context}: the "JDK peer" of the
     * interop tests must be the JDK's own sockets whatever engines Keel's sockets run over.
     */
    static SSLContext jdkTwin(SSLContext context) {
        if (context.getProvider().getName().equals("SunJSSE")) {
            return context;
        }
        Identity[] ids;
        synchronized (TWINS) {
            ids = TWINS.get(context);
        }
        if (ids == null) {
            throw new IllegalArgumentException("not a context made by SocketTestPki");
        }
        return build("SunJSSE", ids[0], ids[1]);
    }

    private static SSLContext build(String provider, Identity own, Identity trusted) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(own.keyStore(), PASSWORD);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("trusted", trusted.certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext context = provider.equals("SunJSSE") ? SSLContext.getInstance("TLS", "SunJSSE")
                    : SSLContext.getInstance("TLS", new dev.keel.tls.jsse.KeelProvider());
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key pair and the self-signed certificate for it. */
    static final class Identity {
        final KeyPair keyPair;
        final X509Certificate certificate;

        private Identity(KeyPair keyPair, X509Certificate certificate) {
            this.keyPair = keyPair;
            this.certificate = certificate;
        }

        static Identity create(String subject) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair keyPair = generator.generateKeyPair();
                X500Name name = new X500Name(subject);
                Instant now = Instant.now();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(Duration.ofDays(2))), name, keyPair.getPublic());
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.dNSName, TEST_HOST),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                }));
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
                return new Identity(keyPair, certificate);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create test certificate", e);
            }
        }

        KeyStore keyStore() throws GeneralSecurityException, java.io.IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", keyPair.getPrivate(), PASSWORD, new X509Certificate[] {certificate});
            return store;
        }
    }

    /** 127.0.0.1 under the name {@link #TEST_HOST}, with no DNS involved. */
    static InetAddress testHostAddress() {
        try {
            return InetAddress.getByAddress(TEST_HOST, new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
