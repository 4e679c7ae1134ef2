package dev.keel.tls.crypto;

import dev.keel.tls.alert.TlsAlertException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * An ECDHE key share on secp256r1, secp384r1 or secp521r1 (RFC 8422, RFC 8446 4.2.8.2 and 7.4.2).
 * The public value is the uncompressed point 0x04 || X || Y, each coordinate as long as a field element;
 * the shared secret is the X coordinate of the product, also field-length.
 *
 * <p>Peer points are validated as RFC 8446 4.2.8.2 requires: only the uncompressed form, coordinates
 * below the field prime, on the curve, not the point at infinity (the curves have cofactor 1, so any
 * such point is in the prime-order group).
 *
 * <p>Backend: Bouncy Castle's ECDH on {@link NistCurve}'s specialised curves, chosen by measurement
 * (key generation, peer point decoding and one agreement; OpenJDK 17.0.15 and Temurin 25, 2-core
 * machine):
 * <pre>
 *                 JDK 17 (SunEC ECDH)  Bouncy Castle 1.84   JDK 25 (SunEC)   Bouncy Castle 1.84
 *   secp256r1         1051 us              273 us              533 us             179 us
 *   secp384r1         2376 us              562 us             1943 us             556 us
 *   secp521r1         6142 us             1309 us             5546 us            1257 us
 * </pre>
 * The private scalar is a {@link BigInteger} and cannot be wiped; {@link #destroy()} drops it.
 *
 * <p>Not thread-safe: a key share belongs to one handshake and is used once.
 */
final class EcdhKeyShare implements KeyShare {
    private static final byte UNCOMPRESSED = 0x04;

    private final NamedGroup group;
    private final NistCurve curve;
    private final byte[] publicValue;
    private ECPrivateKeyParameters privateKey; // null once used or destroyed

    private EcdhKeyShare(NamedGroup group, NistCurve curve, ECPrivateKeyParameters privateKey,
            byte[] publicValue) {
        this.group = group;
        this.curve = curve;
        this.privateKey = privateKey;
        this.publicValue = publicValue;
    }

    static EcdhKeyShare generate(NamedGroup group, SecureRandom random) {
        NistCurve curve = NistCurve.of(group);
        if (curve == null) {
            throw new IllegalArgumentException(group + " is not a NIST curve group");
        }
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(curve.domain(), random));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        ECPoint q = ((ECPublicKeyParameters) pair.getPublic()).getQ();
        return new EcdhKeyShare(group, curve, (ECPrivateKeyParameters) pair.getPrivate(), q.getEncoded(false));
    }

    @Override
    public NamedGroup group() {
        return group;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] agree(byte[] peerPublicValue) throws TlsAlertException {
        KeyShares.checkPeerShareLength(group, peerPublicValue);
        if (privateKey == null) {
            throw TlsAlertException.internalError(group.rfcName() + " key share was already used or destroyed", null);
        }
        try {
            ECPublicKeyParameters peer = decodePeerPoint(peerPublicValue);
            ECDHBasicAgreement agreement = new ECDHBasicAgreement();
            agreement.init(privateKey);
            BigInteger x = agreement.calculateAgreement(peer);
            return BigIntegers.asUnsignedByteArray(curve.fieldLength(), x);
        } catch (IllegalStateException e) {
            // Bouncy Castle refuses an agreement that lands on the point at infinity.
            throw TlsAlertException.illegalParameter("peer's " + group.rfcName()
                    + " key share gives no valid ECDH shared secret (RFC 8446 7.4.2)");
        } finally {
            destroy();
        }
    }

    /** RFC 8446 4.2.8.2: uncompressed form only; the point must be valid on the curve. */
    private ECPublicKeyParameters decodePeerPoint(byte[] encoded) throws TlsAlertException {
        if (encoded[0] != UNCOMPRESSED) {
            throw TlsAlertException.illegalParameter(String.format(
                    "peer's %s key share starts with 0x%02x; TLS allows only the uncompressed point form 0x04"
                            + " (RFC 8446 4.2.8.2)", group.rfcName(), encoded[0] & 0xFF));
        }
        int n = curve.fieldLength();
        BigInteger x = new BigInteger(1, encoded, 1, n);
        BigInteger y = new BigInteger(1, encoded, 1 + n, n);
        BigInteger p = curve.domain().getCurve().getField().getCharacteristic();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw TlsAlertException.illegalParameter("peer's " + group.rfcName()
                    + " key share has a coordinate not below the field prime (RFC 8446 4.2.8.2)");
        }
        try {
            ECPoint point = curve.domain().getCurve().validatePoint(x, y);
            return new ECPublicKeyParameters(point, curve.domain());
        } catch (IllegalArgumentException e) {
            throw TlsAlertException.illegalParameter("peer's " + group.rfcName()
                    + " key share is not a point on the curve (RFC 8446 4.2.8.2)");
        }
    }

    @Override
    public void destroy() {
        privateKey = null;
    }
}
