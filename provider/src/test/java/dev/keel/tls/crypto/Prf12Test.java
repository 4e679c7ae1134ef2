package dev.keel.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prf12 against a reference PRF written in this test straight from RFC 5246 section 5 (whole-buffer
 * concatenation, Bouncy Castle's lightweight HMAC rather than the JDK's), against the TLS 1.2 PRF test
 * vectors circulated on the IETF TLS mailing list, and against the RFC definitions of what is fed to it.
 * End-to-end values from a real OpenSSL session are checked in {@code Tls12OpenSslVectorTest}.
 */
class Prf12Test {
    private static final HexFormat HEX = HexFormat.of();

    // ---- the reference: RFC 5246 section 5, written as plainly as possible ----

    private static byte[] hmac(HashAlgorithm hash, byte[] key, byte[] data) {
        Digest digest = hash == HashAlgorithm.SHA256 ? new SHA256Digest() : new SHA384Digest();
        HMac mac = new HMac(digest);
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** P_hash(secret, seed), then PRF = P_hash(secret, label + seed), truncated to length. */
    static byte[] referencePrf(HashAlgorithm hash, byte[] secret, String label, byte[] seed, int length) {
        byte[] labelAndSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] a = labelAndSeed; // A(0)
        while (out.size() < length) {
            a = hmac(hash, secret, a); // A(i)
            out.writeBytes(hmac(hash, secret, concat(a, labelAndSeed)));
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    private static byte[] bytes(int length, int start) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (start + 7 * i);
        }
        return b;
    }

    private static final byte[] CLIENT_RANDOM = bytes(32, 0x10);
    private static final byte[] SERVER_RANDOM = bytes(32, 0x90);
    private static final byte[] PREMASTER = bytes(48, 0x03);
    private static final byte[] MASTER = bytes(48, 0x55);

    // ---- published vectors ----

    /** The SHA-256 TLS 1.2 PRF vector from the IETF TLS mailing list (secret, seed, label "test label"). */
    @Test
    void publishedSha256Vector() {
        byte[] secret = HEX.parseHex("9bbe436ba940f017b17652849a71db35");
        byte[] seed = HEX.parseHex("a0ba9f936cda311827a6f796ffd5198c");
        byte[] expected = HEX.parseHex("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                + "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
                + "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
                + "87347b66");
        assertArrayEquals(expected, new Prf12(HashAlgorithm.SHA256).prf(secret, "test label", seed, 100));
        assertArrayEquals(expected, referencePrf(HashAlgorithm.SHA256, secret, "test label", seed, 100));
    }

    /** The SHA-384 TLS 1.2 PRF vector from the same set. */
    @Test
    void publishedSha384Vector() {
        byte[] secret = HEX.parseHex("b80b733d6ceefcdc71566ea48e5567df");
        byte[] seed = HEX.parseHex("cd665cf6a8447dd6ff8b27555edb7465");
        byte[] expected = HEX.parseHex("7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cd"
                + "e9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd"
                + "8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425"
                + "9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6"
                + "91c8f3a26854308d5eaa3be85e0990703d73e56f");
        assertArrayEquals(expected, new Prf12(HashAlgorithm.SHA384).prf(secret, "test label", seed, 148));
        assertArrayEquals(expected, referencePrf(HashAlgorithm.SHA384, secret, "test label", seed, 148));
    }

    // ---- against the reference ----

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 12, 31, 32, 33, 47, 48, 49, 64, 95, 96, 97, 104, 200})
    void prfMatchesReferenceAtEveryLengthAroundBlockBoundaries(int length) {
        for (HashAlgorithm hash : HashAlgorithm.values()) {
            byte[] secret = bytes(48, 1);
            byte[] seed = bytes(64, 9);
            assertArrayEquals(referencePrf(hash, secret, "some label", seed, length),
                    new Prf12(hash).prf(secret, "some label", seed, length), hash + " length " + length);
        }
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void masterSecretIsPrfOverBothRandomsClientFirst(HashAlgorithm hash) {
        byte[] expected = referencePrf(hash, PREMASTER, "master secret", concat(CLIENT_RANDOM, SERVER_RANDOM), 48);
        assertArrayEquals(expected, new Prf12(hash).masterSecret(PREMASTER, CLIENT_RANDOM, SERVER_RANDOM));
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void extendedMasterSecretIsPrfOverTheSessionHash(HashAlgorithm hash) {
        byte[] sessionHash = hash.newDigest().digest("handshake messages".getBytes(StandardCharsets.US_ASCII));
        byte[] expected = referencePrf(hash, PREMASTER, "extended master secret", sessionHash, 48);
        assertArrayEquals(expected, new Prf12(hash).extendedMasterSecret(PREMASTER, sessionHash));
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void keyBlockIsCutInRfcOrderServerRandomFirst(AeadAlgorithm aead) {
        for (HashAlgorithm hash : HashAlgorithm.values()) {
            int keyLength = aead.keyLength();
            int ivLength = aead == AeadAlgorithm.CHACHA20_POLY1305 ? 12 : 4; // RFC 7905 2, RFC 5288 3
            byte[] block = referencePrf(hash, MASTER, "key expansion", concat(SERVER_RANDOM, CLIENT_RANDOM),
                    2 * keyLength + 2 * ivLength);
            Prf12.AeadKeys keys = new Prf12(hash).keyBlock(MASTER, CLIENT_RANDOM, SERVER_RANDOM, aead);
            // RFC 5246 6.3: client_write_MAC_key and server_write_MAC_key are empty for AEAD suites.
            assertArrayEquals(Arrays.copyOfRange(block, 0, keyLength), keys.clientWriteKey());
            assertArrayEquals(Arrays.copyOfRange(block, keyLength, 2 * keyLength), keys.serverWriteKey());
            assertArrayEquals(Arrays.copyOfRange(block, 2 * keyLength, 2 * keyLength + ivLength),
                    keys.clientWriteIv());
            assertArrayEquals(Arrays.copyOfRange(block, 2 * keyLength + ivLength, block.length),
                    keys.serverWriteIv());
            assertEquals(ivLength, Prf12.fixedIvLength(aead));
            keys.destroy();
            assertArrayEquals(new byte[keyLength], keys.clientWriteKey());
            assertArrayEquals(new byte[ivLength], keys.serverWriteIv());
        }
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void finishedVerifyDataIsTwelveBytesWithSideLabels(HashAlgorithm hash) {
        byte[] transcriptHash = hash.newDigest().digest(new byte[] {1, 2, 3});
        Prf12 prf = new Prf12(hash);
        byte[] client = prf.clientVerifyData(MASTER, transcriptHash);
        byte[] server = prf.serverVerifyData(MASTER, transcriptHash);
        assertArrayEquals(referencePrf(hash, MASTER, "client finished", transcriptHash, 12), client);
        assertArrayEquals(referencePrf(hash, MASTER, "server finished", transcriptHash, 12), server);
        assertFalse(Arrays.equals(client, server));
    }

    @Test
    void exporterWithoutContextUsesBothRandomsOnly() {
        Prf12 prf = new Prf12(HashAlgorithm.SHA256);
        byte[] expected = referencePrf(HashAlgorithm.SHA256, MASTER, "EXPORTER-test",
                concat(CLIENT_RANDOM, SERVER_RANDOM), 40);
        assertArrayEquals(expected,
                prf.exportKeyingMaterial(MASTER, CLIENT_RANDOM, SERVER_RANDOM, "EXPORTER-test", null, 40));
    }

    @Test
    void exporterWithContextAppendsUint16LengthAndContext() {
        Prf12 prf = new Prf12(HashAlgorithm.SHA384);
        byte[] context = bytes(300, 4);
        byte[] expected = referencePrf(HashAlgorithm.SHA384, MASTER, "EXPORTER-test",
                concat(CLIENT_RANDOM, SERVER_RANDOM, new byte[] {0x01, 0x2C}, context), 33);
        assertArrayEquals(expected,
                prf.exportKeyingMaterial(MASTER, CLIENT_RANDOM, SERVER_RANDOM, "EXPORTER-test", context, 33));
    }

    @Test
    void exporterEmptyContextDiffersFromNoContext() {
        Prf12 prf = new Prf12(HashAlgorithm.SHA256);
        byte[] none = prf.exportKeyingMaterial(MASTER, CLIENT_RANDOM, SERVER_RANDOM, "EXPORTER-x", null, 32);
        byte[] empty = prf.exportKeyingMaterial(MASTER, CLIENT_RANDOM, SERVER_RANDOM, "EXPORTER-x", new byte[0], 32);
        assertArrayEquals(referencePrf(HashAlgorithm.SHA256, MASTER, "EXPORTER-x",
                concat(CLIENT_RANDOM, SERVER_RANDOM, new byte[2]), 32), empty);
        assertFalse(Arrays.equals(none, empty));
    }

    @ParameterizedTest
    @ValueSource(strings = {"client finished", "server finished", "master secret", "key expansion",
            "extended master secret", "", "caf\u00e9", "tab\there"})
    void exporterRejectsReservedAndMalformedLabels(String label) {
        Prf12 prf = new Prf12(HashAlgorithm.SHA256);
        assertThrows(IllegalArgumentException.class,
                () -> prf.exportKeyingMaterial(MASTER, CLIENT_RANDOM, SERVER_RANDOM, label, null, 16));
    }

    @Test
    void exporterRejectsOversizedContextAndNegativeLength() {
        Prf12 prf = new Prf12(HashAlgorithm.SHA256);
        assertThrows(IllegalArgumentException.class, () -> prf.exportKeyingMaterial(
                MASTER, CLIENT_RANDOM, SERVER_RANDOM, "EXPORTER-x", new byte[0x10000], 16));
        assertThrows(IllegalArgumentException.class, () -> prf.exportKeyingMaterial(
                MASTER, CLIENT_RANDOM, SERVER_RANDOM, "EXPORTER-x", null, -1));
    }

    @Test
    void wrongLengthInputsAreCallerErrors() {
        Prf12 prf = new Prf12(HashAlgorithm.SHA256);
        assertThrows(IllegalArgumentException.class, () -> prf.masterSecret(PREMASTER, new byte[31], SERVER_RANDOM));
        assertThrows(IllegalArgumentException.class, () -> prf.masterSecret(PREMASTER, CLIENT_RANDOM, new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> prf.extendedMasterSecret(PREMASTER, new byte[48]));
        assertThrows(IllegalArgumentException.class, () -> prf.clientVerifyData(MASTER, new byte[20]));
        assertThrows(IllegalArgumentException.class,
                () -> prf.keyBlock(MASTER, CLIENT_RANDOM, new byte[0], AeadAlgorithm.AES_128_GCM));
    }

    @Test
    void reusingOneInstanceWithDifferentSecretsGivesIndependentResults() {
        Prf12 prf = new Prf12(HashAlgorithm.SHA256);
        byte[] first = prf.masterSecret(PREMASTER, CLIENT_RANDOM, SERVER_RANDOM);
        byte[] other = prf.masterSecret(bytes(48, 0x77), CLIENT_RANDOM, SERVER_RANDOM);
        byte[] again = prf.masterSecret(PREMASTER, CLIENT_RANDOM, SERVER_RANDOM);
        assertArrayEquals(first, again);
        assertArrayEquals(referencePrf(HashAlgorithm.SHA256, bytes(48, 0x77), "master secret",
                concat(CLIENT_RANDOM, SERVER_RANDOM), 48), other);
    }
}
