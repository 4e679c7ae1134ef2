package dev.keel.tls.crypto;

import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/** ChaCha20-Poly1305 (RFC 8439 2.8) from the JDK; the JDK takes its 12-byte nonce as an IV spec. */
final class JdkChaCha20Poly1305 extends JdkAead {

    JdkChaCha20Poly1305(byte[] key, boolean encrypt) {
        super(AeadAlgorithm.CHACHA20_POLY1305, "ChaCha20-Poly1305", "ChaCha20", key, encrypt);
    }

    @Override
    AlgorithmParameterSpec parameters(byte[] nonce, int offset) {
        return new IvParameterSpec(nonce, offset, AeadAlgorithm.CHACHA20_POLY1305.ivLength());
    }

    @Override
    boolean wantsInputAtArrayStart() {
        return true;
    }
}
