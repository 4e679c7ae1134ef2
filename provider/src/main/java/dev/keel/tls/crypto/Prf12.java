package dev.keel.tls.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The TLS 1.2 pseudorandom function (RFC 5246 section 5) and everything TLS 1.2 derives with it: the
 * master secret (RFC 5246 8.1), the extended master secret (RFC 7627 section 4), the key block for AEAD
 * suites (RFC 5246 6.3), Finished verify_data (RFC 5246 7.4.9) and keying-material exporters (RFC 5705).
 *
 * <p>{@code PRF(secret, label, seed) = P_<hash>(secret, label + seed)}, where
 * <pre>
 *   P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
 *                          HMAC_hash(secret, A(2) + seed) + ...
 *   A(0) = seed,  A(i) = HMAC_hash(secret, A(i-1))
 * </pre>
 * The hash is SHA-256 for every TLS 1.2 suite Keel implements except the {@code _SHA384} ones, which
 * use SHA-384 (RFC 5288 section 3, RFC 5289 section 3).
 *
 * <p>Each call borrows this thread's {@link Hmac}; an instance is meant to live for one handshake and
 * is <b>not thread-safe</b>.
 */
public final class Prf12 {
    /** Length of master_secret and of the extended master secret (RFC 5246 8.1). */
    public static final int MASTER_SECRET_LENGTH = 48;
    /** Length of Finished.verify_data for every TLS 1.2 suite Keel implements (RFC 5246 7.4.9). */
    public static final int VERIFY_DATA_LENGTH = 12;
    /** Length of ClientHello.random and ServerHello.random (RFC 5246 7.4.1.2). */
    public static final int RANDOM_LENGTH = 32;

    // The labels of RFC 5246 and RFC 7627: ASCII, no terminating NUL.
    private static final byte[] MASTER_SECRET = ascii("master secret");
    private static final byte[] EXTENDED_MASTER_SECRET = ascii("extended master secret");
    private static final byte[] KEY_EXPANSION = ascii("key expansion");
    private static final byte[] CLIENT_FINISHED = ascii("client finished");
    private static final byte[] SERVER_FINISHED = ascii("server finished");

    private final HashAlgorithm hash;
    /** A(i) of P_hash, reused across iterations and calls; wiped after each call. */
    private final byte[] a;

    public Prf12(HashAlgorithm hash) {
        this.hash = hash;
        this.a = new byte[hash.length()];
    }

    /** The hash of P_hash (and of the handshake hash fed to {@link #clientVerifyData}). */
    public HashAlgorithm hash() {
        return hash;
    }

    /**
     * The length of the fixed (implicit) IV of a TLS 1.2 AEAD suite: the 4-byte salt of AES-GCM
     * (RFC 5288 section 3) or the 12-byte IV of ChaCha20-Poly1305 (RFC 7905 section 2).
     */
    public static int fixedIvLength(AeadAlgorithm aead) {
        return switch (aead) {
            case AES_128_GCM, AES_256_GCM -> 4;
            case CHACHA20_POLY1305 -> 12;
        };
    }

    /** {@code PRF(secret, label, seed)[0..length)}, RFC 5246 section 5. */
    public byte[] prf(byte[] secret, String label, byte[] seed, int length) {
        byte[] out = new byte[length];
        expand(secret, out, ascii(label), seed);
        return out;
    }

    /**
     * {@code master_secret = PRF(pre_master_secret, "master secret", ClientHello.random +
     * ServerHello.random)[0..47]} (RFC 5246 8.1). Used only when extended_master_secret was not
     * negotiated.
     */
    public byte[] masterSecret(byte[] preMasterSecret, byte[] clientRandom, byte[] serverRandom) {
        checkRandom(clientRandom, "client random");
        checkRandom(serverRandom, "server random");
        byte[] out = new byte[MASTER_SECRET_LENGTH];
        expand(preMasterSecret, out, MASTER_SECRET, clientRandom, serverRandom);
        return out;
    }

    /**
     * {@code master_secret = PRF(pre_master_secret, "extended master secret", session_hash)[0..47]}
     * (RFC 7627 section 4), where session_hash is the handshake hash up to and including
     * ClientKeyExchange (RFC 7627 section 3).
     */
    public byte[] extendedMasterSecret(byte[] preMasterSecret, byte[] sessionHash) {
        checkHashLength(sessionHash, "session hash");
        byte[] out = new byte[MASTER_SECRET_LENGTH];
        expand(preMasterSecret, out, EXTENDED_MASTER_SECRET, sessionHash);
        return out;
    }

    /**
     * The traffic keys of an AEAD suite (RFC 5246 6.3): {@code key_block = PRF(master_secret,
     * "key expansion", server_random + client_random)} cut into client_write_key, server_write_key,
     * client_write_IV, server_write_IV. AEAD suites have no MAC keys (mac_key_length = 0), and the
     * IVs are the fixed part of the nonce ({@link #fixedIvLength}).
     */
    public AeadKeys keyBlock(byte[] masterSecret, byte[] clientRandom, byte[] serverRandom,
            AeadAlgorithm aead) {
        checkRandom(clientRandom, "client random");
        checkRandom(serverRandom, "server random");
        int keyLength = aead.keyLength();
        int ivLength = fixedIvLength(aead);
        byte[] keyBlock = new byte[2 * keyLength + 2 * ivLength];
        // Note the order of the randoms: server first here, client first for the master secret.
        expand(masterSecret, keyBlock, KEY_EXPANSION, serverRandom, clientRandom);
        try {
            int off = 0;
            byte[] clientKey = Arrays.copyOfRange(keyBlock, off, off += keyLength);
            byte[] serverKey = Arrays.copyOfRange(keyBlock, off, off += keyLength);
            byte[] clientIv = Arrays.copyOfRange(keyBlock, off, off += ivLength);
            byte[] serverIv = Arrays.copyOfRange(keyBlock, off, off + ivLength);
            return new AeadKeys(clientKey, serverKey, clientIv, serverIv);
        } finally {
            Arrays.fill(keyBlock, (byte) 0);
        }
    }

    /**
     * The client's Finished.verify_data: {@code PRF(master_secret, "client finished",
     * Hash(handshake_messages))[0..11]} (RFC 5246 7.4.9).
     */
    public byte[] clientVerifyData(byte[] masterSecret, byte[] handshakeHash) {
        return verifyData(masterSecret, CLIENT_FINISHED, handshakeHash);
    }

    /** The server's Finished.verify_data, label "server finished" (RFC 5246 7.4.9). */
    public byte[] serverVerifyData(byte[] masterSecret, byte[] handshakeHash) {
        return verifyData(masterSecret, SERVER_FINISHED, handshakeHash);
    }

    private byte[] verifyData(byte[] masterSecret, byte[] label, byte[] handshakeHash) {
        checkHashLength(handshakeHash, "handshake hash");
        byte[] out = new byte[VERIFY_DATA_LENGTH];
        expand(masterSecret, out, label, handshakeHash);
        return out;
    }

    /**
     * A keying-material exporter (RFC 5705 section 4):
     * {@code PRF(master_secret, label, client_random + server_random [+ uint16 context_length +
     * context])[length]}.
     *
     * @param context the context value, or {@code null} for "no context" — which differs from an empty
     *        context (RFC 5705 section 4: the empty context is still length-prefixed)
     * @throws IllegalArgumentException for a label that is empty, not printable ASCII, or one of the
     *         labels TLS itself uses with the PRF (reserved by RFC 5705 section 6), or a context longer
     *         than 2^16-1 bytes
     */
    public byte[] exportKeyingMaterial(byte[] masterSecret, byte[] clientRandom, byte[] serverRandom,
            String label, byte[] context, int length) {
        checkRandom(clientRandom, "client random");
        checkRandom(serverRandom, "server random");
        byte[] labelBytes = exporterLabel(label);
        if (length < 0) {
            throw new IllegalArgumentException("negative exporter length " + length);
        }
        byte[] out = new byte[length];
        if (context == null) {
            expand(masterSecret, out, labelBytes, clientRandom, serverRandom);
        } else {
            if (context.length > 0xFFFF) {
                throw new IllegalArgumentException(
                        "exporter context of " + context.length + " bytes exceeds its uint16 length");
            }
            byte[] contextLength = {(byte) (context.length >>> 8), (byte) context.length};
            expand(masterSecret, out, labelBytes, clientRandom, serverRandom, contextLength, context);
        }
        return out;
    }

    private static byte[] exporterLabel(String label) {
        if (label == null || label.isEmpty()) {
            throw new IllegalArgumentException("exporter label must not be empty");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("exporter label must be printable ASCII: " + label);
            }
        }
        switch (label) {
            case "client finished", "server finished", "master secret", "key expansion",
                    "extended master secret" ->
                throw new IllegalArgumentException("exporter label \"" + label
                        + "\" is reserved for TLS itself (RFC 5705 section 6, RFC 7627)");
            default -> {
                return ascii(label);
            }
        }
    }

    /**
     * Fills {@code out} with {@code P_hash(secret, seedParts[0] + seedParts[1] + ...)}; the label is
     * the first seed part. The parts are fed to the MAC one after the other, never concatenated.
     */
    private void expand(byte[] secret, byte[] out, byte[]... seedParts) {
        int blockLength = hash.length();
        Hmac mac = Hmac.borrow(hash, secret);
        try {
            // A(1) = HMAC(secret, seed)
            for (byte[] part : seedParts) {
                mac.update(part, 0, part.length);
            }
            mac.doFinal(a, 0, blockLength);
            int off = 0;
            while (off < out.length) {
                // output block i = HMAC(secret, A(i) + seed)
                mac.update(a, 0, blockLength);
                for (byte[] part : seedParts) {
                    mac.update(part, 0, part.length);
                }
                int n = Math.min(blockLength, out.length - off);
                mac.doFinal(out, off, n);
                off += n;
                if (off < out.length) {
                    // A(i+1) = HMAC(secret, A(i))
                    mac.update(a, 0, blockLength);
                    mac.doFinal(a, 0, blockLength);
                }
            }
        } finally {
            Arrays.fill(a, (byte) 0);
            Hmac.giveBack(mac);
        }
    }

    private void checkHashLength(byte[] value, String what) {
        if (value.length != hash.length()) {
            throw new IllegalArgumentException(
                    what + " is " + value.length + " bytes, expected " + hash.length() + " for " + hash);
        }
    }

    private static void checkRandom(byte[] random, String what) {
        if (random.length != RANDOM_LENGTH) {
            throw new IllegalArgumentException(what + " is " + random.length + " bytes, expected 32");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The traffic keys of a TLS 1.2 AEAD suite (RFC 5246 6.3). The IVs are the fixed nonce part: the
     * 4-byte salt for AES-GCM, the 12-byte IV for ChaCha20-Poly1305. The arrays are the caller's to
     * wipe with {@link #destroy()} once the record ciphers are keyed.
     */
    public record AeadKeys(byte[] clientWriteKey, byte[] serverWriteKey, byte[] clientWriteIv,
            byte[] serverWriteIv) {
        /** Overwrites all four arrays with zeros. */
        public void destroy() {
            Arrays.fill(clientWriteKey, (byte) 0);
            Arrays.fill(serverWriteKey, (byte) 0);
            Arrays.fill(clientWriteIv, (byte) 0);
            Arrays.fill(serverWriteIv, (byte) 0);
        }
    }
}
