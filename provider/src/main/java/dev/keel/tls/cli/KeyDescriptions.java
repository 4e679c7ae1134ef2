package dev.keel.tls.cli;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** "RSA 2048-bit", "EC P-256", "Ed25519": a public key in a person's words. */
final class KeyDescriptions {
    private KeyDescriptions() {
    }

    static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return key.getAlgorithm() + " " + rsa.getModulus().bitLength() + "-bit";
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return "EC P-" + bits;
        }
        return key.getAlgorithm();
    }
}
