package dev.keel.tls.conformance.matrix;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** Server certificate key types in the matrix. */
public enum CertType {
    RSA_2048("RSA-2048", "rsa2048"),
    ECDSA_P256("ECDSA P-256", "p256"),
    ECDSA_P384("ECDSA P-384", "p384"),
    ED25519("Ed25519", "ed25519");

    private final String label;
    private final String fileStem;

    CertType(String label, String fileStem) {
        this.label = label;
        this.fileStem = fileStem;
    }

    public String label() {
        return label;
    }

    /** The stem of the PEM files the test PKI writes for this type ("p256" → p256.crt, p256.key). */
    public String fileStem() {
        return fileStem;
    }

    /** The type of a certificate's public key, or null when it is none of ours. */
    public static CertType of(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength() == 2048 ? RSA_2048 : null;
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits == 256 ? ECDSA_P256 : bits == 384 ? ECDSA_P384 : null;
        }
        String algorithm = key.getAlgorithm();
        if ("Ed25519".equalsIgnoreCase(algorithm) || "EdDSA".equalsIgnoreCase(algorithm)) {
            return key.getEncoded().length == 44 ? ED25519 : null; // SPKI of a 32-byte Ed25519 key
        }
        return null;
    }
}
