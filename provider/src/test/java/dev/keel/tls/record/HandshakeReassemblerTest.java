package dev.keel.tls.record;

import static dev.keel.tls.record.Records.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.handshake.Rfc8448Trace;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.RawHandshake;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HandshakeReassemblerTest {

    private static byte[] message(int type, int bodyLength, int seed) {
        byte[] m = new byte[4 + bodyLength];
        m[0] = (byte) type;
        m[1] = (byte) (bodyLength >>> 16);
        m[2] = (byte) (bodyLength >>> 8);
        m[3] = (byte) bodyLength;
        Random rnd = new Random(seed);
        for (int i = 4; i < m.length; i++) {
            m[i] = (byte) rnd.nextInt();
        }
        return m;
    }

    private static void assertMessage(byte[] expectedWire, RawHandshake got) {
        assertEquals(expectedWire[0] & 0xFF, got.type());
        assertArrayEquals(expectedWire, got.wire());
        assertArrayEquals(Arrays.copyOfRange(expectedWire, 4, expectedWire.length), got.body());
    }

    @Test
    void messageSplitAcrossThreeRecords() throws Exception {
        byte[] cert = message(11, 3000, 1);
        HandshakeReassembler r = new HandshakeReassembler(1 << 16);
        r.add(ByteBuffer.wrap(cert, 0, 2)); // even the header is split
        assertNull(r.next());
        assertTrue(r.hasPartialMessage());
        r.add(ByteBuffer.wrap(cert, 2, 1500));
        assertNull(r.next());
        r.add(ByteBuffer.wrap(cert, 1502, cert.length - 1502));
        assertMessage(cert, r.next());
        assertNull(r.next());
        assertFalse(r.hasPartialMessage());
        assertEquals(0, r.bufferedBytes());
    }

    @Test
    void threeMessagesInOneRecord() throws Exception {
        byte[] a = message(8, 10, 1);
        byte[] b = message(11, 0, 2); // an empty body is a valid message
        byte[] c = message(20, 32, 3);
        HandshakeReassembler r = new HandshakeReassembler(1000);
        ByteBuffer record = ByteBuffer.wrap(concat(a, b, c));
        r.add(record);
        assertFalse(record.hasRemaining(), "record consumed");
        assertMessage(a, r.next());
        assertTrue(r.hasPartialMessage(), "complete messages not yet taken count as buffered");
        assertMessage(b, r.next());
        assertMessage(c, r.next());
        assertNull(r.next());
        assertFalse(r.hasPartialMessage());
    }

    @Test
    void messagesStraddlingRecordBoundaries() throws Exception {
        byte[] all = concat(message(1, 700, 1), message(2, 90, 2), message(8, 5000, 3));
        HandshakeReassembler r = new HandshakeReassembler(10_000);
        int taken = 0;
        for (int at = 0; at < all.length; at += 333) {
            r.add(ByteBuffer.wrap(all, at, Math.min(333, all.length - at)));
            for (RawHandshake m; (m = r.next()) != null; ) {
                taken++;
            }
        }
        assertEquals(3, taken);
        assertFalse(r.hasPartialMessage());
    }

    @Test
    void wholeMessagesThenOneSpreadOverRecordsKeepTheirOrder() throws Exception {
        byte[] a = message(2, 40, 1);
        byte[] b = message(8, 300, 2);
        byte[] c = message(11, 20, 3);
        byte[] d = message(15, 5, 4);
        byte[] all = concat(a, b, c, d);
        HandshakeReassembler r = new HandshakeReassembler(1000);
        int cut = a.length + 100; // a whole, then part of b
        ByteBuffer first = ByteBuffer.wrap(all, 0, cut);
        r.add(first);
        assertFalse(first.hasRemaining(), "record consumed");
        r.add(ByteBuffer.wrap(all, cut, all.length - cut)); // the rest of b, c and d
        assertEquals(all.length, r.bufferedBytes());
        assertMessage(a, r.next());
        assertMessage(b, r.next());
        assertTrue(r.hasPartialMessage());
        assertMessage(c, r.next());
        assertMessage(d, r.next());
        assertNull(r.next());
        assertFalse(r.hasPartialMessage());
        assertEquals(0, r.bufferedBytes());

        r.add(ByteBuffer.wrap(c)); // with nothing buffered again, a record of one whole message
        assertMessage(c, r.next());
        assertNull(r.next());
    }

    @Test
    void emptyRecordIsUnexpectedMessage() {
        HandshakeReassembler r = new HandshakeReassembler(1000);
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> r.add(ByteBuffer.allocate(0)));
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE, e.alert());
    }

    @Test
    void oversizeMessageIsRejectedAsSoonAsItsHeaderArrives() throws Exception {
        HandshakeReassembler r = new HandshakeReassembler(1000);
        byte[] header = {11, 0, 0x03, (byte) 0xE9}; // certificate, 1001 bytes
        r.add(ByteBuffer.wrap(header, 0, 3));
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> r.add(ByteBuffer.wrap(header, 3, 1)));
        assertEquals(AlertDescription.DECODE_ERROR, e.alert());
        assertTrue(e.getMessage().contains("certificate"), e.getMessage());

        HandshakeReassembler r2 = new HandshakeReassembler(1000);
        byte[] twoMessages = concat(message(8, 10, 1), new byte[] {(byte) 200, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        TlsAlertException e2 = assertThrows(TlsAlertException.class, () -> r2.add(ByteBuffer.wrap(twoMessages)));
        assertEquals(AlertDescription.DECODE_ERROR, e2.alert(), "a later message in the same record is checked too");
    }

    @Test
    void exactlyMaxMessageIsAccepted() throws Exception {
        byte[] m = message(11, 1000, 9);
        HandshakeReassembler r = new HandshakeReassembler(1000);
        r.add(ByteBuffer.wrap(m, 0, 600));
        r.add(ByteBuffer.wrap(m, 600, m.length - 600));
        assertMessage(m, r.next());
    }

    @Test
    void rfc8448ServerFlightSplitsIntoItsFourMessages() throws Exception {
        Rfc8448Trace t = Rfc8448Trace.load("/rfc8448/section3-simple-1rtt.txt");
        HandshakeReassembler r = new HandshakeReassembler(1 << 16);
        r.add(ByteBuffer.wrap(t.get("{server} send handshake record", "payload", 1)));
        assertMessage(t.get("{server} construct an EncryptedExtensions handshake message", "EncryptedExtensions"), r.next());
        assertMessage(t.get("{server} construct a Certificate handshake message", "Certificate"), r.next());
        assertMessage(t.get("{server} construct a CertificateVerify handshake message", "CertificateVerify"), r.next());
        RawHandshake fin = r.next();
        assertEquals(HandshakeType.FINISHED, fin.handshakeType());
        assertMessage(t.get("{server} construct a Finished handshake message", "Finished"), fin);
        assertNull(r.next());
    }

    @Test
    void bufferIsReusedAndReleased() throws Exception {
        HandshakeReassembler r = new HandshakeReassembler(1 << 20);
        for (int round = 0; round < 50; round++) {
            byte[] m = message(4, 100 + round * 500, round);
            r.add(ByteBuffer.wrap(m, 0, m.length / 2));
            r.add(ByteBuffer.wrap(m, m.length / 2, m.length - m.length / 2));
            assertMessage(m, r.next());
        }
        assertFalse(r.hasPartialMessage());
    }

    @Test
    void constructorBounds() {
        assertThrows(IllegalArgumentException.class, () -> new HandshakeReassembler(-1));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeReassembler(1 << 24));
    }
}
