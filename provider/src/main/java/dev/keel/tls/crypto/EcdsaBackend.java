package dev.keel.tls.crypto;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECDSA on the NIST curves for keys whose material Keel can read (an {@link ECPrivateKey} with its
 * scalar, on one of the {@link NistCurve}s): P-256 on Keel's own code ({@link P256Ecdsa}), P-384 and
 * P-521 on Bouncy Castle's lightweight API. The signature on the wire is the DER SEQUENCE of r and s
 * (RFC 8446 4.2.3, RFC 8422 5.4); verification accepts only the canonical DER encoding.
 *
 * <p>Chosen by measurement: JDK {@code Signature} vs Bouncy Castle vs Keel, interleaved in one JVM,
 * 146-byte message, a fresh public key object per verification as in a handshake (so no per-point
 * precomputation is reused); OpenJDK 17.0.15 and Temurin 25, on a 2-core machine loaded by parallel
 * builds, so read the ratios rather than the absolute values. P-256 (with the bytes allocated per
 * operation):
 * <pre>
 *                   JDK 17           BC               Keel           JDK 25           BC               Keel
 *   P-256 sign     361 us  23 KB    55 us  52 KB    43 us  4.7 KB    99 us  13 KB    53 us  52 KB    42 us  4.6 KB
 *   P-256 verify   690 us  42 KB   125 us 160 KB   119 us  7.0 KB   312 us  27 KB   126 us 164 KB   119 us  7.0 KB
 * </pre>
 * Bouncy Castle's generic point code allocates a new point per step; Keel's P-256 allocated its
 * temporaries once per operation in this table, and now borrows them per thread: 3.1 KB per sign and
 * per verify (JDK 17, {@code PrimitivesBench} with -prof gc, key decoding, digest and DER included). (Bouncy Castle verifies in about 55 us when the same public key
 * object is used again and again, as in {@code PrimitivesBench}: it then switches to a precomputed
 * comb for Q. A handshake's certificate key is a new object every time.) P-384 and P-521 (an earlier
 * run, more loaded):
 * <pre>
 *                   JDK 17    Keel/BC     JDK 25    Keel/BC
 *   P-384 sign      3088 us    177 us      779 us    156 us
 *   P-384 verify    5082 us    903 us     1348 us    415 us
 *   P-521 sign      4684 us    658 us     2381 us    352 us
 *   P-521 verify    7109 us   2002 us     4349 us   1051 us
 * </pre>
 * Keys on other curves, and keys that expose no scalar (hardware tokens), go through the JCA.
 */
final class EcdsaBackend {
    private EcdsaBackend() {
    }

    /** Bouncy Castle parameters for {@code key}, or {@code null} when it must be signed through the JCA. */
    static ECPrivateKeyParameters privateParameters(PrivateKey key) {
        if (!(key instanceof ECPrivateKey)) {
            return null;
        }
        ECPrivateKey ecKey = (ECPrivateKey) key;
        NistCurve curve = NistCurve.of(ecKey.getParams());
        BigInteger s = ecKey.getS();
        if (curve == null || s == null || s.signum() <= 0 || s.compareTo(curve.domain().getN()) >= 0) {
            return null;
        }
        return new ECPrivateKeyParameters(s, curve.domain());
    }

    /** Bouncy Castle parameters for {@code key}, or {@code null} when it must be verified through the JCA. */
    static ECPublicKeyParameters publicParameters(PublicKey key) {
        if (!(key instanceof ECPublicKey)) {
            return null;
        }
        ECPublicKey ecKey = (ECPublicKey) key;
        NistCurve curve = NistCurve.of(ecKey.getParams());
        if (curve == null) {
            return null;
        }
        // validatePoint and the parameters' constructor reject a point off the curve or at infinity.
        ECPoint w = curve.domain().getCurve().validatePoint(ecKey.getW().getAffineX(), ecKey.getW().getAffineY());
        return new ECPublicKeyParameters(w, curve.domain());
    }

    /**
     * The curve of {@code key} when it can be verified in process, or {@code null} when it must go
     * through the JCA (not an {@link ECPublicKey}, or on another curve).
     */
    static NistCurve curveOf(PublicKey key) {
        return key instanceof ECPublicKey ? NistCurve.of(((ECPublicKey) key).getParams()) : null;
    }

    /**
     * True when {@code signature} is a canonical DER ECDSA signature of {@code digest} by {@code key},
     * on {@code curve} (from {@link #curveOf}). A key that is not a valid point of its curve verifies
     * nothing (P-256 returns false; Bouncy Castle's curves throw, which the caller takes as false).
     */
    static boolean verify(NistCurve curve, ECPublicKey key, byte[] digest, byte[] signature) {
        if (curve == NistCurve.P256) {
            P256PublicKey q = P256PublicKey.of(key.getW());
            return q != null && P256Ecdsa.verify(q, digest, signature);
        }
        ECPublicKeyParameters p = publicParameters(key);
        return p != null && verify(p, digest, signature);
    }

    /** The DER-encoded ECDSA signature of {@code digest} (already hashed with the scheme's hash). */
    static byte[] sign(ECPrivateKeyParameters key, byte[] digest, SecureRandom random) {
        if (key.getParameters() == NistCurve.P256.domain()) {
            return P256Ecdsa.sign(key.getD(), digest, random);
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, random == null ? key : new ParametersWithRandom(key, random));
        BigInteger[] rs = signer.generateSignature(digest);
        try {
            return StandardDSAEncoding.INSTANCE.encode(key.getParameters().getN(), rs[0], rs[1]);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
        }
    }

    /** True when {@code signature} is a canonical DER ECDSA signature of {@code digest} by {@code key}. */
    static boolean verify(ECPublicKeyParameters key, byte[] digest, byte[] signature) {
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(key.getParameters().getN(), signature);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(digest, rs[0], rs[1]);
    }
}
