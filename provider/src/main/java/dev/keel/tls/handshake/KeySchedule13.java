package dev.keel.tls.handshake;

import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.HashAlgorithm;
import dev.keel.tls.crypto.Hkdf;
import dev.keel.tls.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The TLS 1.3 key schedule, RFC 8446 7.1, read top to bottom:
 *
 * <pre>
 *              0
 *              |
 *    PSK -&gt;  HKDF-Extract = Early Secret      -- binder_key, client_early_traffic_secret
 *              |
 *        Derive-Secret(., "derived", "")
 *              |
 * (EC)DHE -&gt; HKDF-Extract = Handshake Secret  -- {client,server}_handshake_traffic_secret
 *              |
 *        Derive-Secret(., "derived", "")
 *              |
 *    0 -&gt;  HKDF-Extract = Master Secret       -- {client,server}_application_traffic_secret_0,
 *                                                 exporter_master_secret, resumption_master_secret
 * </pre>
 *
 * <p>The three stage secrets live here and are wiped by {@link #destroy()} (and each earlier stage as
 * soon as the next one is derived); the secrets handed out are fresh arrays that the caller owns and
 * wipes. Transcript hashes are passed in, computed by {@link Transcript}.
 */
public final class KeySchedule13 {
    private final HashAlgorithm hash;
    private final byte[] emptyHash;
    private byte[] earlySecret;
    private byte[] handshakeSecret;
    private byte[] masterSecret;

    public KeySchedule13(CipherSuite suite) {
        this.hash = suite.hash();
        this.emptyHash = hash.emptyHash();
    }

    /** The suite's hash function. */
    public HashAlgorithm hash() {
        return hash;
    }

    /**
     * Early Secret = HKDF-Extract(salt = 0, IKM = PSK). A {@code null} PSK (full handshake, no PSK)
     * means Hash.length zero bytes.
     */
    public void deriveEarlySecret(byte[] psk) {
        wipe(earlySecret);
        earlySecret = Hkdf.extract(hash, null, psk == null ? new byte[hash.length()] : psk);
    }

    /** binder_key = Derive-Secret(Early Secret, "res binder" | "ext binder", ""), RFC 8446 7.1 / 4.2.11.2. */
    public byte[] binderKey(boolean resumption) {
        return Hkdf.deriveSecret(hash, require(earlySecret, "early"), resumption ? "res binder" : "ext binder",
                emptyHash);
    }

    /** client_early_traffic_secret = Derive-Secret(Early Secret, "c e traffic", ClientHello). */
    public byte[] clientEarlyTrafficSecret(byte[] thClientHello) {
        return Hkdf.deriveSecret(hash, require(earlySecret, "early"), "c e traffic", thClientHello);
    }

    /** early_exporter_master_secret = Derive-Secret(Early Secret, "e exp master", ClientHello). */
    public byte[] earlyExporterMasterSecret(byte[] thClientHello) {
        return Hkdf.deriveSecret(hash, require(earlySecret, "early"), "e exp master", thClientHello);
    }

    /**
     * Handshake Secret = HKDF-Extract(salt = Derive-Secret(Early Secret, "derived", ""), IKM = (EC)DHE).
     * A {@code null} shared secret (psk_ke mode, no (EC)DHE) means Hash.length zero bytes. Requires
     * {@link #deriveEarlySecret} first (with {@code null} for a full handshake). Wipes the early secret:
     * nothing is derived from it afterwards.
     */
    public void deriveHandshakeSecret(byte[] sharedSecret) {
        byte[] salt = Hkdf.deriveSecret(hash, require(earlySecret, "early"), "derived", emptyHash);
        wipe(handshakeSecret);
        handshakeSecret = Hkdf.extract(hash, salt, sharedSecret == null ? new byte[hash.length()] : sharedSecret);
        wipe(salt);
        wipe(earlySecret);
        earlySecret = null;
    }

    /** client_handshake_traffic_secret = Derive-Secret(Handshake Secret, "c hs traffic", ClientHello...ServerHello). */
    public byte[] clientHandshakeTrafficSecret(byte[] thServerHello) {
        return Hkdf.deriveSecret(hash, require(handshakeSecret, "handshake"), "c hs traffic", thServerHello);
    }

    /** server_handshake_traffic_secret = Derive-Secret(Handshake Secret, "s hs traffic", ClientHello...ServerHello). */
    public byte[] serverHandshakeTrafficSecret(byte[] thServerHello) {
        return Hkdf.deriveSecret(hash, require(handshakeSecret, "handshake"), "s hs traffic", thServerHello);
    }

    /**
     * Master Secret = HKDF-Extract(salt = Derive-Secret(Handshake Secret, "derived", ""), IKM = 0).
     * Wipes the handshake secret; derive both handshake traffic secrets before calling this.
     */
    public void deriveMasterSecret() {
        byte[] salt = Hkdf.deriveSecret(hash, require(handshakeSecret, "handshake"), "derived", emptyHash);
        wipe(masterSecret);
        masterSecret = Hkdf.extract(hash, salt, new byte[hash.length()]);
        wipe(salt);
        wipe(handshakeSecret);
        handshakeSecret = null;
    }

    /** client_application_traffic_secret_0 = Derive-Secret(Master Secret, "c ap traffic", ClientHello...server Finished). */
    public byte[] clientApplicationTrafficSecret(byte[] thServerFinished) {
        return Hkdf.deriveSecret(hash, require(masterSecret, "master"), "c ap traffic", thServerFinished);
    }

    /** server_application_traffic_secret_0 = Derive-Secret(Master Secret, "s ap traffic", ClientHello...server Finished). */
    public byte[] serverApplicationTrafficSecret(byte[] thServerFinished) {
        return Hkdf.deriveSecret(hash, require(masterSecret, "master"), "s ap traffic", thServerFinished);
    }

    /** exporter_master_secret = Derive-Secret(Master Secret, "exp master", ClientHello...server Finished). */
    public byte[] exporterMasterSecret(byte[] thServerFinished) {
        return Hkdf.deriveSecret(hash, require(masterSecret, "master"), "exp master", thServerFinished);
    }

    /** resumption_master_secret = Derive-Secret(Master Secret, "res master", ClientHello...client Finished). */
    public byte[] resumptionMasterSecret(byte[] thClientFinished) {
        return Hkdf.deriveSecret(hash, require(masterSecret, "master"), "res master", thClientFinished);
    }

    /**
     * Finished verify_data (RFC 8446 4.4.4): {@code HMAC(finished_key, transcriptHash)} with
     * {@code finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length)}. BaseKey is the
     * sender's handshake traffic secret; for a PSK binder (4.2.11.2) it is the binder key and the hash
     * is over the truncated ClientHello. Compare results with {@code MessageDigest.isEqual}.
     */
    public static byte[] finishedVerifyData(HashAlgorithm hash, byte[] baseKey, byte[] transcriptHash) {
        byte[] finishedKey = Hkdf.expandLabel(hash, baseKey, "finished", null, hash.length());
        try {
            return Hmac.mac(hash, finishedKey, transcriptHash);
        } finally {
            wipe(finishedKey);
        }
    }

    /** application_traffic_secret_N+1 = HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length), RFC 8446 7.2. */
    public static byte[] nextTrafficSecret(HashAlgorithm hash, byte[] secret) {
        return Hkdf.expandLabel(hash, secret, "traffic upd", null, hash.length());
    }

    /** The PSK of a ticket: HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length), RFC 8446 4.6.1. */
    public static byte[] resumptionPsk(HashAlgorithm hash, byte[] resumptionMasterSecret, byte[] ticketNonce) {
        return Hkdf.expandLabel(hash, resumptionMasterSecret, "resumption", ticketNonce, hash.length());
    }

    /**
     * TLS-Exporter(label, context_value, key_length) = HKDF-Expand-Label(Derive-Secret(Secret, label, ""),
     * "exporter", Hash(context_value), key_length), RFC 8446 7.5. A {@code null} context is the same as
     * an empty one in TLS 1.3.
     *
     * @param label the exporter label (UTF-8, at most 249 bytes; RFC 5705 labels are ASCII)
     * @throws IllegalArgumentException if the label is too long or {@code length} exceeds 255 * Hash.length
     */
    public static byte[] exportKeyingMaterial(HashAlgorithm hash, byte[] exporterMasterSecret, String label,
            byte[] context, int length) {
        byte[] emptyHash = hash.emptyHash();
        byte[] contextHash = hash.newDigest().digest(context == null ? new byte[0] : context);
        if (label.getBytes(StandardCharsets.UTF_8).length > 249) {
            throw new IllegalArgumentException("exporter label longer than 249 bytes");
        }
        byte[] secret = Hkdf.deriveSecret(hash, exporterMasterSecret, label, emptyHash);
        try {
            return Hkdf.expandLabel(hash, secret, "exporter", contextHash, length);
        } finally {
            wipe(secret);
        }
    }

    // Copies of the stage secrets, for tests against the RFC 8448 traces only.

    byte[] earlySecretForTest() {
        return earlySecret == null ? null : earlySecret.clone();
    }

    byte[] handshakeSecretForTest() {
        return handshakeSecret == null ? null : handshakeSecret.clone();
    }

    byte[] masterSecretForTest() {
        return masterSecret == null ? null : masterSecret.clone();
    }

    /** Wipes the stage secrets held here. */
    public void destroy() {
        wipe(earlySecret);
        wipe(handshakeSecret);
        wipe(masterSecret);
        earlySecret = null;
        handshakeSecret = null;
        masterSecret = null;
    }

    private static byte[] require(byte[] secret, String stage) {
        if (secret == null) {
            throw new IllegalStateException("the " + stage + " secret is not available at this point of the key schedule");
        }
        return secret;
    }

    private static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
