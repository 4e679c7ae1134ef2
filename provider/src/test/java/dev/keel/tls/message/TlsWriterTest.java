package dev.keel.tls.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A writer sized to its content hands its buffer over; the array handed over must never change. */
class TlsWriterTest {

    @Test
    void growsPastItsInitialCapacity() {
        TlsWriter w = new TlsWriter(0);
        int mark = w.startVector16();
        for (int i = 0; i < 40; i++) {
            w.u8(i);
        }
        w.endVector16(mark);
        byte[] out = w.toByteArray();
        assertEquals(42, out.length);
        assertArrayEquals(new byte[] {0, 40, 0, 1, 2}, java.util.Arrays.copyOf(out, 5));
    }

    @Test
    void anArrayHandedOverIsNotChangedByLaterPatchesOrWrites() {
        TlsWriter w = new TlsWriter(3);
        int mark = w.startVector16();
        w.u8(7);
        byte[] first = w.toByteArray(); // exactly full: the buffer itself
        assertArrayEquals(new byte[] {0, 0, 7}, first);
        w.endVector16(mark); // patches the length into a fresh copy
        assertArrayEquals(new byte[] {0, 0, 7}, first);
        assertArrayEquals(new byte[] {0, 1, 7}, w.toByteArray());
        w.u8(9);
        assertArrayEquals(new byte[] {0, 0, 7}, first);
        assertArrayEquals(new byte[] {0, 1, 7, 9}, w.toByteArray());
    }

    @Test
    void resetKeepsNothingOfAnArrayHandedOver() {
        TlsWriter w = new TlsWriter(2);
        byte[] first = w.u16(0x0102).toByteArray();
        byte[] second = w.reset().u16(0x0304).toByteArray();
        assertArrayEquals(new byte[] {1, 2}, first);
        assertArrayEquals(new byte[] {3, 4}, second);
        byte[] third = w.reset().u8(5).toByteArray(); // not full: a copy
        assertArrayEquals(new byte[] {5}, third);
        assertArrayEquals(new byte[] {3, 4}, second);
    }
}
