package dev.keel.tls.hostile;

import dev.keel.tls.crypto.CipherSuite;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TLS 1.3 record protection written independently of Keel with the JDK's HMAC and AEAD ciphers (RFC
 * 8446 5.2, 5.3, 7.1, 7.3), so a test can seal what Keel's own record layer refuses to write: inner
 * plaintexts that are too long, lack a content type, or carry a forbidden one.
 */
final class Tls13Sealer {
    private Tls13Sealer() {
    }

    static byte[] seal(CipherSuite suite, byte[] trafficSecret, long sequenceNumber, byte[] innerPlaintext)
            throws Exception {
        String hmac;
        int keyLength;
        switch (suite) {
            case TLS_AES_128_GCM_SHA256 -> {
                hmac = "HmacSHA256";
                keyLength = 16;
            }
            case TLS_AES_256_GCM_SHA384 -> {
                hmac = "HmacSHA384";
                keyLength = 32;
            }
            case TLS_CHACHA20_POLY1305_SHA256 -> {
                hmac = "HmacSHA256";
                keyLength = 32;
            }
            default -> throw new IllegalArgumentException(suite.toString());
        }
        byte[] key = expandLabel(hmac, trafficSecret, "key", keyLength);
        byte[] iv = expandLabel(hmac, trafficSecret, "iv", 12);
        // RFC 8446 5.3: the 64-bit sequence number, left-padded to the IV length, XORed with the IV.
        for (int i = 0; i < 8; i++) {
            iv[iv.length - 1 - i] ^= (byte) (sequenceNumber >>> (8 * i));
        }
        int length = innerPlaintext.length + 16;
        byte[] header = {23, 3, 3, (byte) (length >>> 8), (byte) length};
        Cipher cipher;
        if (suite == CipherSuite.TLS_CHACHA20_POLY1305_SHA256) {
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(iv));
        } else {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        }
        cipher.updateAAD(header);
        byte[] sealed = cipher.doFinal(innerPlaintext);
        return Wire.concat(header, sealed);
    }

    /** HKDF-Expand-Label(Secret, Label, "", Length) for outputs of one hash block (RFC 8446 7.1, RFC 5869). */
    static byte[] expandLabel(String hmac, byte[] secret, String label, int length) throws Exception {
        byte[] fullLabel = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(length >>> 8);
        info.write(length);
        info.write(fullLabel.length);
        info.writeBytes(fullLabel);
        info.write(0); // empty context
        Mac mac = Mac.getInstance(hmac);
        mac.init(new SecretKeySpec(secret, hmac));
        mac.update(info.toByteArray());
        mac.update((byte) 1);
        byte[] t1 = mac.doFinal();
        if (length > t1.length) {
            throw new IllegalArgumentException("one block only");
        }
        return java.util.Arrays.copyOf(t1, length);
    }
}
