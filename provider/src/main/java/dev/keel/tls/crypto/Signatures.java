package dev.keel.tls.crypto;

import dev.keel.tls.alert.TlsAlertException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

/**
 * Signing and verification backends for {@link SignatureScheme}; picks JDK or Bouncy Castle per key.
 *
 * <ul>
 *   <li>ECDSA: Keel's own P-256 code, Bouncy Castle's lightweight API for P-384 and P-521
 *       ({@link EcdsaBackend}), when the key's material is readable and on one of those curves; several
 *       times faster than SunEC. Otherwise the JCA.</li>
 *   <li>EdDSA: Bouncy Castle's lightweight API ({@link EdDsaBackend}) when the key's encoding is
 *       readable, otherwise the JCA.</li>
 *   <li>RSA (PKCS#1 v1.5 and PSS): the JCA ({@link JcaSignatures}), which measured faster.</li>
 *   <li>Keys without readable material (PKCS#11, HSM, KMS) always go to the JCA, where the key's own
 *       provider signs.</li>
 * </ul>
 * The Bouncy Castle parameters converted from a private key are cached per key
 * ({@link PrivateKeyParameterCache}), since a server signs with the same key in every handshake; for
 * P-256 they just carry the scalar to Keel's code. Public keys are not cached: a certificate's key is a
 * new object in every handshake.
 *
 * <p>The curve binding of the TLS 1.3 ECDSA schemes (RFC 8446 4.2.3) is checked by
 * {@link #isCompatible}; {@link #sign} and {@link #verify} use the scheme's hash on the key's own
 * curve, which is also what TLS 1.2 needs (there, ecdsa_secp256r1_sha256 means "ECDSA with SHA-256" on
 * any curve).
 */
final class Signatures {
    private static final PrivateKeyParameterCache PRIVATE_KEYS = new PrivateKeyParameterCache();

    private Signatures() {
    }

    /** TLS 1.3 compatibility: right key kind, the scheme's curve for ECDSA, a modulus large enough for PSS. */
    static boolean isCompatible(SignatureScheme scheme, PublicKey key) {
        return isCompatible(scheme, key, true);
    }

    /** TLS 1.2 compatibility: as {@link #isCompatible} but an ECDSA scheme accepts any curve. */
    static boolean isCompatibleInTls12(SignatureScheme scheme, PublicKey key) {
        return isCompatible(scheme, key, false);
    }

    private static boolean isCompatible(SignatureScheme scheme, PublicKey key, boolean bindCurve) {
        if (scheme == null || key == null || !KeyKind.of(key).fits(scheme)) {
            return false;
        }
        if (isEcdsa(scheme)) {
            NistCurve required = curveOf(scheme);
            if (!bindCurve || required == null) {
                return true;
            }
            return key instanceof ECPublicKey && NistCurve.of(((ECPublicKey) key).getParams()) == required;
        }
        if (isRsaPss(scheme)) {
            return key instanceof RSAKey && pssFitsModulus((RSAKey) key, digestLength(scheme))
                    && pssKeyParametersAllow((RSAKey) key, scheme);
        }
        return true;
    }

    static byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message, SecureRandom random)
            throws TlsAlertException {
        if (scheme == null || key == null || message == null) {
            throw TlsAlertException.internalError("cannot sign: scheme, private key or message is missing", null);
        }
        if (scheme == SignatureScheme.RSA_PKCS1_SHA1 || scheme == SignatureScheme.ECDSA_SHA1) {
            throw TlsAlertException.internalError("Keel only verifies " + scheme.rfcName()
                    + " (legacy certificates); it never signs with SHA-1 (RFC 8446 4.2.3)", null);
        }
        if (!KeyKind.of(key).fits(scheme)) {
            throw TlsAlertException.internalError("a private key of algorithm " + key.getAlgorithm()
                    + " cannot make " + scheme.rfcName() + " signatures (it needs a "
                    + scheme.keyAlgorithm() + " key)", null);
        }
        try {
            if (isEcdsa(scheme)) {
                AsymmetricKeyParameter p = PRIVATE_KEYS.get(key, EcdsaBackend::privateParameters);
                if (p != null) {
                    return EcdsaBackend.sign((ECPrivateKeyParameters) p, digest(scheme, message), random);
                }
            } else if (isEdDsa(scheme)) {
                AsymmetricKeyParameter p = PRIVATE_KEYS.get(key, EdDsaBackend::privateParameters);
                if (p != null) {
                    if (EdDsaBackend.isEd25519(p) != (scheme == SignatureScheme.ED25519)) {
                        throw TlsAlertException.internalError("the private key is on the wrong curve for "
                                + scheme.rfcName(), null);
                    }
                    return EdDsaBackend.sign(p, message);
                }
            }
            return JcaSignatures.sign(scheme, key, message, random);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw TlsAlertException.internalError("could not make a " + scheme.rfcName()
                    + " signature with the " + key.getAlgorithm() + " private key: " + e, e);
        }
    }

    static boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature) {
        if (scheme == null || key == null || message == null || signature == null) {
            return false;
        }
        try {
            if (!KeyKind.of(key).fits(scheme)) {
                return false;
            }
            if (isEcdsa(scheme)) {
                NistCurve curve = EcdsaBackend.curveOf(key);
                if (curve != null) {
                    return EcdsaBackend.verify(curve, (ECPublicKey) key, digest(scheme, message), signature);
                }
            } else if (isEdDsa(scheme)) {
                AsymmetricKeyParameter p = EdDsaBackend.publicParameters(key);
                if (p != null) {
                    return EdDsaBackend.isEd25519(p) == (scheme == SignatureScheme.ED25519)
                            && EdDsaBackend.verify(p, message, signature);
                }
            }
            return JcaSignatures.verify(scheme, key, message, signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A malformed signature or key is a signature that does not verify.
            return false;
        }
    }

    /** Forgets the cached key conversions (for tests). */
    static void clearKeyCache() {
        PRIVATE_KEYS.clear();
    }

    static boolean isEcdsa(SignatureScheme scheme) {
        return switch (scheme) {
            case ECDSA_SHA1, ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384, ECDSA_SECP521R1_SHA512 -> true;
            default -> false;
        };
    }

    static boolean isRsaPss(SignatureScheme scheme) {
        return switch (scheme) {
            case RSA_PSS_RSAE_SHA256, RSA_PSS_RSAE_SHA384, RSA_PSS_RSAE_SHA512,
                    RSA_PSS_PSS_SHA256, RSA_PSS_PSS_SHA384, RSA_PSS_PSS_SHA512 -> true;
            default -> false;
        };
    }

    static boolean isEdDsa(SignatureScheme scheme) {
        return scheme == SignatureScheme.ED25519 || scheme == SignatureScheme.ED448;
    }

    /** The curve a TLS 1.3 ECDSA scheme binds (RFC 8446 4.2.3); {@code null} for ecdsa_sha1 and non-ECDSA. */
    static NistCurve curveOf(SignatureScheme scheme) {
        return switch (scheme) {
            case ECDSA_SECP256R1_SHA256 -> NistCurve.P256;
            case ECDSA_SECP384R1_SHA384 -> NistCurve.P384;
            case ECDSA_SECP521R1_SHA512 -> NistCurve.P521;
            default -> null;
        };
    }

    /** The JCA name of the scheme's hash; {@code null} for EdDSA, which hashes internally. */
    static String digestAlgorithm(SignatureScheme scheme) {
        return switch (scheme) {
            case RSA_PKCS1_SHA1, ECDSA_SHA1 -> "SHA-1";
            case RSA_PKCS1_SHA256, ECDSA_SECP256R1_SHA256, RSA_PSS_RSAE_SHA256, RSA_PSS_PSS_SHA256 -> "SHA-256";
            case RSA_PKCS1_SHA384, ECDSA_SECP384R1_SHA384, RSA_PSS_RSAE_SHA384, RSA_PSS_PSS_SHA384 -> "SHA-384";
            case RSA_PKCS1_SHA512, ECDSA_SECP521R1_SHA512, RSA_PSS_RSAE_SHA512, RSA_PSS_PSS_SHA512 -> "SHA-512";
            case ED25519, ED448 -> null;
        };
    }

    /** Output bytes of the scheme's hash; 0 for EdDSA. */
    static int digestLength(SignatureScheme scheme) {
        String name = digestAlgorithm(scheme);
        if (name == null) {
            return 0;
        }
        return switch (name) {
            case "SHA-1" -> 20;
            case "SHA-256" -> 32;
            case "SHA-384" -> 48;
            default -> 64;
        };
    }

    private static byte[] digest(SignatureScheme scheme, byte[] message) throws GeneralSecurityException {
        String name = digestAlgorithm(scheme);
        // SHA-256 and SHA-384 (every ECDSA scheme of TLS 1.3 but P-521's) are cloned from a prototype,
        // which skips getInstance's provider lookup and its garbage.
        MessageDigest md = switch (name) {
            case "SHA-256" -> HashAlgorithm.SHA256.newDigest();
            case "SHA-384" -> HashAlgorithm.SHA384.newDigest();
            default -> MessageDigest.getInstance(name);
        };
        return md.digest(message);
    }

    /**
     * RFC 8017 9.1.1: PSS needs emLen >= hLen + sLen + 2 with emLen = ceil((modBits - 1) / 8); TLS uses
     * sLen = hLen, so a 1024-bit key cannot carry rsa_pss_*_sha512.
     */
    private static boolean pssFitsModulus(RSAKey key, int hashLength) {
        int emLen = (key.getModulus().bitLength() - 1 + 7) / 8;
        return emLen >= 2 * hashLength + 2;
    }

    /**
     * An RSASSA-PSS key may restrict its use in its parameters (RFC 4055 3.1, 3.3): then the hash and
     * the MGF1 hash must be the scheme's, and the key's minimum salt length at most the hash length.
     */
    private static boolean pssKeyParametersAllow(RSAKey key, SignatureScheme scheme) {
        AlgorithmParameterSpec params = key.getParams();
        if (!(params instanceof PSSParameterSpec)) {
            return true;
        }
        PSSParameterSpec pss = (PSSParameterSpec) params;
        String hash = digestAlgorithm(scheme);
        AlgorithmParameterSpec mgf = pss.getMGFParameters();
        return sameDigest(pss.getDigestAlgorithm(), hash)
                && "MGF1".equalsIgnoreCase(pss.getMGFAlgorithm())
                && mgf instanceof MGF1ParameterSpec
                && sameDigest(((MGF1ParameterSpec) mgf).getDigestAlgorithm(), hash)
                && pss.getSaltLength() <= digestLength(scheme);
    }

    /** "SHA-256" and "SHA256" name the same digest. */
    private static boolean sameDigest(String a, String b) {
        return a != null && b != null
                && a.replace("-", "").toUpperCase(Locale.ROOT).equals(b.replace("-", "").toUpperCase(Locale.ROOT));
    }
}
