package dev.keel.tls.bench;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.Aead;
import dev.keel.tls.crypto.AeadAlgorithm;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The record-protection AEADs of TLS 1.3 (RFC 8446 5.2), as the JDK's {@link Cipher} or as Bouncy
 * Castle's lightweight API. Like a TLS connection, which has one cipher per direction, each backend
 * keeps one cipher object for sealing and one for opening, re-initialised with a fresh nonce per record.
 * Both take a 12-byte nonce, additional data, and append or check a 16-byte tag.
 */
public interface AeadBackend {
    int TAG_LENGTH = 16;

    /** Encrypts {@code length} bytes of {@code in} into {@code out}; returns the bytes written (length + tag). */
    int seal(byte[] nonce, byte[] aad, byte[] in, int length, byte[] out) throws GeneralSecurityException;

    /** Decrypts and authenticates; returns the plaintext length; throws if the tag does not match. */
    int open(byte[] nonce, byte[] aad, byte[] in, int length, byte[] out) throws GeneralSecurityException;

    /**
     * "AES-128-GCM", "AES-256-GCM" or "ChaCha20-Poly1305", with "JDK", "BC" or "Keel" (Keel's
     * {@code Aead.create}, whatever backend it picks; {@code -Dkeel.chacha20.backend=keel|jdk} forces one).
     */
    static AeadBackend create(String algorithm, String backend, byte[] key) {
        boolean chacha = algorithm.equals("ChaCha20-Poly1305");
        if (!chacha && !algorithm.equals("AES-128-GCM") && !algorithm.equals("AES-256-GCM")) {
            throw new IllegalArgumentException("unknown AEAD " + algorithm);
        }
        switch (backend) {
            case "JDK":
                return new Jdk(chacha, key);
            case "BC":
                return new Bc(chacha, key);
            case "Keel":
                return new Keel(algorithm, key);
            default:
                throw new IllegalArgumentException("unknown backend " + backend + " (JDK, BC or Keel)");
        }
    }

    /**
     * The JDK: Ciphers initialised per record. The JDK refuses to initialise a Cipher twice with the same
     * key and nonce, which is one more reason for one Cipher per direction.
     */
    final class Jdk implements AeadBackend {
        private final boolean chacha;
        private final SecretKeySpec key;
        private final Cipher sealer;
        private final Cipher opener;

        Jdk(boolean chacha, byte[] key) {
            this.chacha = chacha;
            this.key = new SecretKeySpec(key, chacha ? "ChaCha20" : "AES");
            String transformation = chacha ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding";
            try {
                this.sealer = Cipher.getInstance(transformation);
                this.opener = Cipher.getInstance(transformation);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no " + transformation, e);
            }
        }

        @Override
        public int seal(byte[] nonce, byte[] aad, byte[] in, int length, byte[] out) throws GeneralSecurityException {
            sealer.init(Cipher.ENCRYPT_MODE, key, parameters(nonce));
            sealer.updateAAD(aad);
            return sealer.doFinal(in, 0, length, out, 0);
        }

        @Override
        public int open(byte[] nonce, byte[] aad, byte[] in, int length, byte[] out) throws GeneralSecurityException {
            opener.init(Cipher.DECRYPT_MODE, key, parameters(nonce));
            opener.updateAAD(aad);
            return opener.doFinal(in, 0, length, out, 0);
        }

        private java.security.spec.AlgorithmParameterSpec parameters(byte[] nonce) {
            return chacha ? new IvParameterSpec(nonce) : new GCMParameterSpec(TAG_LENGTH * 8, nonce);
        }
    }

    /** Bouncy Castle's lightweight GCM (over its AES engine) and ChaCha20Poly1305. */
    final class Bc implements AeadBackend {
        private final KeyParameter key;
        private final AEADCipher sealer;
        private final AEADCipher opener;

        Bc(boolean chacha, byte[] key) {
            this.key = new KeyParameter(key);
            this.sealer = chacha ? new ChaCha20Poly1305() : GCMBlockCipher.newInstance(AESEngine.newInstance());
            this.opener = chacha ? new ChaCha20Poly1305() : GCMBlockCipher.newInstance(AESEngine.newInstance());
        }

        @Override
        public int seal(byte[] nonce, byte[] aad, byte[] in, int length, byte[] out) throws GeneralSecurityException {
            sealer.init(true, new AEADParameters(key, TAG_LENGTH * 8, nonce, aad));
            return finish(sealer, in, length, out);
        }

        @Override
        public int open(byte[] nonce, byte[] aad, byte[] in, int length, byte[] out) throws GeneralSecurityException {
            opener.init(false, new AEADParameters(key, TAG_LENGTH * 8, nonce, aad));
            return finish(opener, in, length, out);
        }

        private static int finish(AEADCipher cipher, byte[] in, int length, byte[] out) throws GeneralSecurityException {
            int n = cipher.processBytes(in, 0, length, out, 0);
            try {
                return n + cipher.doFinal(out, n);
            } catch (InvalidCipherTextException e) {
                throw new javax.crypto.AEADBadTagException(e.getMessage());
            }
        }
    }

    /**
     * Keel's record AEAD as the record layer uses it: one instance per direction from
     * {@code Aead.create}, heap buffers reused across calls (a record layer reuses its buffers too).
     */
    final class Keel implements AeadBackend {
        private final Aead sealer;
        private final Aead opener;
        private final ByteBuffer[] views = new ByteBuffer[4];

        Keel(String algorithm, byte[] key) {
            AeadAlgorithm alg = switch (algorithm) {
                case "AES-128-GCM" -> AeadAlgorithm.AES_128_GCM;
                case "AES-256-GCM" -> AeadAlgorithm.AES_256_GCM;
                default -> AeadAlgorithm.CHACHA20_POLY1305;
            };
            this.sealer = Aead.create(alg, key, true);
            this.opener = Aead.create(alg, key, false);
        }

        @Override
        public int seal(byte[] nonce, byte[] aad, byte[] in, int length, byte[] out) throws GeneralSecurityException {
            try {
                return sealer.seal(nonce, aad, aad.length, view(0, in, length), view(1, out, out.length));
            } catch (TlsAlertException e) {
                throw new GeneralSecurityException(e.getMessage(), e);
            }
        }

        @Override
        public int open(byte[] nonce, byte[] aad, byte[] in, int length, byte[] out) throws GeneralSecurityException {
            try {
                return opener.open(nonce, aad, aad.length, view(2, in, length), view(3, out, out.length));
            } catch (TlsAlertException e) {
                throw new AEADBadTagException(e.getMessage());
            }
        }

        /** A reused buffer over {@code array[0..length)}: a new one only when the array changes. */
        private ByteBuffer view(int slot, byte[] array, int length) {
            ByteBuffer v = views[slot];
            if (v == null || v.array() != array) {
                v = ByteBuffer.wrap(array);
                views[slot] = v;
            }
            v.clear().limit(length);
            return v;
        }
    }
}
