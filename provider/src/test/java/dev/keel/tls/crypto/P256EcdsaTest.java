package dev.keel.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.raw.Nat256;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keel's P-256 ECDSA against independent implementations: Bouncy Castle's {@code ECDSASigner} (same
 * nonce, same result), the JDK's SunEC (each verifies the other's signatures), RFC 6979 A.2.5.
 */
class P256EcdsaTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(X9);
    private static final BigInteger N = X9.getN();
    private static final ECPoint G = X9.getG();
    private static final HexFormat HEX = HexFormat.of();

    private static KeyPair[] jdkKeys;

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        jdkKeys = new KeyPair[20];
        for (int i = 0; i < jdkKeys.length; i++) {
            jdkKeys[i] = g.generateKeyPair();
        }
    }

    private static BigInteger randomScalar() {
        BigInteger k;
        do {
            k = new BigInteger(256, RANDOM);
        } while (k.signum() == 0 || k.compareTo(N) >= 0);
        return k;
    }

    private static byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] message) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(message);
    }

    private static P256PublicKey keelKey(BigInteger d) {
        ECPoint q = G.multiply(d).normalize();
        return P256PublicKey.of(new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(),
                q.getAffineYCoord().toBigInteger()));
    }

    private static P256PublicKey keelKey(KeyPair kp) {
        return P256PublicKey.of(((ECPublicKey) kp.getPublic()).getW());
    }

    private static BigInteger d(KeyPair kp) {
        return ((ECPrivateKey) kp.getPrivate()).getS();
    }

    /** Bouncy Castle's k calculator that returns one given k. */
    private static final class FixedK implements DSAKCalculator {
        private final BigInteger k;

        FixedK(BigInteger k) {
            this.k = k;
        }

        @Override
        public boolean isDeterministic() {
            return true;
        }

        @Override
        public void init(BigInteger n, SecureRandom random) {
        }

        @Override
        public void init(BigInteger n, BigInteger d, byte[] message) {
        }

        @Override
        public BigInteger nextK() {
            return k;
        }
    }

    private static BigInteger[] bcSign(BigInteger d, byte[] digest, BigInteger k) {
        ECDSASigner signer = new ECDSASigner(new FixedK(k));
        signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
        return signer.generateSignature(digest);
    }

    private static boolean bcVerify(BigInteger d, byte[] digest, BigInteger r, BigInteger s) {
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(G.multiply(d), DOMAIN));
        return verifier.verifySignature(digest, r, s);
    }

    private static byte[] der(BigInteger r, BigInteger s) throws Exception {
        return StandardDSAEncoding.INSTANCE.encode(N, r, s);
    }

    // ---- signing with a given k ----

    @Test
    void signingWithAGivenNonceMatchesBouncyCastle() {
        for (int i = 0; i < 100; i++) {
            BigInteger d = randomScalar();
            BigInteger k = randomScalar();
            byte[] digest = randomBytes(32);
            assertArrayEquals(bcSign(d, digest, k), P256Ecdsa.signWithNonce(d, digest, P256Field.limbs(k)));
        }
        BigInteger[] edges = {BigInteger.ONE, BigInteger.TWO, N.subtract(BigInteger.ONE), N.subtract(BigInteger.TWO)};
        for (BigInteger d : edges) {
            for (BigInteger k : edges) {
                byte[] digest = randomBytes(32);
                assertArrayEquals(bcSign(d, digest, k), P256Ecdsa.signWithNonce(d, digest, P256Field.limbs(k)),
                        "d = " + d.toString(16) + ", k = " + k.toString(16));
            }
        }
    }

    @Test
    void digestsOfOtherLengthsUseTheirLeftmost256Bits() {
        for (int length : new int[] {20, 31, 32, 33, 48, 64}) {
            for (int i = 0; i < 10; i++) {
                BigInteger d = randomScalar();
                BigInteger k = randomScalar();
                byte[] digest = randomBytes(length);
                BigInteger[] bc = bcSign(d, digest, k);
                assertArrayEquals(bc, P256Ecdsa.signWithNonce(d, digest, P256Field.limbs(k)), "length " + length);
                byte[] sig = P256Ecdsa.sign(d, digest, RANDOM);
                BigInteger[] rs = EcdsaSignatureDer.decode(sig);
                assertTrue(bcVerify(d, digest, rs[0], rs[1]), "length " + length);
                assertTrue(P256Ecdsa.verify(keelKey(d), digest, sig));
                assertTrue(P256Ecdsa.verify(keelKey(d), digest, EcdsaSignatureDer.encode(bc[0], bc[1])));
            }
        }
        // A digest of all ones exceeds n: e is reduced by the arithmetic, not rejected.
        byte[] ones = new byte[64];
        java.util.Arrays.fill(ones, (byte) 0xff);
        BigInteger d = randomScalar();
        BigInteger k = randomScalar();
        assertArrayEquals(bcSign(d, ones, k), P256Ecdsa.signWithNonce(d, ones, P256Field.limbs(k)));
    }

    // ---- the nonce ----

    private static final BigInteger RFC6979_X =
            new BigInteger("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", 16);

    @Test
    void rfc6979AppendixA25() throws Exception {
        // P-256 with SHA-256; the public key is U = xG.
        java.security.spec.ECPoint u = new java.security.spec.ECPoint(
                new BigInteger("60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6", 16),
                new BigInteger("7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", 16));
        String[][] vectors = {
            {"sample", "a6e3c57dd01abe90086538398355dd4c3b17aa873382b0f24d6129493d8aad60",
                "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
                "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"},
            {"test", "d16b6ae827f17175e040871a1c7ec3500192c4c92677336ec2537acaee0008e0",
                "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
                "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"},
        };
        for (String[] v : vectors) {
            byte[] digest = sha256(v[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            int[] k = Nat256.create();
            new P256Nonce(RFC6979_X, digest, new byte[0]).next(k);
            assertEquals(new BigInteger(v[1], 16), Nat256.toBigInteger(k), v[0]);
            BigInteger[] rs = P256Ecdsa.signWithNonce(RFC6979_X, digest, k);
            assertEquals(new BigInteger(v[2], 16), rs[0]);
            assertEquals(new BigInteger(v[3], 16), rs[1]);
            assertTrue(P256Ecdsa.verify(P256PublicKey.of(u), digest, EcdsaSignatureDer.encode(rs[0], rs[1])));
        }
    }

    @Test
    void rfc6979RejectsACandidateAboveN() throws Exception {
        // C2SP CCTV's RFC 6979 rejection-sampling vector: the first HMAC output for this message is
        // >= n, so step h loops once (K and V updated) before k.
        byte[] digest = sha256("wv[vnX".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int[] k = Nat256.create();
        new P256Nonce(RFC6979_X, digest, new byte[0]).next(k);
        assertEquals(new BigInteger("2ae40df9d9dab61d688de3dcb9867a98ecc70dd4d6c0f6c228b6e4e0b18b29bc", 16),
                Nat256.toBigInteger(k));
        BigInteger[] rs = P256Ecdsa.signWithNonce(RFC6979_X, digest, k);
        assertEquals(new BigInteger("efd9073b652e76da1b5a019c0e4a2e3fa529b035a6abb91ef67f0ed7a1f21234", 16), rs[0]);
        assertEquals(new BigInteger("3db4706c9d9f4a4fe13bb5e08ef0fab53a57dbab2061c83a35fa411c68d2ba33", 16), rs[1]);
    }

    /** Bouncy Castle's RFC 6979 calculator with k' appended in steps d and f (RFC 6979 3.6). */
    private static final class HedgedBcK extends HMacDSAKCalculator {
        private final byte[] extra;

        HedgedBcK(byte[] extra) {
            super(new SHA256Digest());
            this.extra = extra;
        }

        @Override
        protected void initAdditionalInput0(HMac hmac) {
            hmac.update(extra, 0, extra.length);
        }

        @Override
        protected void initAdditionalInput1(HMac hmac) {
            hmac.update(extra, 0, extra.length);
        }
    }

    @Test
    void hedgedNonceIsRfc6979WithAdditionalInput() {
        for (int length : new int[] {32, 48, 64, 20}) {
            for (int i = 0; i < 20; i++) {
                BigInteger d = randomScalar();
                byte[] digest = randomBytes(length);
                byte[] extra = i % 4 == 0 ? new byte[0] : randomBytes(32);
                DSAKCalculator bc = extra.length == 0
                        ? new HMacDSAKCalculator(new SHA256Digest()) : new HedgedBcK(extra);
                bc.init(N, d, digest);
                int[] k = Nat256.create();
                new P256Nonce(d, digest, extra).next(k);
                // Only the first k: after handing out a k, Bouncy Castle's next candidate skips the
                // K and V update of step h.3, which RFC 6979 3.4 asks for when r or s is 0.
                assertEquals(bc.nextK(), Nat256.toBigInteger(k), "length " + length);
            }
        }
    }

    @Test
    void freshRandomnessChangesTheNonce() throws Exception {
        BigInteger d = randomScalar();
        byte[] digest = randomBytes(32);
        byte[] first = P256Ecdsa.sign(d, digest, RANDOM);
        byte[] second = P256Ecdsa.sign(d, digest, RANDOM);
        assertFalse(java.util.Arrays.equals(first, second), "hedged: not the RFC 6979 deterministic k");
        assertTrue(P256Ecdsa.verify(keelKey(d), digest, first));
        assertTrue(P256Ecdsa.verify(keelKey(d), digest, second));
        // A null SecureRandom means a default one.
        assertTrue(P256Ecdsa.verify(keelKey(d), digest, P256Ecdsa.sign(d, digest, null)));
    }

    // ---- interoperability ----

    @Test
    void keelSignsAndJdkVerifies() throws Exception {
        for (int i = 0; i < 300; i++) {
            KeyPair kp = jdkKeys[i % jdkKeys.length];
            byte[] message = randomBytes(1 + RANDOM.nextInt(200));
            byte[] sig = P256Ecdsa.sign(d(kp), sha256(message), RANDOM);
            Signature jdk = Signature.getInstance("SHA256withECDSA");
            jdk.initVerify(kp.getPublic());
            jdk.update(message);
            assertTrue(jdk.verify(sig), "signature " + i);
        }
    }

    @Test
    void jdkSignsAndKeelVerifies() throws Exception {
        for (int i = 0; i < 300; i++) {
            KeyPair kp = jdkKeys[i % jdkKeys.length];
            byte[] message = randomBytes(1 + RANDOM.nextInt(200));
            Signature jdk = Signature.getInstance("SHA256withECDSA");
            jdk.initSign(kp.getPrivate(), RANDOM);
            jdk.update(message);
            byte[] sig = jdk.sign();
            assertTrue(P256Ecdsa.verify(keelKey(kp), sha256(message), sig), "signature " + i);
            assertFalse(P256Ecdsa.verify(keelKey(jdkKeys[(i + 1) % jdkKeys.length]), sha256(message), sig),
                    "another key's signature");
        }
    }

    @Test
    void bouncyCastleAndKeelVerifyEachOther() throws Exception {
        for (int i = 0; i < 100; i++) {
            BigInteger d = randomScalar();
            byte[] digest = randomBytes(32);
            ECDSASigner bc = new ECDSASigner();
            bc.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(d, DOMAIN), RANDOM));
            BigInteger[] rs = bc.generateSignature(digest);
            assertTrue(P256Ecdsa.verify(keelKey(d), digest, der(rs[0], rs[1])));

            BigInteger[] ours = EcdsaSignatureDer.decode(P256Ecdsa.sign(d, digest, RANDOM));
            assertTrue(bcVerify(d, digest, ours[0], ours[1]));
        }
    }

    // ---- rejections ----

    @Test
    void outOfRangeAndTamperedSignaturesAreRejected() throws Exception {
        KeyPair kp = jdkKeys[0];
        byte[] message = randomBytes(100);
        byte[] digest = sha256(message);
        P256PublicKey key = keelKey(kp);
        BigInteger[] rs = EcdsaSignatureDer.decode(P256Ecdsa.sign(d(kp), digest, RANDOM));
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        assertTrue(P256Ecdsa.verify(key, digest, der(r, s)));

        BigInteger two256 = BigInteger.ONE.shiftLeft(256);
        BigInteger[][] bad = {
            {BigInteger.ZERO, s}, {r, BigInteger.ZERO}, {N, s}, {r, N}, {N.add(BigInteger.ONE), s},
            {r, N.add(BigInteger.ONE)}, {r.add(N), s}, {r, s.add(N)}, {two256.subtract(BigInteger.ONE), s},
            {r, two256}, {r.add(BigInteger.ONE), s}, {r, s.add(BigInteger.ONE)}, {s, r},
        };
        for (BigInteger[] b : bad) {
            byte[] sig = EcdsaSignatureDer.encode(b[0], b[1]);
            assertFalse(P256Ecdsa.verify(key, digest, sig), b[0].toString(16) + " " + b[1].toString(16));
            assertFalse(jdkVerify(kp, message, sig), "the JDK agrees");
        }
        byte[] tampered = digest.clone();
        tampered[31] ^= 1;
        assertFalse(P256Ecdsa.verify(key, tampered, der(r, s)));
        assertFalse(P256Ecdsa.verify(keelKey(jdkKeys[1]), digest, der(r, s)));
    }

    private static boolean jdkVerify(KeyPair kp, byte[] message, byte[] sig) throws Exception {
        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(kp.getPublic());
        jdk.update(message);
        try {
            return jdk.verify(sig);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    /** A public key object with any point, as a hostile certificate could carry. */
    private record AnyPointKey(java.security.spec.ECPoint w, java.security.spec.ECParameterSpec params)
            implements ECPublicKey {
        @Override
        public java.security.spec.ECPoint getW() {
            return w;
        }

        @Override
        public java.security.spec.ECParameterSpec getParams() {
            return params;
        }

        @Override
        public String getAlgorithm() {
            return "EC";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }

    @Test
    void invalidPublicKeysVerifyNothing() throws Exception {
        KeyPair kp = jdkKeys[4];
        ECPublicKey real = (ECPublicKey) kp.getPublic();
        byte[] message = randomBytes(80);
        SignatureScheme scheme = SignatureScheme.ECDSA_SECP256R1_SHA256;
        byte[] sig = scheme.sign(kp.getPrivate(), message, RANDOM);
        assertTrue(scheme.verify(new AnyPointKey(real.getW(), real.getParams()), message, sig));

        BigInteger x = real.getW().getAffineX();
        BigInteger y = real.getW().getAffineY();
        BigInteger p = P256Field.P_BIG;
        java.security.spec.ECPoint[] bad = {
            new java.security.spec.ECPoint(x, y.add(BigInteger.ONE)),       // off the curve
            new java.security.spec.ECPoint(x.add(p), y),                    // x >= p, same x mod p
            new java.security.spec.ECPoint(x, y.add(p)),                    // y >= p, same y mod p
            new java.security.spec.ECPoint(x, y.subtract(p)),               // negative y, same y mod p
            java.security.spec.ECPoint.POINT_INFINITY,
            new java.security.spec.ECPoint(BigInteger.ZERO, BigInteger.ZERO),
        };
        for (java.security.spec.ECPoint w : bad) {
            assertFalse(scheme.verify(new AnyPointKey(w, real.getParams()), message, sig), String.valueOf(w));
            assertEquals(null, P256PublicKey.of(w));
        }
    }

    @Test
    void theNegatedSIsAlsoValidAsInTheJdk() throws Exception {
        // ECDSA is malleable: (r, n - s) verifies too (R and -R have the same x). TLS does not
        // forbid it, and the JDK accepts it: Keel does the same.
        KeyPair kp = jdkKeys[2];
        byte[] message = randomBytes(64);
        BigInteger[] rs = EcdsaSignatureDer.decode(P256Ecdsa.sign(d(kp), sha256(message), RANDOM));
        byte[] negated = der(rs[0], N.subtract(rs[1]));
        assertEquals(jdkVerify(kp, message, negated), P256Ecdsa.verify(keelKey(kp), sha256(message), negated));
        assertTrue(P256Ecdsa.verify(keelKey(kp), sha256(message), negated));
    }

    @Test
    void anXOfRAboveNIsMatchedAsRPlusN() {
        // Find R with x(R) in [n, p): then r = x(R) - n. Without the discrete log of R, build the key
        // from the signature instead (public key recovery): Q = r^-1 (s R - e G) makes (r, s) valid for e.
        ECPoint bigR = null;
        for (BigInteger x = N; bigR == null; x = x.add(BigInteger.ONE)) {
            byte[] compressed = new byte[33];
            compressed[0] = 0x02;
            byte[] xb = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, x);
            System.arraycopy(xb, 0, compressed, 1, 32);
            try {
                bigR = X9.getCurve().decodePoint(compressed).normalize();
            } catch (IllegalArgumentException notOnCurve) {
                // try the next x
            }
        }
        BigInteger r = bigR.getAffineXCoord().toBigInteger().subtract(N);
        BigInteger s = randomScalar();
        byte[] digest = randomBytes(32);
        BigInteger e = new BigInteger(1, digest);
        ECPoint q = bigR.multiply(s).subtract(G.multiply(e)).multiply(r.modInverse(N)).normalize();
        P256PublicKey key = P256PublicKey.of(new java.security.spec.ECPoint(
                q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()));
        assertNotNull(key);

        ECDSASigner bc = new ECDSASigner();
        bc.init(false, new ECPublicKeyParameters(q, DOMAIN));
        assertTrue(bc.verifySignature(digest, r, s), "Bouncy Castle accepts it");
        assertTrue(P256Ecdsa.verify(key, digest, EcdsaSignatureDer.encode(r, s)));
        // x(R) itself is >= n: out of range as r.
        assertFalse(P256Ecdsa.verify(key, digest, EcdsaSignatureDer.encode(r.add(N), s)));
        assertNotEquals(BigInteger.ZERO, r);
    }

    @Test
    void nonCanonicalDerIsRejected() throws Exception {
        KeyPair kp = jdkKeys[3];
        byte[] message = randomBytes(64);
        byte[] digest = sha256(message);
        P256PublicKey key = keelKey(kp);
        // Small r and s keep every encoding in short form, so each variant below is the same (r, s).
        BigInteger[] rs;
        do {
            rs = EcdsaSignatureDer.decode(P256Ecdsa.sign(d(kp), digest, RANDOM));
        } while (rs[0].bitLength() % 8 == 0 || rs[1].bitLength() % 8 == 0); // no leading zero byte needed
        byte[] r = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(rs[0]);
        byte[] s = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(rs[1]);
        byte[] good = concat(new byte[] {0x30, (byte) (4 + r.length + s.length), 0x02, (byte) r.length}, r,
                new byte[] {0x02, (byte) s.length}, s);
        assertTrue(P256Ecdsa.verify(key, digest, good));
        assertTrue(jdkVerify(kp, message, good));

        byte[][] variants = {
            // a superfluous leading zero in r, then in s
            concat(new byte[] {0x30, (byte) (5 + r.length + s.length), 0x02, (byte) (r.length + 1), 0}, r,
                    new byte[] {0x02, (byte) s.length}, s),
            concat(new byte[] {0x30, (byte) (5 + r.length + s.length), 0x02, (byte) r.length}, r,
                    new byte[] {0x02, (byte) (s.length + 1), 0}, s),
            // long-form lengths for short values
            concat(new byte[] {0x30, (byte) 0x81, (byte) (4 + r.length + s.length), 0x02, (byte) r.length}, r,
                    new byte[] {0x02, (byte) s.length}, s),
            concat(new byte[] {0x30, (byte) (5 + r.length + s.length), 0x02, (byte) 0x81, (byte) r.length}, r,
                    new byte[] {0x02, (byte) s.length}, s),
            concat(new byte[] {0x30, (byte) 0x82, 0, (byte) (4 + r.length + s.length), 0x02, (byte) r.length}, r,
                    new byte[] {0x02, (byte) s.length}, s),
            // indefinite length
            concat(new byte[] {0x30, (byte) 0x80, 0x02, (byte) r.length}, r, new byte[] {0x02, (byte) s.length}, s,
                    new byte[] {0, 0}),
            // trailing garbage, inside and after the sequence
            concat(good, new byte[] {0}),
            concat(new byte[] {0x30, (byte) (6 + r.length + s.length), 0x02, (byte) r.length}, r,
                    new byte[] {0x02, (byte) s.length}, s, new byte[] {0x05, 0x00}),
            // negative r (top bit set without the leading zero)
            concat(new byte[] {0x30, (byte) (4 + r.length + s.length), 0x02, (byte) r.length},
                    withTopBit(r), new byte[] {0x02, (byte) s.length}, s),
            // wrong tags
            concat(new byte[] {0x31, (byte) (4 + r.length + s.length), 0x02, (byte) r.length}, r,
                    new byte[] {0x02, (byte) s.length}, s),
            concat(new byte[] {0x30, (byte) (4 + r.length + s.length), 0x03, (byte) r.length}, r,
                    new byte[] {0x02, (byte) s.length}, s),
            // truncated
            java.util.Arrays.copyOf(good, good.length - 1),
            java.util.Arrays.copyOf(good, 2),
            new byte[0],
            // a third integer
            concat(new byte[] {0x30, (byte) (7 + r.length + s.length), 0x02, (byte) r.length}, r,
                    new byte[] {0x02, (byte) s.length}, s, new byte[] {0x02, 0x01, 0x01}),
            // an empty integer
            concat(new byte[] {0x30, (byte) (4 + s.length), 0x02, 0}, new byte[] {0x02, (byte) s.length}, s),
        };
        for (byte[] v : variants) {
            assertFalse(P256Ecdsa.verify(key, digest, v), HEX.formatHex(v));
        }
    }

    private static byte[] withTopBit(byte[] b) {
        byte[] c = b.clone();
        c[0] |= (byte) 0x80;
        return c;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void derEncodingMatchesBouncyCastle() throws Exception {
        BigInteger[] values = {BigInteger.ONE, BigInteger.valueOf(0x7f), BigInteger.valueOf(0x80),
            BigInteger.valueOf(0xff), BigInteger.valueOf(0x100), N.subtract(BigInteger.ONE),
            BigInteger.ONE.shiftLeft(255), BigInteger.ONE.shiftLeft(247), randomScalar(), randomScalar()};
        for (BigInteger r : values) {
            for (BigInteger s : values) {
                byte[] expected = der(r, s);
                assertArrayEquals(expected, EcdsaSignatureDer.encode(r, s));
                BigInteger[] decoded = EcdsaSignatureDer.decode(expected);
                assertEquals(r, decoded[0]);
                assertEquals(s, decoded[1]);
            }
        }
        // Long-form sequence lengths (values beyond P-256's, as for P-521) round-trip too.
        BigInteger big = BigInteger.ONE.shiftLeft(520).subtract(BigInteger.ONE);
        byte[] expected = StandardDSAEncoding.INSTANCE.encode(big.add(BigInteger.ONE), big, big);
        assertArrayEquals(expected, EcdsaSignatureDer.encode(big, big));
        assertEquals(big, EcdsaSignatureDer.decode(expected)[1]);
    }
}
