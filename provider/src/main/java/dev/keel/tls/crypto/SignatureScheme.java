package dev.keel.tls.crypto;

import dev.keel.tls.alert.TlsAlertException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;

/**
 * Signature schemes (RFC 8446 4.2.3). TLS 1.3 CertificateVerify may use only the ECDSA, RSA-PSS and
 * EdDSA schemes; rsa_pkcs1_* is accepted only for certificate signatures (signature_algorithms_cert)
 * and, in TLS 1.2, for ServerKeyExchange.
 */
public enum SignatureScheme {
    RSA_PKCS1_SHA256(0x0401, "rsa_pkcs1_sha256"),
    RSA_PKCS1_SHA384(0x0501, "rsa_pkcs1_sha384"),
    RSA_PKCS1_SHA512(0x0601, "rsa_pkcs1_sha512"),
    ECDSA_SECP256R1_SHA256(0x0403, "ecdsa_secp256r1_sha256"),
    ECDSA_SECP384R1_SHA384(0x0503, "ecdsa_secp384r1_sha384"),
    ECDSA_SECP521R1_SHA512(0x0603, "ecdsa_secp521r1_sha512"),
    RSA_PSS_RSAE_SHA256(0x0804, "rsa_pss_rsae_sha256"),
    RSA_PSS_RSAE_SHA384(0x0805, "rsa_pss_rsae_sha384"),
    RSA_PSS_RSAE_SHA512(0x0806, "rsa_pss_rsae_sha512"),
    ED25519(0x0807, "ed25519"),
    ED448(0x0808, "ed448"),
    RSA_PSS_PSS_SHA256(0x0809, "rsa_pss_pss_sha256"),
    RSA_PSS_PSS_SHA384(0x080A, "rsa_pss_pss_sha384"),
    RSA_PSS_PSS_SHA512(0x080B, "rsa_pss_pss_sha512"),
    /** Legacy, certificates only: many CA chains still carry SHA-1 RSA signatures on roots. */
    RSA_PKCS1_SHA1(0x0201, "rsa_pkcs1_sha1"),
    ECDSA_SHA1(0x0203, "ecdsa_sha1");

    /** {@code values()} clones its array on every call; lookups run per handshake message. */
    private static final SignatureScheme[] VALUES = values();

    private final int code;
    private final String rfcName;

    SignatureScheme(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    public int code() {
        return code;
    }

    /** The RFC name, also the name used by {@code jdk.tls.*.SignatureSchemes}. */
    public String rfcName() {
        return rfcName;
    }

    /**
     * The JCA standard signature algorithm name ("SHA256withECDSA", "RSASSA-PSS", "Ed25519"...), as
     * {@code Signature.getInstance} and {@code ExtendedSSLSession.get*SupportedSignatureAlgorithms()} use it.
     */
    public String jcaName() {
        return JcaSignatures.algorithm(this);
    }

    /** True when TLS 1.3 CertificateVerify may use this scheme (RFC 8446 4.4.3). */
    public boolean allowedInTls13CertificateVerify() {
        return switch (this) {
            case ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384, ECDSA_SECP521R1_SHA512,
                    RSA_PSS_RSAE_SHA256, RSA_PSS_RSAE_SHA384, RSA_PSS_RSAE_SHA512,
                    RSA_PSS_PSS_SHA256, RSA_PSS_PSS_SHA384, RSA_PSS_PSS_SHA512,
                    ED25519, ED448 -> true;
            default -> false;
        };
    }

    /**
     * The JCA key algorithm a certificate key must have for this scheme ("EC", "RSA", "RSASSA-PSS",
     * "Ed25519", "Ed448"); also the key type asked of a key manager.
     */
    public String keyAlgorithm() {
        return switch (this) {
            case RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512, RSA_PKCS1_SHA1,
                    RSA_PSS_RSAE_SHA256, RSA_PSS_RSAE_SHA384, RSA_PSS_RSAE_SHA512 -> "RSA";
            case RSA_PSS_PSS_SHA256, RSA_PSS_PSS_SHA384, RSA_PSS_PSS_SHA512 -> "RSASSA-PSS";
            case ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384, ECDSA_SECP521R1_SHA512, ECDSA_SHA1 -> "EC";
            case ED25519 -> "Ed25519";
            case ED448 -> "Ed448";
        };
    }

    /**
     * True when {@code key} can be used with this scheme: right algorithm, and for the ECDSA schemes of
     * TLS 1.3 the right curve (RFC 8446 4.2.3), and for RSA a modulus large enough for PSS.
     */
    public boolean isCompatibleWith(PublicKey key) {
        return Signatures.isCompatible(this, key);
    }

    /**
     * True when {@code key} can be used with this scheme in TLS 1.2 (ServerKeyExchange,
     * CertificateVerify): as {@link #isCompatibleWith} except that the ECDSA schemes accept a key on any
     * curve, since TLS 1.2 does not bind the curve to the hash (RFC 8446 4.2.3).
     */
    public boolean isCompatibleInTls12With(PublicKey key) {
        return Signatures.isCompatibleInTls12(this, key);
    }

    /** Signs {@code message} (the full content to sign, not a digest). */
    public byte[] sign(PrivateKey key, byte[] message, SecureRandom random) throws TlsAlertException {
        return Signatures.sign(this, key, message, random);
    }

    /** Verifies; false (never an exception) for a signature that does not verify or is malformed. */
    public boolean verify(PublicKey key, byte[] message, byte[] signature) {
        return Signatures.verify(this, key, message, signature);
    }

    public static SignatureScheme fromCode(int code) {
        for (SignatureScheme s : VALUES) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    public static SignatureScheme fromName(String name) {
        for (SignatureScheme s : VALUES) {
            if (s.rfcName.equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        return null;
    }
}
