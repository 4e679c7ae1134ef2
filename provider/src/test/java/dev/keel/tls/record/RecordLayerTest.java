package dev.keel.tls.record;

import static dev.keel.tls.record.Records.concat;
import static dev.keel.tls.record.Records.header;
import static dev.keel.tls.record.Records.inner;
import static dev.keel.tls.record.Records.plaintext;
import static dev.keel.tls.record.Records.protect;
import static dev.keel.tls.record.Records.remaining;
import static dev.keel.tls.record.Records.written;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.message.ContentType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed records (each with its exact alert), buffer handling, writing, limits. */
class RecordLayerTest {
    private static final CipherSuite SUITE = CipherSuite.TLS_AES_128_GCM_SHA256;
    private static final byte[] SECRET = new byte[32];
    private static final int HS = 22;
    private static final int APP = 23;
    private static final int ALERT = 21;
    private static final int CCS = 20;
    private static final int MAX = 1 << 14;

    static {
        Arrays.fill(SECRET, (byte) 7);
    }

    private static RecordLayer protectedReader() {
        RecordLayer layer = new RecordLayer();
        layer.setReadKeys13(SUITE, SECRET);
        return layer;
    }

    private static byte[] sealed(byte[] innerPlaintext) throws Exception {
        return protect(SUITE, SECRET, 0, APP, 0x0303, innerPlaintext);
    }

    private static byte[] flip(byte[] record, int index) {
        byte[] copy = record.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    /** A malformed input: what it is, whether read keys are set, its bytes, the alert it must raise. */
    record Bad(String name, boolean readProtected, byte[] bytes, AlertDescription alert) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> malformed() throws Exception {
        byte[] good = sealed(inner("hello".getBytes(StandardCharsets.US_ASCII), HS, 0));
        return Stream.of(
                // --- header
                new Bad("unknown content type 24", false, plaintext(24, 0x0303, new byte[3]), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("unknown content type 0", false, plaintext(0, 0x0303, new byte[3]), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("record version major 2", false, plaintext(HS, 0x0203, new byte[3]), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("record version major 0x16", false, plaintext(HS, 0x1603, new byte[3]), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("SSLv2 ClientHello", false, new byte[] {(byte) 0x80, 0x2e, 0x01, 0x03, 0x01, 0, 0x15}, AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("plaintext 2^14 + 1", false, header(HS, 0x0303, MAX + 1), AlertDescription.RECORD_OVERFLOW),
                new Bad("plaintext 0xffff", false, header(ALERT, 0x0303, 0xFFFF), AlertDescription.RECORD_OVERFLOW),
                new Bad("protected 2^14 + 257", true, header(APP, 0x0303, MAX + 257), AlertDescription.RECORD_OVERFLOW),
                new Bad("unprotected application_data", false, plaintext(APP, 0x0303, new byte[5]), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("plaintext handshake after keys", true, plaintext(HS, 0x0303, new byte[5]), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("protected record with outer type handshake", true, concat(header(HS, 0x0303, good.length - 5),
                        Arrays.copyOfRange(good, 5, good.length)), AlertDescription.UNEXPECTED_MESSAGE),
                // --- plaintext content
                new Bad("empty plaintext handshake", false, plaintext(HS, 0x0303, new byte[0]), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("empty plaintext alert", false, plaintext(ALERT, 0x0303, new byte[0]), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("plaintext alert of 3 bytes", false, plaintext(ALERT, 0x0303, new byte[] {2, 40, 0}), AlertDescription.DECODE_ERROR),
                new Bad("change_cipher_spec value 2", false, plaintext(CCS, 0x0303, new byte[] {2}), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("change_cipher_spec of 2 bytes", true, plaintext(CCS, 0x0303, new byte[] {1, 1}), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("empty change_cipher_spec", false, plaintext(CCS, 0x0303, new byte[0]), AlertDescription.UNEXPECTED_MESSAGE),
                // --- protection
                new Bad("empty protected record", true, header(APP, 0x0303, 0), AlertDescription.BAD_RECORD_MAC),
                new Bad("truncated tag (10-byte record)", true, concat(header(APP, 0x0303, 10), Arrays.copyOfRange(good, 5, 15)),
                        AlertDescription.BAD_RECORD_MAC),
                new Bad("tag only", true, concat(header(APP, 0x0303, 16), Arrays.copyOfRange(good, good.length - 16, good.length)),
                        AlertDescription.BAD_RECORD_MAC),
                new Bad("record cut short (length field adjusted)", true, concat(header(APP, 0x0303, good.length - 6),
                        Arrays.copyOfRange(good, 5, good.length - 1)), AlertDescription.BAD_RECORD_MAC),
                new Bad("flipped ciphertext bit", true, flip(good, 6), AlertDescription.BAD_RECORD_MAC),
                new Bad("flipped tag bit", true, flip(good, good.length - 1), AlertDescription.BAD_RECORD_MAC),
                new Bad("flipped record version bit (additional data)", true, flip(good, 2), AlertDescription.BAD_RECORD_MAC),
                new Bad("wrong sequence number", true, protect(SUITE, SECRET, 1, APP, 0x0303, inner(new byte[] {1}, HS, 0)),
                        AlertDescription.BAD_RECORD_MAC),
                new Bad("wrong key", true, protect(SUITE, new byte[32], 0, APP, 0x0303, inner(new byte[] {1}, HS, 0)),
                        AlertDescription.BAD_RECORD_MAC),
                // --- inner plaintext
                new Bad("all-zero inner plaintext", true, sealed(new byte[20]), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("empty inner plaintext", true, sealed(new byte[0]), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("inner content 2^14 + 1", true, sealed(inner(new byte[MAX + 1], APP, 0)), AlertDescription.RECORD_OVERFLOW),
                new Bad("inner 2^14 + type + 1 padding", true, sealed(inner(new byte[MAX], APP, 1)), AlertDescription.RECORD_OVERFLOW),
                new Bad("unknown inner type", true, sealed(inner(new byte[3], 0x30, 0)), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("encrypted change_cipher_spec", true, sealed(inner(new byte[] {1}, CCS, 0)), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("empty encrypted handshake", true, sealed(inner(new byte[0], HS, 5)), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("empty encrypted alert", true, sealed(inner(new byte[0], ALERT, 0)), AlertDescription.UNEXPECTED_MESSAGE),
                new Bad("encrypted alert of 4 bytes", true, sealed(inner(new byte[] {1, 0, 1, 0}, ALERT, 0)), AlertDescription.DECODE_ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedRecordRaisesTheRfcAlert(Bad bad) {
        for (boolean withAppBuffer : new boolean[] {false, true}) {
            RecordLayer layer = bad.readProtected() ? protectedReader() : new RecordLayer();
            ByteBuffer src = ByteBuffer.wrap(bad.bytes());
            ByteBuffer app = withAppBuffer ? ByteBuffer.allocate(MAX + 300) : null;
            TlsAlertException e = assertThrows(TlsAlertException.class, () -> layer.readRecord(src, app));
            assertEquals(bad.alert(), e.alert(), bad.name() + ": " + e.getMessage());
            assertFalse(e.receivedFromPeer());
            if (app != null) {
                assertEquals(0, app.position(), "nothing delivered to the application");
                for (int i = 0; i < app.capacity(); i++) {
                    if (app.get(i) != 0) {
                        throw new AssertionError(bad.name() + ": byte " + i + " of the application buffer was left written");
                    }
                }
            }
        }
    }

    @Test
    void plaintextAlertIsAcceptedOnlyUntilTheFirstRecordDecrypts() throws Exception {
        byte[] alert = plaintext(ALERT, 0x0303, new byte[] {2, 40});
        RecordLayer layer = protectedReader();
        assertEquals(ContentType.ALERT, layer.readRecord(ByteBuffer.wrap(alert), null), "peer failed on our ServerHello");
        assertArrayEquals(new byte[] {2, 40}, remaining(layer.readFragment()));

        RecordLayer after = protectedReader();
        after.readRecord(ByteBuffer.wrap(sealed(inner(new byte[] {1}, HS, 0))), null);
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> after.readRecord(ByteBuffer.wrap(alert), null));
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE, e.alert());

        RecordLayer rekeyed = protectedReader();
        rekeyed.setReadKeys13(SUITE, SECRET); // second keys (handshake -> application): no window
        e = assertThrows(TlsAlertException.class, () -> rekeyed.readRecord(ByteBuffer.wrap(alert), null));
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE, e.alert());
    }

    @Test
    void plaintextProtocolsAreRecognisedFromTheFirstByte() {
        for (String text : new String[] {"GET / HTTP/1.1\r\n", "POST /x", "HTTP/1.1 400 Bad Request", "PUT", "OK\n", "220 smtp"}) {
            for (int n = 1; n <= Math.min(5, text.length()); n++) {
                ByteBuffer src = ByteBuffer.wrap(text.substring(0, n).getBytes(StandardCharsets.US_ASCII));
                TlsAlertException e = assertThrows(TlsAlertException.class, () -> new RecordLayer().peekRecordLength(src));
                assertEquals(AlertDescription.UNEXPECTED_MESSAGE, e.alert());
                assertEquals("Unrecognized SSL message, plaintext connection?", e.getMessage(), text);
                assertEquals(0, src.position(), "peek consumes nothing");
            }
        }
        TlsAlertException binary = assertThrows(TlsAlertException.class,
                () -> new RecordLayer().peekRecordLength(ByteBuffer.wrap(new byte[] {0x18, 3, 3, 0, 1, 0})));
        assertTrue(binary.getMessage().startsWith("Unrecognized SSL message"), binary.getMessage());
    }

    @Test
    void peekWaitsForCompleteRecordsAndReadConsumesNothingUntilThen() throws Exception {
        byte[] rec = plaintext(HS, 0x0303, new byte[] {1, 2, 3});
        RecordLayer layer = new RecordLayer();
        for (int n = 0; n < rec.length; n++) {
            ByteBuffer partial = ByteBuffer.wrap(rec, 0, n);
            assertEquals(0, layer.peekRecordLength(partial), "prefix of " + n);
            assertNull(layer.readRecord(partial, null));
            assertEquals(0, partial.position());
            assertEquals(n, partial.limit(), "limit restored");
        }
        ByteBuffer more = ByteBuffer.wrap(concat(rec, new byte[] {HS, 3}));
        assertEquals(rec.length, layer.peekRecordLength(more));
        assertEquals(ContentType.HANDSHAKE, layer.readRecord(more, null));
        assertEquals(rec.length, more.position());
        assertEquals(rec.length + 2, more.limit());
        assertArrayEquals(new byte[] {1, 2, 3}, remaining(layer.readFragment()));
        assertThrows(java.nio.ReadOnlyBufferException.class, () -> layer.readFragment().put(0, (byte) 1));
    }

    @Test
    void fragmentBufferIsMadeOnDemandAndReleasedByTrim() throws Exception {
        RecordLayer layer = new RecordLayer();
        assertEquals(0, layer.readFragment().remaining(), "nothing read yet: empty");
        assertTrue(layer.readFragment().isReadOnly());
        assertEquals(ContentType.HANDSHAKE, layer.readRecord(ByteBuffer.wrap(plaintext(HS, 0x0303, new byte[] {4, 5})),
                null));
        assertArrayEquals(new byte[] {4, 5}, remaining(layer.readFragment()));
        layer.trimBuffers();
        assertEquals(0, layer.readFragment().remaining(), "released: empty");
        assertEquals(ContentType.HANDSHAKE, layer.readRecord(ByteBuffer.wrap(plaintext(HS, 0x0303, new byte[] {6})),
                null));
        assertArrayEquals(new byte[] {6}, remaining(layer.readFragment()), "made again for the next record");

        // Application data decrypted into the caller's buffer needs no internal buffer at all.
        RecordLayer prot = protectedReader();
        prot.trimBuffers();
        ByteBuffer app = ByteBuffer.allocate(100);
        assertEquals(ContentType.APPLICATION_DATA,
                prot.readRecord(ByteBuffer.wrap(sealed(inner(new byte[] {1, 2}, APP, 0))), app));
        assertEquals(2, app.position());
        assertEquals(0, prot.readFragment().remaining());
    }

    @Test
    void maximumSizesAreAccepted() throws Exception {
        RecordLayer plain = new RecordLayer();
        byte[] full = plaintext(HS, 0x0303, new byte[MAX]);
        full[5] = 1;
        assertEquals(ContentType.HANDSHAKE, plain.readRecord(ByteBuffer.wrap(full), null));
        assertEquals(MAX, plain.readFragment().remaining());

        // 2^14 content + type + 239 padding + 16 tag = 2^14 + 256: the largest legal protected record
        // would need more than 2^14 + 1 inner bytes, so the largest that decrypts has 2^14 content.
        RecordLayer prot = protectedReader();
        byte[] biggest = sealed(inner(new byte[MAX], APP, 0));
        ByteBuffer app = ByteBuffer.allocate(MAX + 1);
        assertEquals(ContentType.APPLICATION_DATA, prot.readRecord(ByteBuffer.wrap(biggest), app));
        assertEquals(MAX, app.position());
        // A header announcing exactly 2^14 + 256 is accepted by peek (it is only waiting for the bytes).
        assertEquals(0, protectedReader().peekRecordLength(ByteBuffer.wrap(header(APP, 0x0303, MAX + 256))));
    }

    @Test
    void paddingIsStrippedAndZeroLengthApplicationDataIsAllowed() throws Exception {
        RecordLayer layer = protectedReader();
        byte[] padded = sealed(inner(new byte[] {9, 8, 7}, HS, 200));
        assertEquals(ContentType.HANDSHAKE, layer.readRecord(ByteBuffer.wrap(padded), null));
        assertArrayEquals(new byte[] {9, 8, 7}, remaining(layer.readFragment()));

        RecordLayer layer2 = protectedReader();
        ByteBuffer app = ByteBuffer.allocate(100);
        assertEquals(ContentType.APPLICATION_DATA, layer2.readRecord(ByteBuffer.wrap(sealed(inner(new byte[0], APP, 10))), app));
        assertEquals(0, app.position());
    }

    @Test
    void applicationDataGoesToTheAppBufferOnlyWhenItFits() throws Exception {
        byte[] content = new byte[100];
        new Random(1).nextBytes(content);
        byte[] rec = sealed(inner(content, APP, 0));
        RecordLayer probe = protectedReader();
        assertEquals(101, probe.maxPlaintextLength(rec.length), "content + inner type");

        // Room for 100 but not for the 101-byte bound: falls back to the internal buffer.
        ByteBuffer small = ByteBuffer.allocate(100);
        RecordLayer layer = protectedReader();
        assertEquals(ContentType.APPLICATION_DATA, layer.readRecord(ByteBuffer.wrap(rec), small));
        assertEquals(0, small.position());
        assertArrayEquals(content, remaining(layer.readFragment()));

        ByteBuffer enough = ByteBuffer.allocateDirect(101);
        RecordLayer layer2 = protectedReader();
        assertEquals(ContentType.APPLICATION_DATA, layer2.readRecord(ByteBuffer.wrap(rec), enough));
        assertEquals(100, enough.position());
        assertArrayEquals(content, written(enough));
        assertEquals(0, layer2.readFragment().remaining());
    }

    @Test
    void nonApplicationContentIsMovedOutOfTheAppBuffer() throws Exception {
        byte[] ticket = {4, 0, 0, 1, 7};
        RecordLayer layer = protectedReader();
        ByteBuffer app = ByteBuffer.allocate(64);
        app.put(new byte[] {42, 43}); // data the application already has
        assertEquals(ContentType.HANDSHAKE, layer.readRecord(ByteBuffer.wrap(sealed(inner(ticket, HS, 3))), app));
        assertEquals(2, app.position(), "application buffer untouched");
        for (int i = 2; i < app.capacity(); i++) {
            assertEquals(0, app.get(i), "scrubbed at " + i);
        }
        assertArrayEquals(ticket, remaining(layer.readFragment()));
    }

    @Test
    void changeCipherSpecPassesThroughInTheClearUnderTls13() throws Exception {
        RecordLayer layer = protectedReader();
        assertEquals(ContentType.CHANGE_CIPHER_SPEC, layer.readRecord(ByteBuffer.wrap(plaintext(CCS, 0x0303, new byte[] {1})), null));
        assertArrayEquals(new byte[] {1}, remaining(layer.readFragment()));
        assertEquals(0, layer.readSequenceNumber(), "not decrypted, no sequence number used");

        RecordLayer writer = new RecordLayer();
        writer.setWriteKeys13(SUITE, SECRET);
        ByteBuffer dst = ByteBuffer.allocate(100);
        writer.writeRecord(ContentType.CHANGE_CIPHER_SPEC, ByteBuffer.wrap(new byte[] {1}), dst);
        assertArrayEquals(new byte[] {CCS, 3, 3, 0, 1, 1}, written(dst));
        assertEquals(6, writer.wireSize(ContentType.CHANGE_CIPHER_SPEC, 1));
        assertEquals(0, writer.writeSequenceNumber());
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, mode = EnumSource.Mode.MATCH_ALL, names = "TLS_(AES|CHACHA20)_.*")
    void roundTripEverySuiteAndSize(CipherSuite suite) throws Exception {
        byte[] secret = new byte[suite.hash().length()];
        Arrays.fill(secret, (byte) suite.ordinal());
        RecordLayer writer = new RecordLayer();
        writer.setWriteKeys13(suite, secret);
        RecordLayer reader = new RecordLayer();
        reader.setReadKeys13(suite, secret);
        Random rnd = new Random(suite.code());
        for (int size : new int[] {0, 1, 100, MAX - 1, MAX, MAX + 1, 3 * MAX}) {
            byte[] data = new byte[size];
            rnd.nextBytes(data);
            ByteBuffer src = ByteBuffer.wrap(data);
            int expectedTaken = Math.min(size, MAX);
            ByteBuffer wire = ByteBuffer.allocate(writer.wireSize(size));
            int n = writer.writeRecord(ContentType.APPLICATION_DATA, src, wire);
            assertEquals(5 + expectedTaken + 1 + 16, n);
            assertEquals(expectedTaken, src.position(), "at most 2^14 taken");
            assertEquals(size, src.limit(), "limit restored");
            wire.flip();
            assertEquals(ContentType.APPLICATION_DATA.code(), wire.get(0), "outer type");
            assertEquals(0x0303, wire.getShort(1), "legacy_record_version");
            ByteBuffer app = ByteBuffer.allocate(MAX + 1);
            assertEquals(ContentType.APPLICATION_DATA, reader.readRecord(wire, app));
            assertArrayEquals(Arrays.copyOf(data, expectedTaken), written(app));
        }
    }

    @Test
    void flightsAreFragmentedIntoRecordsOfAtMost2To14() throws Exception {
        byte[] flight = new byte[2 * MAX + 1000];
        new Random(3).nextBytes(flight);
        RecordLayer writer = new RecordLayer();
        writer.setWriteKeys13(SUITE, SECRET);
        int expected = writer.fragmentedWireSize(ContentType.HANDSHAKE, flight.length);
        assertEquals(3 * (5 + 17) + flight.length, expected);
        ByteBuffer wire = ByteBuffer.allocate(expected);
        assertEquals(expected, writer.writeFragmented(ContentType.HANDSHAKE, ByteBuffer.wrap(flight), wire));
        assertEquals(expected, wire.position());

        wire.flip();
        RecordLayer reader = protectedReader();
        ByteBuffer got = ByteBuffer.allocate(flight.length);
        int records = 0;
        while (wire.hasRemaining()) {
            assertEquals(ContentType.HANDSHAKE, reader.readRecord(wire, null));
            got.put(reader.readFragment());
            records++;
        }
        assertEquals(3, records);
        assertArrayEquals(flight, got.array());

        RecordLayer plain = new RecordLayer();
        assertEquals(5 + 10, plain.fragmentedWireSize(ContentType.HANDSHAKE, 10));
        assertEquals(2 * 5 + MAX + 1, plain.fragmentedWireSize(ContentType.HANDSHAKE, MAX + 1));
        assertEquals(5 + MAX, plain.fragmentedWireSize(ContentType.HANDSHAKE, MAX));
    }

    @Test
    void initialRecordVersionAppliesUntilTheFirstRecordIsRead() throws Exception {
        RecordLayer client = new RecordLayer();
        client.setInitialRecordVersion(0x0301);
        ByteBuffer dst = ByteBuffer.allocate(100);
        client.writeRecord(ContentType.HANDSHAKE, ByteBuffer.wrap(new byte[] {1, 0, 0, 0}), dst);
        assertArrayEquals(header(HS, 0x0301, 4), Arrays.copyOf(written(dst), 5));

        client.readRecord(ByteBuffer.wrap(plaintext(HS, 0x0303, new byte[] {2, 0, 0, 0})), null);
        ByteBuffer dst2 = ByteBuffer.allocate(100);
        client.writeRecord(ContentType.HANDSHAKE, ByteBuffer.wrap(new byte[] {1, 0, 0, 0}), dst2);
        assertArrayEquals(header(HS, 0x0303, 4), Arrays.copyOf(written(dst2), 5), "ClientHello after HRR: 0x0303");

        assertThrows(IllegalArgumentException.class, () -> client.setInitialRecordVersion(0x0304));
        assertThrows(IllegalArgumentException.class, () -> client.setInitialRecordVersion(0x0201));
    }

    @Test
    void writerRefusesCallerBugs() {
        RecordLayer plain = new RecordLayer();
        assertInternalError(() -> plain.writeRecord(ContentType.APPLICATION_DATA, ByteBuffer.wrap(new byte[3]), ByteBuffer.allocate(100)));
        assertInternalError(() -> plain.writeRecord(ContentType.HANDSHAKE, ByteBuffer.allocate(0), ByteBuffer.allocate(100)));
        assertInternalError(() -> plain.writeRecord(ContentType.ALERT, ByteBuffer.allocate(0), ByteBuffer.allocate(100)));
        ByteBuffer src = ByteBuffer.wrap(new byte[10]);
        assertInternalError(() -> plain.writeRecord(ContentType.HANDSHAKE, src, ByteBuffer.allocate(14)));
        assertEquals(0, src.position(), "nothing consumed when there is no room");
    }

    @Test
    void keyUpdateIsRecommendedBeforeTheAesGcmLimit() throws Exception {
        RecordLayer layer = new RecordLayer();
        Tls13RecordProtection gcm = new Tls13RecordProtection(SUITE, SECRET, true);
        layer.setWriteProtection(gcm);
        assertFalse(layer.writeKeyUpdateRecommended());
        gcm.setSequenceNumberForTest(Tls13RecordProtection.AES_GCM_REKEY_RECORDS - 1);
        assertFalse(layer.writeKeyUpdateRecommended());
        writeOne(layer);
        assertTrue(layer.writeKeyUpdateRecommended());
        assertTrue(Tls13RecordProtection.AES_GCM_REKEY_RECORDS < (long) Math.pow(2, 24.5), "inside RFC 8446 5.5");

        layer.setWriteKeys13(SUITE, SECRET); // a KeyUpdate installs fresh keys: the count restarts
        assertFalse(layer.writeKeyUpdateRecommended());
        assertEquals(0, layer.writeSequenceNumber());

        Tls13RecordProtection chacha = new Tls13RecordProtection(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, SECRET, true);
        layer.setWriteProtection(chacha);
        chacha.setSequenceNumberForTest(Tls13RecordProtection.AES_GCM_REKEY_RECORDS * 4);
        assertFalse(layer.writeKeyUpdateRecommended(), "ChaCha20-Poly1305 has no practical limit");
        chacha.setSequenceNumberForTest(Tls13RecordProtection.CHACHA20_POLY1305_REKEY_RECORDS);
        assertTrue(layer.writeKeyUpdateRecommended());
    }

    @Test
    void theSequenceNumberNeverWraps() throws Exception {
        RecordLayer layer = new RecordLayer();
        Tls13RecordProtection p = new Tls13RecordProtection(SUITE, SECRET, true);
        layer.setWriteProtection(p);
        p.setSequenceNumberForTest(-2L); // 2^64 - 2
        writeOne(layer);
        assertEquals(-1L, layer.writeSequenceNumber());
        assertInternalError(() -> writeOne(layer));

        RecordLayer reader = new RecordLayer();
        Tls13RecordProtection r = new Tls13RecordProtection(SUITE, SECRET, false);
        reader.setReadProtection(r);
        r.setSequenceNumberForTest(-1L);
        assertInternalError(() -> reader.readRecord(ByteBuffer.wrap(sealed(inner(new byte[1], HS, 0))), null));
    }

    @Test
    void sequenceNumbersGoIntoTheNonce() throws Exception {
        RecordLayer writer = new RecordLayer();
        writer.setWriteKeys13(SUITE, SECRET);
        for (long seq = 0; seq < 3; seq++) {
            ByteBuffer dst = ByteBuffer.allocate(100);
            writer.writeRecord(ContentType.HANDSHAKE, ByteBuffer.wrap(new byte[] {1, 2}), dst);
            assertArrayEquals(protect(SUITE, SECRET, seq, APP, 0x0303, inner(new byte[] {1, 2}, HS, 0)), written(dst),
                    "record " + seq);
        }
    }

    @Test
    void trimReleasesTheLargeReadBufferAndReadingStillWorks() throws Exception {
        RecordLayer layer = new RecordLayer();
        layer.readRecord(ByteBuffer.wrap(plaintext(HS, 0x0303, new byte[MAX])), null);
        layer.trimBuffers();
        assertEquals(0, layer.readFragment().remaining());
        layer.readRecord(ByteBuffer.wrap(plaintext(HS, 0x0303, new byte[] {5})), null);
        assertArrayEquals(new byte[] {5}, remaining(layer.readFragment()));
    }

    /**
     * Keys are derived on the first record, from a copy of the secret taken when they were installed: the
     * caller may wipe its array at once, and keys replaced before any use (a KeyUpdate on an idle
     * direction) are the newer ones.
     */
    @Test
    void keysInstalledButUnusedAreDerivedFromTheirOwnCopyOnFirstUse() throws Exception {
        byte[] first = SECRET.clone();
        byte[] second = new byte[32];
        Arrays.fill(second, (byte) 9);
        RecordLayer writer = new RecordLayer();
        RecordLayer reader = new RecordLayer();
        writer.setWriteKeys13(SUITE, first);
        reader.setReadKeys13(SUITE, first);
        Arrays.fill(first, (byte) 0); // the caller wipes its array
        ByteBuffer dst = ByteBuffer.allocate(100);
        writer.writeRecord(ContentType.HANDSHAKE, ByteBuffer.wrap(new byte[] {1, 2}), dst);
        assertArrayEquals(protect(SUITE, SECRET, 0, APP, 0x0303, inner(new byte[] {1, 2}, HS, 0)), written(dst));
        assertEquals(ContentType.HANDSHAKE,
                reader.readRecord(ByteBuffer.wrap(sealed(inner(new byte[] {3}, HS, 0))), null));
        assertArrayEquals(new byte[] {3}, remaining(reader.readFragment()));

        // Replaced twice before the first record: only the last secret counts, and counting restarts.
        writer.writeRecord(ContentType.HANDSHAKE, ByteBuffer.wrap(new byte[] {4}), ByteBuffer.allocate(100));
        writer.setWriteKeys13(SUITE, SECRET);
        writer.setWriteKeys13(SUITE, second);
        reader.setReadKeys13(SUITE, SECRET);
        reader.setReadKeys13(SUITE, second);
        assertEquals(0, writer.writeSequenceNumber());
        dst = ByteBuffer.allocate(100);
        writer.writeRecord(ContentType.APPLICATION_DATA, ByteBuffer.wrap(new byte[] {5, 6}), dst);
        assertArrayEquals(protect(SUITE, second, 0, APP, 0x0303, inner(new byte[] {5, 6}, APP, 0)), written(dst));
        ByteBuffer app = ByteBuffer.allocate(MAX);
        dst.flip();
        assertEquals(ContentType.APPLICATION_DATA, reader.readRecord(dst, app));
        assertArrayEquals(new byte[] {5, 6}, Arrays.copyOf(app.array(), app.position()));
    }

    @Test
    void unusedKeysCanBeDestroyed() throws Exception {
        RecordLayer layer = protectedReader();
        layer.setWriteKeys13(SUITE, SECRET);
        layer.setWriteKeys13(SUITE, SECRET); // destroys the first write protection, never used
        layer.destroy();
        assertFalse(layer.isWriteProtected());
    }

    @Test
    void destroyDropsTheKeys() {
        RecordLayer layer = protectedReader();
        layer.setWriteKeys13(SUITE, SECRET);
        layer.destroy();
        assertFalse(layer.isReadProtected());
        assertFalse(layer.isWriteProtected());
    }

    private static void writeOne(RecordLayer layer) throws TlsAlertException {
        layer.writeRecord(ContentType.APPLICATION_DATA, ByteBuffer.wrap(new byte[1]), ByteBuffer.allocate(100));
    }

    interface Call {
        void run() throws Exception;
    }

    private static void assertInternalError(Call call) {
        TlsAlertException e = assertThrows(TlsAlertException.class, call::run);
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert(), e.getMessage());
    }


    /**
     * Released keys (after close_notify or a fatal alert) never fall back to plaintext: reading or
     * writing afterwards is refused, a plaintext alert included.
     */
    @Test
    void releasedKeysRefuseEveryRecordAndNeverReadInTheClear() throws Exception {
        RecordLayer layer = protectedReader();
        layer.setWriteKeys13(SUITE, SECRET);
        layer.releaseReadKeys();
        layer.releaseWriteKeys();
        assertTrue(layer.isReadProtected());
        assertTrue(layer.isWriteProtected());

        byte[] alert = plaintext(ALERT, 0x0303, new byte[] {2, 40});
        TlsAlertException read = assertThrows(TlsAlertException.class,
                () -> layer.readRecord(ByteBuffer.wrap(alert), null));
        assertEquals(AlertDescription.INTERNAL_ERROR, read.alert());
        TlsAlertException sealedRead = assertThrows(TlsAlertException.class,
                () -> layer.readRecord(ByteBuffer.wrap(sealed(inner(new byte[] {1}, APP, 0))), ByteBuffer.allocate(64)));
        assertEquals(AlertDescription.INTERNAL_ERROR, sealedRead.alert());

        ByteBuffer out = ByteBuffer.allocate(RecordLayer.MAX_TLS13_RECORD_LENGTH);
        TlsAlertException write = assertThrows(TlsAlertException.class,
                () -> layer.writeRecord(ContentType.APPLICATION_DATA, ByteBuffer.wrap(new byte[] {1}), out));
        assertEquals(AlertDescription.INTERNAL_ERROR, write.alert());
        assertEquals(0, out.position(), "nothing written, in the clear or otherwise");
    }
}
