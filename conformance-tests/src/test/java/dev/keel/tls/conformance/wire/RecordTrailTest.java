package dev.keel.tls.conformance.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The relay's record framing: headers found across arbitrary chunking, and the alert verdict per version. */
class RecordTrailTest {

    private static byte[] record(int type, int length) {
        byte[] r = new byte[5 + length];
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) (length >> 8);
        r[4] = (byte) length;
        return r;
    }

    private static RecordTrail fedOneByteAtATime(byte[]... records) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] r : records) {
            all.writeBytes(r);
        }
        RecordTrail t = new RecordTrail("server→client");
        for (byte b : all.toByteArray()) {
            t.feed(new byte[] {b}, 0, 1);
        }
        return t;
    }

    @Test
    void tls12AlertTypeIsDecisive() {
        assertEquals(Boolean.TRUE, fedOneByteAtATime(record(23, 300), record(21, 26)).lastIsAlert("TLSv1.2"));
        assertEquals(Boolean.FALSE, fedOneByteAtATime(record(21, 26), record(23, 300)).lastIsAlert("TLSv1.2"));
    }

    @Test
    void tls13AlertIsJudgedBySize() {
        assertEquals(Boolean.TRUE, fedOneByteAtATime(record(23, 300), record(23, 19)).lastIsAlert("TLSv1.3"));
        assertEquals(Boolean.FALSE, fedOneByteAtATime(record(23, 300), record(23, 18)).lastIsAlert("TLSv1.3"));
        assertNull(fedOneByteAtATime(record(23, 19), record(23, 35)).lastIsAlert("TLSv1.3"), "padded alert or data");
    }

    @Test
    void anIncompleteLastRecordIsNoAlert() {
        byte[] cut = java.util.Arrays.copyOf(record(21, 26), 10);
        RecordTrail t = fedOneByteAtATime(record(23, 40), cut);
        assertEquals(Boolean.FALSE, t.lastIsAlert("TLSv1.2"));
        t.ended(RecordTrail.End.FIN, null);
        assertTrue(t.toString().contains("last record incomplete"), t.toString());
        assertTrue(t.toString().endsWith("then FIN"), t.toString());
    }
}
