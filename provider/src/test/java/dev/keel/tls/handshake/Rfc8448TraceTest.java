package dev.keel.tls.handshake;

import static dev.keel.tls.handshake.Rfc8448Trace.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The trace parser itself: values spelled out here by hand from the RFC text. */
class Rfc8448TraceTest {
    private static final Rfc8448Trace T = Rfc8448Trace.load("/rfc8448/section3-simple-1rtt.txt");

    @Test
    void readsAOneLineAndAMultiLineValue() {
        assertArrayEquals(hex("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a"),
                T.get("{server} extract secret \"early\"", "secret"));
        assertArrayEquals(hex("5d313eb2671276ee13000b30"),
                T.get("{server} derive write traffic keys for handshake data", "iv expanded"));
    }

    @Test
    void readsValuesAcrossPageBreaksByOctetCount() {
        byte[] record = T.get("{server} send handshake record", "complete record", 1);
        assertEquals(679, record.length);
        assertArrayEquals(hex("170303 02a2 d1ff334a"), java.util.Arrays.copyOf(record, 9));
        assertArrayEquals(hex("0d2b"), java.util.Arrays.copyOfRange(record, 677, 679));
    }

    @Test
    void wrappedStepTitlesAndRepeatedSteps() {
        assertEquals(3, T.all("{server} send handshake record", "payload").size());
        assertEquals(0, T.get("{server} calculate finished \"tls13 finished\"", "hash").length);
    }
}
