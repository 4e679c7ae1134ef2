package dev.keel.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignaturesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = message();

    /** One JDK-generated key pair per scheme. */
    private static final Map<SignatureScheme, KeyPair> KEYS = new EnumMap<>(SignatureScheme.class);
    private static KeyPair p256;
    private static KeyPair p384;
    private static KeyPair p521;
    private static KeyPair rsa;
    private static KeyPair rsaPss;
    private static KeyPair ed25519;
    private static KeyPair ed448;

    private static byte[] message() {
        // Shaped like a TLS 1.3 CertificateVerify input (RFC 8446 4.4.3): 64 spaces, context, 0, hash.
        byte[] m = new byte[64 + 33 + 1 + 48];
        java.util.Arrays.fill(m, 0, 64, (byte) 0x20);
        byte[] context = "TLS 1.3, server CertificateVerify".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(context, 0, m, 64, context.length);
        for (int i = 98; i < m.length; i++) {
            m[i] = (byte) i;
        }
        return m;
    }

    @BeforeAll
    static void generateKeys() throws Exception {
        p256 = ec("secp256r1");
        p384 = ec("secp384r1");
        p521 = ec("secp521r1");
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        rsa = rsaGen.generateKeyPair();
        KeyPairGenerator pssGen = KeyPairGenerator.getInstance("RSASSA-PSS");
        pssGen.initialize(2048);
        rsaPss = pssGen.generateKeyPair();
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        for (SignatureScheme s : SignatureScheme.values()) {
            KEYS.put(s, switch (s) {
                case ECDSA_SECP256R1_SHA256, ECDSA_SHA1 -> p256;
                case ECDSA_SECP384R1_SHA384 -> p384;
                case ECDSA_SECP521R1_SHA512 -> p521;
                case RSA_PKCS1_SHA1, RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512,
                        RSA_PSS_RSAE_SHA256, RSA_PSS_RSAE_SHA384, RSA_PSS_RSAE_SHA512 -> rsa;
                case RSA_PSS_PSS_SHA256, RSA_PSS_PSS_SHA384, RSA_PSS_PSS_SHA512 -> rsaPss;
                case ED25519 -> ed25519;
                case ED448 -> ed448;
            });
        }
        Security.addProvider(new OpaqueKeyProvider());
    }

    @AfterAll
    static void removeTestProvider() {
        Security.removeProvider(OpaqueKeyProvider.NAME);
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    /** A JDK Signature set up as the RFC says for the scheme; independent of Keel's own code. */
    private static Signature jdkSignature(SignatureScheme scheme) throws Exception {
        String hash = switch (scheme) {
            case RSA_PKCS1_SHA1, ECDSA_SHA1 -> "SHA-1";
            case RSA_PKCS1_SHA256, ECDSA_SECP256R1_SHA256, RSA_PSS_RSAE_SHA256, RSA_PSS_PSS_SHA256 -> "SHA-256";
            case RSA_PKCS1_SHA384, ECDSA_SECP384R1_SHA384, RSA_PSS_RSAE_SHA384, RSA_PSS_PSS_SHA384 -> "SHA-384";
            case RSA_PKCS1_SHA512, ECDSA_SECP521R1_SHA512, RSA_PSS_RSAE_SHA512, RSA_PSS_PSS_SHA512 -> "SHA-512";
            default -> null;
        };
        String jcaHash = hash == null ? null : hash.replace("-", "");
        return switch (scheme) {
            case RSA_PKCS1_SHA1, RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512 ->
                    Signature.getInstance(jcaHash + "withRSA");
            case ECDSA_SHA1, ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384, ECDSA_SECP521R1_SHA512 ->
                    Signature.getInstance(jcaHash + "withECDSA");
            case ED25519 -> Signature.getInstance("Ed25519");
            case ED448 -> Signature.getInstance("Ed448");
            default -> Signature.getInstance("RSASSA-PSS");
        };
    }

    private static void setPss(Signature s, SignatureScheme scheme) throws Exception {
        int hashLength = switch (scheme) {
            case RSA_PSS_RSAE_SHA256, RSA_PSS_PSS_SHA256 -> 32;
            case RSA_PSS_RSAE_SHA384, RSA_PSS_PSS_SHA384 -> 48;
            case RSA_PSS_RSAE_SHA512, RSA_PSS_PSS_SHA512 -> 64;
            default -> 0;
        };
        if (hashLength > 0) {
            String hash = "SHA-" + (hashLength * 8);
            s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), hashLength, 1));
        }
    }

    private static boolean jdkVerify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] sig)
            throws Exception {
        Signature s = jdkSignature(scheme);
        s.initVerify(key);
        setPss(s, scheme);
        s.update(message);
        return s.verify(sig);
    }

    private static byte[] jdkSign(SignatureScheme scheme, PrivateKey key, byte[] message) throws Exception {
        Signature s = jdkSignature(scheme);
        s.initSign(key, RANDOM);
        setPss(s, scheme);
        s.update(message);
        return s.sign();
    }

    private static boolean signsWithSha1(SignatureScheme s) {
        return s == SignatureScheme.RSA_PKCS1_SHA1 || s == SignatureScheme.ECDSA_SHA1;
    }

    // ---- round trips with the JDK ----

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void keelSignsAndJdkVerifies(SignatureScheme scheme) throws Exception {
        KeyPair kp = KEYS.get(scheme);
        if (signsWithSha1(scheme)) {
            TlsAlertException e = assertThrows(TlsAlertException.class,
                    () -> scheme.sign(kp.getPrivate(), MESSAGE, RANDOM));
            assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
            return;
        }
        for (int i = 0; i < 3; i++) { // the second and third signatures use the cached key parameters
            byte[] sig = scheme.sign(kp.getPrivate(), MESSAGE, RANDOM);
            assertTrue(jdkVerify(scheme, kp.getPublic(), MESSAGE, sig), scheme.rfcName());
            assertTrue(scheme.verify(kp.getPublic(), MESSAGE, sig));
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void jdkSignsAndKeelVerifies(SignatureScheme scheme) throws Exception {
        KeyPair kp = KEYS.get(scheme);
        byte[] sig = jdkSign(scheme, kp.getPrivate(), MESSAGE);
        assertTrue(scheme.verify(kp.getPublic(), MESSAGE, sig), scheme.rfcName());
        byte[] otherMessage = MESSAGE.clone();
        otherMessage[otherMessage.length - 1] ^= 1;
        assertFalse(scheme.verify(kp.getPublic(), otherMessage, sig));
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void tamperedSignaturesDoNotVerify(SignatureScheme scheme) throws Exception {
        KeyPair kp = KEYS.get(scheme);
        byte[] sig = jdkSign(scheme, kp.getPrivate(), MESSAGE);
        for (int position : new int[] {0, 1, sig.length / 2, sig.length - 1}) {
            byte[] tampered = sig.clone();
            tampered[position] ^= 0x01;
            assertFalse(scheme.verify(kp.getPublic(), MESSAGE, tampered), "byte " + position);
        }
        assertFalse(scheme.verify(kp.getPublic(), MESSAGE, java.util.Arrays.copyOf(sig, sig.length - 1)));
        assertFalse(scheme.verify(kp.getPublic(), MESSAGE, java.util.Arrays.copyOf(sig, sig.length + 1)));
        assertFalse(scheme.verify(kp.getPublic(), MESSAGE, new byte[0]));
        assertFalse(scheme.verify(kp.getPublic(), MESSAGE, null));
        assertFalse(scheme.verify(kp.getPublic(), null, sig));
        assertFalse(scheme.verify(null, MESSAGE, sig));
        byte[] garbage = new byte[sig.length];
        RANDOM.nextBytes(garbage);
        assertFalse(scheme.verify(kp.getPublic(), MESSAGE, garbage));
    }

    @ParameterizedTest
    @EnumSource(value = SignatureScheme.class, names = {"ECDSA_SECP256R1_SHA256", "ECDSA_SECP384R1_SHA384",
            "ECDSA_SECP521R1_SHA512", "ECDSA_SHA1"})
    void garbageDerDoesNotVerify(SignatureScheme scheme) throws Exception {
        KeyPair kp = KEYS.get(scheme);
        byte[] sig = jdkSign(scheme, kp.getPrivate(), MESSAGE);
        String[] garbage = {
            "", "30", "3000", "300602010102", "3006020101020101ff", "0500", "300602010002010001",
            "30060201010201", "3008020101020101" + "0000", "3106020101020101",
        };
        for (String g : garbage) {
            assertFalse(scheme.verify(kp.getPublic(), MESSAGE, HexFormat.of().parseHex(g)), g);
        }
        // The same r and s, but not canonical DER: a length in long form, an extra zero before r.
        byte[] longForm = new byte[sig.length + 1];
        longForm[0] = 0x30;
        longForm[1] = (byte) 0x81;
        System.arraycopy(sig, 1, longForm, 2, sig.length - 1);
        if (sig[1] < 0x80) {
            assertFalse(scheme.verify(kp.getPublic(), MESSAGE, longForm));
        }
        int rLength = sig[3 + (sig[1] == (byte) 0x81 ? 1 : 0)];
        byte[] paddedR = derWithExtraZeroInR(sig);
        if (paddedR != null) {
            assertFalse(scheme.verify(kp.getPublic(), MESSAGE, paddedR), "r length " + rLength);
        }
        // r = 0 and s = 0 are out of range (ANSI X9.62): never accepted.
        assertFalse(scheme.verify(kp.getPublic(), MESSAGE, HexFormat.of().parseHex("3006020100020100")));
    }

    /** sig with a superfluous leading zero byte in r's INTEGER (only built for short-form lengths). */
    private static byte[] derWithExtraZeroInR(byte[] sig) {
        if (sig[1] < 0 || sig[1] + 1 >= 0x80) {
            return null;
        }
        int rLen = sig[3];
        byte[] out = new byte[sig.length + 1];
        out[0] = 0x30;
        out[1] = (byte) (sig[1] + 1);
        out[2] = 0x02;
        out[3] = (byte) (rLen + 1);
        out[4] = 0;
        System.arraycopy(sig, 4, out, 5, sig.length - 4);
        return out;
    }

    // ---- RFC 8032 7.1 ----

    private static final String ED25519_PKCS8_PREFIX = "302e020100300506032b657004220420";
    private static final String ED25519_X509_PREFIX = "302a300506032b6570032100";

    @Test
    void ed25519Rfc8032Test1And2() throws Exception {
        checkEd25519Vector(
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
                        + "d25bf5f0595bbe24655141438e7a100b");
        checkEd25519Vector(
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c"
                        + "387b2eaeb4302aeeb00d291612bb0c00");
    }

    private static void checkEd25519Vector(String secret, String pub, String message, String signature)
            throws Exception {
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        PrivateKey privateKey = kf.generatePrivate(
                new PKCS8EncodedKeySpec(HexFormat.of().parseHex(ED25519_PKCS8_PREFIX + secret)));
        PublicKey publicKey = kf.generatePublic(
                new X509EncodedKeySpec(HexFormat.of().parseHex(ED25519_X509_PREFIX + pub)));
        byte[] m = HexFormat.of().parseHex(message);
        byte[] expected = HexFormat.of().parseHex(signature);
        assertArrayEquals(expected, SignatureScheme.ED25519.sign(privateKey, m, RANDOM));
        assertTrue(SignatureScheme.ED25519.verify(publicKey, m, expected));
        expected[10] ^= 0x40;
        assertFalse(SignatureScheme.ED25519.verify(publicKey, m, expected));
    }

    // ---- compatibility ----

    @Test
    void tls13BindsTheEcdsaCurve() throws Exception {
        assertTrue(SignatureScheme.ECDSA_SECP256R1_SHA256.isCompatibleWith(p256.getPublic()));
        assertFalse(SignatureScheme.ECDSA_SECP256R1_SHA256.isCompatibleWith(p384.getPublic()));
        assertFalse(SignatureScheme.ECDSA_SECP384R1_SHA384.isCompatibleWith(p256.getPublic()));
        assertFalse(SignatureScheme.ECDSA_SECP521R1_SHA512.isCompatibleWith(p384.getPublic()));
        assertTrue(SignatureScheme.ECDSA_SECP521R1_SHA512.isCompatibleWith(p521.getPublic()));
        // TLS 1.2 does not bind it.
        assertTrue(SignatureScheme.ECDSA_SECP256R1_SHA256.isCompatibleInTls12With(p384.getPublic()));
        assertTrue(SignatureScheme.ECDSA_SHA1.isCompatibleWith(p521.getPublic()));
        // ... and then sign/verify use the scheme's hash on the key's curve.
        byte[] sig = SignatureScheme.ECDSA_SECP256R1_SHA256.sign(p384.getPrivate(), MESSAGE, RANDOM);
        assertTrue(jdkVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, p384.getPublic(), MESSAGE, sig));
    }

    @Test
    void curvesAreRecognisedByParametersNotNames() throws Exception {
        // Bouncy Castle's JCA keys carry the same curves under its own parameter classes.
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", bc);
        g.initialize(new ECGenParameterSpec("P-256"));
        KeyPair bcP256 = g.generateKeyPair();
        assertTrue(SignatureScheme.ECDSA_SECP256R1_SHA256.isCompatibleWith(bcP256.getPublic()));
        byte[] sig = SignatureScheme.ECDSA_SECP256R1_SHA256.sign(bcP256.getPrivate(), MESSAGE, RANDOM);
        assertTrue(jdkVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, bcP256.getPublic(), MESSAGE, sig));
        // A curve with the same field size but other parameters is not secp256r1.
        g.initialize(new ECGenParameterSpec("brainpoolP256r1"));
        KeyPair brainpool = g.generateKeyPair();
        assertFalse(SignatureScheme.ECDSA_SECP256R1_SHA256.isCompatibleWith(brainpool.getPublic()));
        assertTrue(SignatureScheme.ECDSA_SECP256R1_SHA256.isCompatibleInTls12With(brainpool.getPublic()));
        // Not one of Keel's curves: no Bouncy Castle fast path (such keys go to the JCA).
        assertNull(EcdsaBackend.publicParameters(brainpool.getPublic()));
        assertNull(EcdsaBackend.privateParameters(brainpool.getPrivate()));
    }

    @Test
    void keyKindsMustMatchTheScheme() {
        assertTrue(SignatureScheme.RSA_PSS_RSAE_SHA256.isCompatibleWith(rsa.getPublic()));
        assertFalse(SignatureScheme.RSA_PSS_PSS_SHA256.isCompatibleWith(rsa.getPublic()));
        assertTrue(SignatureScheme.RSA_PSS_PSS_SHA256.isCompatibleWith(rsaPss.getPublic()));
        assertFalse(SignatureScheme.RSA_PSS_RSAE_SHA256.isCompatibleWith(rsaPss.getPublic()));
        assertFalse(SignatureScheme.RSA_PKCS1_SHA256.isCompatibleWith(rsaPss.getPublic()));
        assertTrue(SignatureScheme.RSA_PKCS1_SHA256.isCompatibleWith(rsa.getPublic()));
        assertFalse(SignatureScheme.ED25519.isCompatibleWith(ed448.getPublic()));
        assertFalse(SignatureScheme.ED448.isCompatibleWith(ed25519.getPublic()));
        assertTrue(SignatureScheme.ED25519.isCompatibleWith(ed25519.getPublic()));
        assertTrue(SignatureScheme.ED448.isCompatibleWith(ed448.getPublic()));
        assertFalse(SignatureScheme.ECDSA_SECP256R1_SHA256.isCompatibleWith(rsa.getPublic()));
        assertFalse(SignatureScheme.RSA_PSS_RSAE_SHA256.isCompatibleWith(p256.getPublic()));
        assertFalse(SignatureScheme.ED25519.isCompatibleWith(null));
    }

    @Test
    void wrongKeyKindsDoNotVerifyAndDoNotSign() throws Exception {
        byte[] pssSig = jdkSign(SignatureScheme.RSA_PSS_RSAE_SHA256, rsa.getPrivate(), MESSAGE);
        // Same math, but a PSS signature from an rsaEncryption key is not rsa_pss_pss_* (RFC 8446 4.2.3).
        assertFalse(SignatureScheme.RSA_PSS_PSS_SHA256.verify(rsa.getPublic(), MESSAGE, pssSig));
        byte[] edSig = jdkSign(SignatureScheme.ED25519, ed25519.getPrivate(), MESSAGE);
        assertFalse(SignatureScheme.ED448.verify(ed25519.getPublic(), MESSAGE, edSig));
        assertFalse(SignatureScheme.ECDSA_SECP256R1_SHA256.verify(rsa.getPublic(), MESSAGE, pssSig));

        for (Object[] c : new Object[][] {
                {SignatureScheme.RSA_PSS_PSS_SHA256, rsa.getPrivate()},
                {SignatureScheme.RSA_PSS_RSAE_SHA256, rsaPss.getPrivate()},
                {SignatureScheme.ECDSA_SECP256R1_SHA256, rsa.getPrivate()},
                {SignatureScheme.ED25519, ed448.getPrivate()},
                {SignatureScheme.ED448, p256.getPrivate()}}) {
            SignatureScheme scheme = (SignatureScheme) c[0];
            TlsAlertException e = assertThrows(TlsAlertException.class,
                    () -> scheme.sign((PrivateKey) c[1], MESSAGE, RANDOM));
            assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void pssNeedsAModulusLargeEnoughForTheHash() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair small = g.generateKeyPair();
        // RFC 8017 9.1.1: emLen >= 2 hLen + 2; a 1024-bit key has emLen 128 < 130 for SHA-512.
        assertTrue(SignatureScheme.RSA_PSS_RSAE_SHA256.isCompatibleWith(small.getPublic()));
        assertTrue(SignatureScheme.RSA_PSS_RSAE_SHA384.isCompatibleWith(small.getPublic()));
        assertFalse(SignatureScheme.RSA_PSS_RSAE_SHA512.isCompatibleWith(small.getPublic()));
        // Signing anyway fails with internal_error, not a raw exception.
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> SignatureScheme.RSA_PSS_RSAE_SHA512.sign(small.getPrivate(), MESSAGE, RANDOM));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
    }

    @Test
    void pssKeyParametersRestrictTheHash() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSASSA-PSS");
        PSSParameterSpec sha256Only = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        g.initialize(new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4, sha256Only));
        KeyPair restricted = g.generateKeyPair();
        assertTrue(SignatureScheme.RSA_PSS_PSS_SHA256.isCompatibleWith(restricted.getPublic()));
        assertFalse(SignatureScheme.RSA_PSS_PSS_SHA384.isCompatibleWith(restricted.getPublic()));
        assertFalse(SignatureScheme.RSA_PSS_RSAE_SHA256.isCompatibleWith(restricted.getPublic()));
        byte[] sig = SignatureScheme.RSA_PSS_PSS_SHA256.sign(restricted.getPrivate(), MESSAGE, RANDOM);
        assertTrue(jdkVerify(SignatureScheme.RSA_PSS_PSS_SHA256, restricted.getPublic(), MESSAGE, sig));
    }

    // ---- keys without extractable material ----

    @ParameterizedTest
    @EnumSource(value = SignatureScheme.class, names = {"ECDSA_SECP256R1_SHA256", "ECDSA_SECP384R1_SHA384",
            "RSA_PSS_RSAE_SHA256", "RSA_PKCS1_SHA256", "RSA_PSS_PSS_SHA384", "ED25519", "ED448"})
    void opaqueKeysAreSignedByTheirOwnProvider(SignatureScheme scheme) throws Exception {
        KeyPair kp = KEYS.get(scheme);
        PrivateKey opaque = new OpaqueKeyProvider.OpaqueKey(kp.getPrivate());
        assertNull(EcdsaBackend.privateParameters(opaque));
        assertNull(EdDsaBackend.privateParameters(opaque));

        int before = OpaqueKeyProvider.SIGNATURES.get();
        byte[] sig = scheme.sign(opaque, MESSAGE, RANDOM);
        assertEquals(before + 1, OpaqueKeyProvider.SIGNATURES.get(), "the key's own provider signed");
        assertTrue(jdkVerify(scheme, kp.getPublic(), MESSAGE, sig));
    }

    @Test
    void keysWithMaterialTakeTheFastPath() {
        assertNotNull(EcdsaBackend.privateParameters(p256.getPrivate()));
        // EcdsaBackend.sign sends P-256 keys to Keel's own ECDSA by the identity of these parameters.
        assertSame(NistCurve.P256.domain(), EcdsaBackend.privateParameters(p256.getPrivate()).getParameters());
        assertEquals(NistCurve.P256, EcdsaBackend.curveOf(p256.getPublic()));
        assertEquals(NistCurve.P384, EcdsaBackend.curveOf(p384.getPublic()));
        assertNull(EcdsaBackend.curveOf(rsa.getPublic()));
        assertNotNull(EcdsaBackend.privateParameters(p521.getPrivate()));
        assertNotNull(EdDsaBackend.privateParameters(ed25519.getPrivate()));
        assertNotNull(EdDsaBackend.privateParameters(ed448.getPrivate()));
        assertNotNull(EcdsaBackend.publicParameters(p384.getPublic()));
        assertNotNull(EdDsaBackend.publicParameters(ed448.getPublic()));
    }

    @Test
    void signingWithManyKeysOutgrowsTheCacheSafely() throws Exception {
        Signatures.clearKeyCache();
        for (int i = 0; i < 40; i++) {
            KeyPair kp = i % 2 == 0 ? ec("secp256r1") : KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            SignatureScheme scheme = i % 2 == 0 ? SignatureScheme.ECDSA_SECP256R1_SHA256 : SignatureScheme.ED25519;
            byte[] sig = scheme.sign(kp.getPrivate(), MESSAGE, RANDOM);
            assertTrue(jdkVerify(scheme, kp.getPublic(), MESSAGE, sig));
            // The first keys have been evicted by now; signing with them still works.
            assertTrue(jdkVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, p256.getPublic(), MESSAGE,
                    SignatureScheme.ECDSA_SECP256R1_SHA256.sign(p256.getPrivate(), MESSAGE, RANDOM)));
        }
    }

    @Test
    void verifyNeverThrowsOnHostileInput() {
        byte[][] inputs = {new byte[0], new byte[1], new byte[64], new byte[300], new byte[600]};
        for (SignatureScheme scheme : SignatureScheme.values()) {
            for (KeyPair kp : new KeyPair[] {p256, rsa, rsaPss, ed25519, ed448}) {
                for (byte[] in : inputs) {
                    RANDOM.nextBytes(in);
                    assertFalse(scheme.verify(kp.getPublic(), MESSAGE, in));
                }
            }
        }
    }

    @Test
    void lookupByCodeAndName() {
        assertEquals(SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.fromCode(0x0804));
        assertEquals(SignatureScheme.ED448, SignatureScheme.fromName("ed448"));
    }
}
