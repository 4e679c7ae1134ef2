package dev.keel.tls.conformance.wire;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.StringJoiner;

/**
 * The record framing of one direction of a relayed connection, encrypted records included, and how
 * the direction ended: enough to tell from the wire alone whether a side sent an alert (close_notify)
 * before closing TCP. Only record headers are read (RFC 8446 5.1, RFC 5246 6.2.1), never contents:
 * a protected alert cannot be told from application data by its type in TLS 1.3, so its size is the
 * evidence (see {@link #lastLooksLikeAlert}).
 */
public final class RecordTrail {

    /** How many trailing record headers are kept. */
    private static final int KEEP = 4;

    /** How one direction of the relay ended. */
    public enum End {
        /** Still open. */
        OPEN,
        /** The sender closed its side of TCP (FIN): the relay read end of stream. */
        FIN,
        /** The relay's read failed (typically a TCP reset). */
        RESET,
    }

    private final String side;
    private final Deque<int[]> last = new ArrayDeque<>();
    private long bytes;
    private long records;
    private int headerFill;
    private final byte[] header = new byte[5];
    private long bodyLeft;
    private End end = End.OPEN;
    private String endDetail;

    RecordTrail(String side) {
        this.side = side;
    }

    synchronized void feed(byte[] b, int off, int len) {
        bytes += len;
        int i = off;
        int stop = off + len;
        while (i < stop) {
            if (bodyLeft > 0) {
                int take = (int) Math.min(bodyLeft, stop - i);
                bodyLeft -= take;
                i += take;
                continue;
            }
            header[headerFill++] = b[i++];
            if (headerFill == 5) {
                headerFill = 0;
                int type = header[0] & 0xFF;
                int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
                bodyLeft = length;
                records++;
                if (last.size() == KEEP) {
                    last.removeFirst();
                }
                last.addLast(new int[] {type, length});
            }
        }
    }

    synchronized void ended(End how, String detail) {
        if (end == End.OPEN) {
            end = how;
            endDetail = detail;
        }
    }

    /** How this direction ended so far. */
    public synchronized End end() {
        return end;
    }

    /**
     * Whether the last complete record has the size or type of an alert: a plaintext or TLS 1.2
     * protected alert (type 21), or a TLS 1.3 protected record of 2 + 1 + 16 = 19 bytes (an AEAD
     * record with a 2-byte alert, its inner content type and a 16-byte tag, no padding: RFC 8446 5.2).
     * Evidence, not proof: it cannot tell close_notify from another alert.
     */
    public synchronized boolean lastLooksLikeAlert() {
        int[] r = last.peekLast();
        return r != null && bodyLeft == 0 && headerFill == 0 && (r[0] == 21 || (r[0] == 23 && r[1] == 19));
    }

    @Override
    public synchronized String toString() {
        StringJoiner tail = new StringJoiner(", ");
        for (int[] r : last) {
            tail.add(TlsNames.contentType(r[0]) + " " + r[1]);
        }
        String partial = bodyLeft > 0 || headerFill > 0 ? " (last record incomplete)" : "";
        return side + ": " + records + " records, " + bytes + " B, last [" + tail + "]" + partial + ", then "
                + (end == End.OPEN ? "still open" : end == End.FIN ? "FIN" : "read failed (" + endDetail + ")");
    }
}
