package dev.keel.tls.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

/** The wire check against the ServerHello messages of RFC 8448. */
class ServerFlightTest {

    /** RFC 8448 section 3, Simple 1-RTT Handshake: ServerHello (90 octets). */
    private static final String FULL_SERVER_HELLO = "02 00 00 56 03 03 a6 af 06 a4 12 18 60"
            + " dc 5e 6e 60 24 9c d3 4c 95 93 0c 8a c5 cb 14 34 da c1 55 77 2e"
            + " d3 e2 69 28 00 13 01 00 00 2e 00 33 00 24 00 1d 00 20 c9 82 88"
            + " 76 11 20 95 fe 66 76 2b db f7 c6 72 e1 56 d6 cc 25 3b 83 3d f1"
            + " dd 69 b1 b0 4e 75 1f 0f 00 2b 00 02 03 04";

    /** RFC 8448 section 4, Resumed 0-RTT Handshake: ServerHello (96 octets), PSK accepted with x25519. */
    private static final String RESUMED_SERVER_HELLO = "02 00 00 5c 03 03 3c cf d2 de c8 90 22"
            + " 27 63 47 2a e8 13 67 77 c9 d7 35 87 77 bb 66 e9 1e a5 12 24 95"
            + " f5 59 ea 2d 00 13 01 00 00 34 00 29 00 02 00 00 00 33 00 24 00"
            + " 1d 00 20 12 17 61 ee 42 c3 33 e1 b9 e7 7b 60 dd 57 c2 05 3c d9"
            + " 45 12 ab 47 f1 15 e8 6e ff 50 94 2c ea 31 00 2b 00 02 03 04";

    /** RFC 8448 section 5, HelloRetryRequest (176 octets) asking for secp256r1, with a cookie. */
    private static final String HELLO_RETRY_REQUEST = "02 00 00 ac 03 03 cf 21 ad 74 e5 9a 61"
            + " 11 be 1d 8c 02 1e 65 b8 91 c2 a2 11 16 7a bb 8c 5e 07 9e 09 e2"
            + " c8 a8 33 9c 00 13 01 00 00 84 00 33 00 02 00 17 00 2c 00 74 00"
            + " 72 71 dc d0 4b b8 8b c3 18 91 19 39 8a 00 00 00 00 ee fa fc 76"
            + " c1 46 b8 23 b0 96 f8 aa ca d3 65 dd 00 30 95 3f 4e df 62 56 36"
            + " e5 f2 1b b2 e2 3f cc 65 4b 1b 5b 40 31 8d 10 d1 37 ab cb b8 75"
            + " 74 e3 6e 8a 1f 02 5f 7d fa 5d 6e 50 78 1b 5e da 4a a1 5b 0c 8b"
            + " e7 78 25 7d 16 aa 30 30 e9 e7 84 1d d9 e4 c0 34 22 67 e8 ca 0c"
            + " af 57 1f b2 b7 cf f0 f9 34 b0 00 2b 00 02 03 04";

    @Test
    void fullHandshakeServerHello() {
        ServerFlight flight = ServerFlight.parse(records(FULL_SERVER_HELLO));
        assertEquals("TLSv1.3", flight.version());
        assertEquals("TLS_AES_128_GCM_SHA256", flight.cipherSuiteName());
        assertEquals("x25519", flight.groupName());
        assertFalse(flight.resumed());
        assertFalse(flight.helloRetryRequest());
    }

    @Test
    void resumedServerHelloAcceptsThePskWithAKeyShare() {
        ServerFlight flight = ServerFlight.parse(records(RESUMED_SERVER_HELLO));
        assertTrue(flight.resumed());
        assertTrue(flight.pskWithKeyExchange());
        assertEquals("x25519", flight.groupName());
    }

    @Test
    void helloRetryRequestIsRecognised() {
        ServerFlight flight = ServerFlight.parse(records(HELLO_RETRY_REQUEST));
        assertTrue(flight.helloRetryRequest());
        assertEquals("secp256r1", flight.groupName());
    }

    @Test
    void readingStopsAtTheFirstEncryptedRecord() {
        // ServerHello, then a ChangeCipherSpec and application_data: only the ServerHello is read.
        byte[] hello = records(FULL_SERVER_HELLO);
        byte[] flight = new byte[hello.length + 6 + 8];
        System.arraycopy(hello, 0, flight, 0, hello.length);
        System.arraycopy(new byte[] {20, 3, 3, 0, 1, 1, 23, 3, 3, 0, 3, 2, 0, 0}, 0, flight, hello.length, 14);
        assertEquals("TLS_AES_128_GCM_SHA256", ServerFlight.parse(flight).cipherSuiteName());
    }

    @Test
    void handshakeMessageSplitAcrossRecordsIsReassembled() {
        byte[] message = hex(FULL_SERVER_HELLO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeRecord(out, message, 0, 10);
        writeRecord(out, message, 10, message.length - 10);
        assertEquals("x25519", ServerFlight.parse(out.toByteArray()).groupName());
    }

    @Test
    void truncatedServerHelloIsRejected() {
        byte[] hello = hex(FULL_SERVER_HELLO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeRecord(out, hello, 0, 40);
        assertThrows(IllegalArgumentException.class, () -> ServerFlight.parse(out.toByteArray()));
    }

    private static byte[] records(String handshakeMessage) {
        byte[] message = hex(handshakeMessage);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeRecord(out, message, 0, message.length);
        return out.toByteArray();
    }

    private static void writeRecord(ByteArrayOutputStream out, byte[] body, int offset, int length) {
        out.write(22);
        out.write(3);
        out.write(3);
        out.write(length >>> 8);
        out.write(length);
        out.write(body, offset, length);
    }

    private static byte[] hex(String spaced) {
        String s = spaced.replace(" ", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
