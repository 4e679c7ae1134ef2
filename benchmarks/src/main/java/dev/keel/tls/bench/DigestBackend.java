package dev.keel.tls.bench;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SHA-256 (the transcript hash of the TLS_AES_128_GCM_SHA256 suite) and HMAC-SHA256 (the core of HKDF,
 * RFC 5869, and of the TLS 1.3 key schedule), as the JDK's {@link MessageDigest}/{@link Mac} or Bouncy
 * Castle's lightweight digests, each object reused.
 */
public interface DigestBackend {
    /** Writes the 32-byte result for {@code data} into {@code out}. */
    void compute(byte[] data, byte[] out) throws GeneralSecurityException;

    /** "SHA-256" or "HMAC-SHA256" (keyed with {@code key}), with "JDK" or "BC". */
    static DigestBackend create(String algorithm, String backend, byte[] key) throws GeneralSecurityException {
        boolean hmac;
        if (algorithm.equals("HMAC-SHA256")) {
            hmac = true;
        } else if (algorithm.equals("SHA-256")) {
            hmac = false;
        } else {
            throw new IllegalArgumentException("unknown algorithm " + algorithm);
        }
        switch (backend) {
            case "JDK":
                if (hmac) {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(key, "HmacSHA256"));
                    return (data, out) -> {
                        mac.update(data);
                        mac.doFinal(out, 0);
                    };
                }
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                return (data, out) -> {
                    md.update(data);
                    md.digest(out, 0, out.length);
                };
            case "BC":
                if (hmac) {
                    HMac mac = new HMac(SHA256Digest.newInstance());
                    mac.init(new KeyParameter(key));
                    return (data, out) -> {
                        mac.update(data, 0, data.length);
                        mac.doFinal(out, 0);
                    };
                }
                Digest digest = SHA256Digest.newInstance();
                return (data, out) -> {
                    digest.update(data, 0, data.length);
                    digest.doFinal(out, 0);
                };
            default:
                throw new IllegalArgumentException("unknown backend " + backend + " (JDK or BC)");
        }
    }
}
