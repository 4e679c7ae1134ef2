package dev.keel.tls.crypto;

import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.GCMParameterSpec;

/** AES-GCM (NIST SP 800-38D, RFC 5116 AEAD_AES_128_GCM / AEAD_AES_256_GCM) from the JDK. */
final class JdkAesGcm extends JdkAead {
    JdkAesGcm(AeadAlgorithm algorithm, byte[] key, boolean encrypt) {
        super(algorithm, "AES/GCM/NoPadding", "AES", key, encrypt);
    }

    @Override
    AlgorithmParameterSpec parameters(byte[] nonce, int offset) {
        return new GCMParameterSpec(algorithm().tagLength() * 8, nonce, offset, algorithm().ivLength());
    }
}
