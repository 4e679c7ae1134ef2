package dev.keel.tls.crypto;

import java.math.BigInteger;
import java.security.spec.ECField;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.EllipticCurve;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The three NIST prime curves of TLS (RFC 8422 5.1.1, RFC 8446 4.2.7), with Bouncy Castle's domain
 * parameters from {@link CustomNamedCurves}: those use field arithmetic specialised for each prime,
 * which is what makes the Bouncy Castle backend several times faster than SunEC (numbers in
 * {@link EcdhKeyShare} and {@link EcdsaBackend}).
 *
 * <p>A JCA key is matched to a curve by its parameters (prime, coefficients, generator, order,
 * cofactor), never by a name string: providers name curves differently, and keys from certificates or
 * tokens may carry explicit parameters.
 */
enum NistCurve {
    P256("secp256r1"),
    P384("secp384r1"),
    P521("secp521r1");

    private final ECDomainParameters domain;
    private final BigInteger fieldPrime;
    private final int fieldLength;
    /** The curve coefficients and generator as the JCA spells them, for {@link #matches}. */
    private final BigInteger a;
    private final BigInteger b;
    private final BigInteger gx;
    private final BigInteger gy;
    /** The last {@code ECParameterSpec} found equal to this curve (a benign race: any value is valid). */
    private volatile ECParameterSpec lastMatched;

    NistCurve(String curveName) {
        X9ECParameters x9 = CustomNamedCurves.getByName(curveName);
        this.domain = new ECDomainParameters(x9);
        this.fieldPrime = x9.getCurve().getField().getCharacteristic();
        this.fieldLength = (x9.getCurve().getFieldSize() + 7) / 8;
        ECCurve bcCurve = domain.getCurve();
        ECPoint g = domain.getG();
        this.a = bcCurve.getA().toBigInteger();
        this.b = bcCurve.getB().toBigInteger();
        this.gx = g.getAffineXCoord().toBigInteger();
        this.gy = g.getAffineYCoord().toBigInteger();
    }

    /** Bouncy Castle domain parameters on the curve's specialised field arithmetic. */
    ECDomainParameters domain() {
        return domain;
    }

    /** Bytes in one field element: 32, 48 or 66 (the length of an ECDH shared secret, RFC 8446 7.4.2). */
    int fieldLength() {
        return fieldLength;
    }

    /** Length of an uncompressed point 0x04 || X || Y (RFC 8446 4.2.8.2): 65, 97 or 133 bytes. */
    int uncompressedPointLength() {
        return 1 + 2 * fieldLength;
    }

    /** The curve of a key-share group, or {@code null} for X25519, X448 and the ffdhe groups. */
    static NistCurve of(NamedGroup group) {
        return switch (group) {
            case SECP256R1 -> P256;
            case SECP384R1 -> P384;
            case SECP521R1 -> P521;
            default -> null;
        };
    }

    /** The curve whose parameters equal {@code spec}, or {@code null} when it is none of the three. */
    static NistCurve of(ECParameterSpec spec) {
        if (spec == null) {
            return null;
        }
        for (NistCurve curve : values()) {
            if (curve.matches(spec)) {
                return curve;
            }
        }
        return null;
    }

    private boolean matches(ECParameterSpec spec) {
        if (spec == lastMatched) {
            // Key factories hand out one spec object per named curve: skip the comparisons (and their
            // BigInteger garbage) for the spec last seen to match. ECParameterSpec is immutable.
            return true;
        }
        EllipticCurve curve = spec.getCurve();
        ECField field = curve.getField();
        if (!(field instanceof ECFieldFp) || !((ECFieldFp) field).getP().equals(fieldPrime)) {
            return false;
        }
        boolean same = curve.getA().equals(a)
                && curve.getB().equals(b)
                && spec.getOrder().equals(domain.getN())
                && spec.getCofactor() == domain.getH().intValue()
                && spec.getGenerator().getAffineX().equals(gx)
                && spec.getGenerator().getAffineY().equals(gy);
        if (same) {
            lastMatched = spec;
        }
        return same;
    }
}
