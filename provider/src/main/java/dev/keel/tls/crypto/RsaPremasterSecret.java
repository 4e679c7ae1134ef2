package dev.keel.tls.crypto;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * The premaster secret of TLS 1.2 RSA key exchange (RFC 5246 7.4.7.1): 48 bytes, {@code client_version}
 * followed by 46 random bytes, encrypted with RSAES-PKCS1-v1_5 (RFC 8017 7.2) to the server's
 * certificate key.
 *
 * <p>The server side must never reveal whether decryption worked (Bleichenbacher's attack, and its
 * timing variants such as ROBOT and Marvin): {@link #decrypt} always returns 48 bytes, and on any failure
 * — bad padding, wrong length, wrong version, a ciphertext the key rejects — returns
 * {@code client_version || 46 random bytes} chosen before decryption (RFC 5246 7.4.7.1 steps 1-3).
 * For a version mismatch alone, the RFC's algorithm keeps {@code M[2..47]} behind the expected version;
 * Keel substitutes the random bytes there too, so that one constant-time mask covers every failure —
 * either way the two sides end up with different master secrets. The handshake then fails later, at
 * Finished, exactly as for any wrong premaster secret.
 *
 * <p>To keep the padding check free of secret-dependent branches and exceptions, decryption uses raw
 * RSA ({@code RSA/ECB/NoPadding}) and checks the PKCS#1 v1.5 padding here in constant time. The JDK's
 * {@code RSA/ECB/PKCS1Padding} signals bad padding by throwing, and building an exception takes
 * measurably longer than returning. Keys whose provider offers no raw RSA (some PKCS#11 tokens) fall
 * back to {@code RSA/ECB/PKCS1Padding} with every exception caught; that path is as good as the
 * token's own implementation.
 */
public final class RsaPremasterSecret {
    /** Length of the premaster secret (RFC 5246 7.4.7.1). */
    public static final int LENGTH = 48;

    /** PKCS#1 v1.5 encryption needs at least 8 padding bytes (RFC 8017 7.2.1). */
    private static final int MIN_PADDING = 8;

    private RsaPremasterSecret() {
    }

    /** What the client keeps and what it sends: the premaster secret and its encryption. */
    public record ClientSide(byte[] preMasterSecret, byte[] encryptedPreMasterSecret) {
    }

    /**
     * Client side: a fresh premaster secret ({@code clientHelloVersion} as two bytes, then 46 random
     * bytes — the version offered in ClientHello, not the negotiated one, RFC 5246 7.4.7.1) and its
     * RSAES-PKCS1-v1_5 encryption to {@code serverKey}.
     *
     * @throws TlsAlertException handshake_failure when the server's key cannot encrypt (not an RSA key)
     */
    public static ClientSide encrypt(PublicKey serverKey, int clientHelloVersion, SecureRandom random)
            throws TlsAlertException {
        byte[] preMaster = new byte[LENGTH];
        random.nextBytes(preMaster);
        preMaster[0] = (byte) (clientHelloVersion >>> 8);
        preMaster[1] = (byte) clientHelloVersion;
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, serverKey, random);
            return new ClientSide(preMaster, rsa.doFinal(preMaster));
        } catch (GeneralSecurityException | RuntimeException e) {
            Arrays.fill(preMaster, (byte) 0);
            throw new TlsAlertException(AlertDescription.HANDSHAKE_FAILURE,
                    "cannot encrypt the RSA premaster secret to the server's "
                            + serverKey.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /**
     * Server side: the premaster secret from a ClientKeyExchange, or {@code clientHelloVersion || 46
     * random bytes} when anything about it is wrong. Never throws, returns 48 bytes, and takes the same
     * path for every ciphertext of the right length.
     *
     * @param clientHelloVersion ClientHello.client_version (the version the client offered)
     */
    public static byte[] decrypt(PrivateKey serverKey, byte[] encryptedPreMaster, int clientHelloVersion,
            SecureRandom random) {
        // RFC 5246 7.4.7.1 step 1: the substitute is drawn before decryption, always.
        byte[] fallback = new byte[LENGTH];
        random.nextBytes(fallback);
        fallback[0] = (byte) (clientHelloVersion >>> 8);
        fallback[1] = (byte) clientHelloVersion;

        Cipher raw = rawRsa(serverKey);
        if (raw != null) {
            return decryptRaw(raw, serverKey, encryptedPreMaster, clientHelloVersion, fallback);
        }
        return decryptWithPadding(serverKey, encryptedPreMaster, clientHelloVersion, fallback);
    }

    /**
     * A raw-RSA cipher initialised with the key, or {@code null} when the key's provider has none. The
     * choice depends only on the key, never on the ciphertext.
     */
    static Cipher rawRsa(PrivateKey key) {
        try {
            Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
            raw.init(Cipher.DECRYPT_MODE, key);
            return raw;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** Raw RSA, then the constant-time PKCS#1 v1.5 check of {@link #selectPreMaster}. */
    static byte[] decryptRaw(Cipher raw, PrivateKey key, byte[] ciphertext, int clientHelloVersion,
            byte[] fallback) {
        int k = modulusLength(key, ciphertext);
        byte[] em = new byte[k];
        boolean decrypted;
        try {
            // The ciphertext must be exactly k bytes (RFC 8017 7.2.2 step 1); its length is public.
            if (ciphertext.length != k) {
                decrypted = false;
            } else {
                byte[] m = raw.doFinal(ciphertext);
                // Providers may drop leading zero bytes of the integer; right-align it in k bytes.
                decrypted = m.length <= k;
                if (decrypted) {
                    System.arraycopy(m, 0, em, k - m.length, m.length);
                }
                Arrays.fill(m, (byte) 0);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // Only public conditions make raw RSA fail (ciphertext not below the modulus).
            decrypted = false;
        }
        try {
            return selectPreMaster(em, decrypted, clientHelloVersion, fallback);
        } finally {
            Arrays.fill(em, (byte) 0);
            Arrays.fill(fallback, (byte) 0);
        }
    }

    /**
     * Checks {@code em = 0x00 || 0x02 || PS (>= 8 non-zero bytes) || 0x00 || M} with M of exactly 48
     * bytes starting with the client version (RFC 8017 7.2.2 step 3, RFC 5246 7.4.7.1), without a
     * branch on any byte of {@code em}, and returns M or the fallback.
     */
    static byte[] selectPreMaster(byte[] em, boolean decrypted, int clientHelloVersion, byte[] fallback) {
        int k = em.length;
        int messageStart = k - LENGTH;
        // bad stays 0 only if every check passes; each term is 0 on success, non-zero on failure.
        int bad = decrypted ? 0 : 1;
        // Public: the key length alone decides whether a 48-byte message can fit with 8 padding bytes.
        boolean fits = k >= LENGTH + 3 + MIN_PADDING;
        bad |= fits ? 0 : 1;
        if (fits) {
            bad |= em[0] & 0xFF;
            bad |= (em[1] & 0xFF) ^ 0x02;
            for (int i = 2; i < messageStart - 1; i++) {
                bad |= isZero(em[i]); // padding bytes must be non-zero
            }
            bad |= em[messageStart - 1] & 0xFF; // the separator must be zero
            bad |= (em[messageStart] & 0xFF) ^ ((clientHelloVersion >>> 8) & 0xFF);
            bad |= (em[messageStart + 1] & 0xFF) ^ (clientHelloVersion & 0xFF);
        }
        int keep = ((bad | -bad) >>> 31) - 1; // all ones when bad == 0, else zero
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int fromMessage = fits ? em[messageStart + i] : 0;
            out[i] = (byte) ((fromMessage & keep) | (fallback[i] & ~keep));
        }
        return out;
    }

    /** 1 when {@code b} is zero, else 0, without a branch. */
    private static int isZero(byte b) {
        return ((b & 0xFF) - 1) >>> 31;
    }

    /**
     * Fallback for keys without raw RSA: the provider's own PKCS#1 v1.5 decryption, every failure
     * caught, then the same masked selection.
     */
    static byte[] decryptWithPadding(PrivateKey key, byte[] ciphertext, int clientHelloVersion,
            byte[] fallback) {
        byte[] m = null;
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.DECRYPT_MODE, key);
            m = rsa.doFinal(ciphertext);
        } catch (GeneralSecurityException | RuntimeException e) {
            // RFC 5246 7.4.7.1: a failure is not reported; the fallback is used below.
        }
        boolean decrypted = m != null && m.length == LENGTH;
        // Present M as a minimal well-formed block so one selection routine serves both paths.
        byte[] em = new byte[LENGTH + 3 + MIN_PADDING];
        em[1] = 0x02;
        Arrays.fill(em, 2, 2 + MIN_PADDING, (byte) 0x5A);
        if (decrypted) {
            System.arraycopy(m, 0, em, em.length - LENGTH, LENGTH);
        }
        if (m != null) {
            Arrays.fill(m, (byte) 0);
        }
        try {
            return selectPreMaster(em, decrypted, clientHelloVersion, fallback);
        } finally {
            Arrays.fill(em, (byte) 0);
            Arrays.fill(fallback, (byte) 0);
        }
    }

    /** k, the modulus length in bytes; the ciphertext length when the key does not say. */
    private static int modulusLength(PrivateKey key, byte[] ciphertext) {
        if (key instanceof RSAKey rsaKey && rsaKey.getModulus() != null) {
            return (rsaKey.getModulus().bitLength() + 7) / 8;
        }
        return ciphertext.length;
    }
}
