package dev.keel.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keel.tls.crypto.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** TLS-Exporter (RFC 8446 7.5), checked against the formula evaluated with Bouncy Castle's HKDF. */
class ExporterTest {
    private static final Rfc8448Trace T = Rfc8448Trace.load("/rfc8448/section3-simple-1rtt.txt");
    private static final byte[] EXPORTER_MASTER = T.get("{server} derive secret \"tls13 exp master\"", "expanded");

    private static byte[] expected(HashAlgorithm h, byte[] secret, String label, byte[] context, int length) {
        byte[] derived = Bc.expandLabel(h, secret, label, Bc.hash(h, new byte[0]), h.length());
        return Bc.expandLabel(h, derived, "exporter", Bc.hash(h, context), length);
    }

    @Test
    void exportFromTheRfc8448ExporterMasterSecret() {
        byte[] context = "some context".getBytes(StandardCharsets.US_ASCII);
        byte[] ekm = KeySchedule13.exportKeyingMaterial(HashAlgorithm.SHA256, EXPORTER_MASTER, "EXPERIMENTAL keel",
                context, 42);
        assertArrayEquals(expected(HashAlgorithm.SHA256, EXPORTER_MASTER, "EXPERIMENTAL keel", context, 42), ekm);
    }

    @Test
    void noContextIsTheEmptyContext() {
        // RFC 8446 7.5: in TLS 1.3 "no context" and an empty context are the same.
        byte[] a = KeySchedule13.exportKeyingMaterial(HashAlgorithm.SHA256, EXPORTER_MASTER, "EXPORTER-x", null, 32);
        byte[] b = KeySchedule13.exportKeyingMaterial(HashAlgorithm.SHA256, EXPORTER_MASTER, "EXPORTER-x", new byte[0], 32);
        assertArrayEquals(a, b);
        assertArrayEquals(expected(HashAlgorithm.SHA256, EXPORTER_MASTER, "EXPORTER-x", new byte[0], 32), a);
        byte[] other = KeySchedule13.exportKeyingMaterial(HashAlgorithm.SHA256, EXPORTER_MASTER, "EXPORTER-y", null, 32);
        assertFalse(Arrays.equals(a, other), "the label matters");
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void everyHash(HashAlgorithm h) {
        byte[] secret = new byte[h.length()];
        Arrays.fill(secret, (byte) 0x5a);
        byte[] ekm = KeySchedule13.exportKeyingMaterial(h, secret, "EXPORTER-Channel-Binding", new byte[] {1, 2}, 100);
        assertEquals(100, ekm.length);
        assertArrayEquals(expected(h, secret, "EXPORTER-Channel-Binding", new byte[] {1, 2}, 100), ekm);
    }

    @Test
    void rejectsWhatHkdfCannotDo() {
        assertThrows(IllegalArgumentException.class, () ->
                KeySchedule13.exportKeyingMaterial(HashAlgorithm.SHA256, EXPORTER_MASTER, "x".repeat(250), null, 32));
        assertThrows(IllegalArgumentException.class, () ->
                KeySchedule13.exportKeyingMaterial(HashAlgorithm.SHA256, EXPORTER_MASTER, "x", null, 255 * 32 + 1));
    }
}
