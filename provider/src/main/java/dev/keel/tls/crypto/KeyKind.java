package dev.keel.tls.crypto;

import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

/**
 * The kind of a public or private key as far as signature schemes care (RFC 8446 4.2.3): rsaEncryption
 * and RSASSA-PSS keys are different kinds, and an EdDSA key is Ed25519 or Ed448.
 *
 * <p>Classified from what every key exposes, including opaque keys of hardware tokens that have no
 * encoding: the JCA interfaces it implements and its algorithm name.
 */
enum KeyKind {
    /** An rsaEncryption key: PKCS#1 v1.5 and rsa_pss_rsae_* signatures. */
    RSA,
    /** An RSASSA-PSS key (RFC 4055): only rsa_pss_pss_* signatures. */
    RSA_PSS,
    EC,
    ED25519,
    ED448,
    /** An EdDSA key whose curve its object does not tell (an opaque key named "EdDSA"). */
    EDDSA_UNKNOWN_CURVE,
    UNKNOWN;

    static KeyKind of(Key key) {
        if (key instanceof EdECKey) {
            String curve = ((EdECKey) key).getParams().getName();
            KeyKind kind = ofName(curve);
            return kind == ED25519 || kind == ED448 ? kind : UNKNOWN;
        }
        KeyKind byName = ofName(key.getAlgorithm());
        if (byName != UNKNOWN) {
            if (byName == RSA && key instanceof RSAKey && ((RSAKey) key).getParams() instanceof PSSParameterSpec) {
                return RSA_PSS;
            }
            return byName;
        }
        if (key instanceof ECKey) {
            return EC;
        }
        if (key instanceof RSAKey) {
            return ((RSAKey) key).getParams() instanceof PSSParameterSpec ? RSA_PSS : RSA;
        }
        return UNKNOWN;
    }

    private static KeyKind ofName(String algorithm) {
        if (algorithm == null) {
            return UNKNOWN;
        }
        return switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "RSA", "1.2.840.113549.1.1.1" -> RSA;
            case "RSASSA-PSS", "RSAPSS", "1.2.840.113549.1.1.10" -> RSA_PSS;
            case "EC", "ECDSA", "1.2.840.10045.2.1" -> EC;
            case "ED25519", "1.3.101.112" -> ED25519;
            case "ED448", "1.3.101.113" -> ED448;
            case "EDDSA" -> EDDSA_UNKNOWN_CURVE;
            default -> UNKNOWN;
        };
    }

    /** True when a key of this kind is the kind {@code scheme} names (RFC 8446 4.2.3). */
    boolean fits(SignatureScheme scheme) {
        return switch (scheme) {
            case RSA_PKCS1_SHA1, RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512,
                    RSA_PSS_RSAE_SHA256, RSA_PSS_RSAE_SHA384, RSA_PSS_RSAE_SHA512 -> this == RSA;
            case RSA_PSS_PSS_SHA256, RSA_PSS_PSS_SHA384, RSA_PSS_PSS_SHA512 -> this == RSA_PSS;
            case ECDSA_SHA1, ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384, ECDSA_SECP521R1_SHA512 -> this == EC;
            case ED25519 -> this == ED25519 || this == EDDSA_UNKNOWN_CURVE;
            case ED448 -> this == ED448 || this == EDDSA_UNKNOWN_CURVE;
        };
    }
}
