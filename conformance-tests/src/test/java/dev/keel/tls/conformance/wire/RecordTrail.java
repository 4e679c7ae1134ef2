package dev.keel.tls.conformance.wire;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.StringJoiner;

/**
 * The record framing of one direction of a relayed connection, encrypted records included, and how
 * the direction ended: evidence of whether a side sent an alert (close_notify) before closing TCP.
 * Only record headers are read (RFC 8446 5.1, RFC 5246 6.2.1), never contents: a protected alert
 * cannot be told from application data by its type in TLS 1.3, so its size is the evidence there
 * (see {@link #lastIsAlert}).
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
     * Whether the last record before the TCP close is an alert, for a connection of {@code version}
     * ("TLSv1.3" / "TLSv1.2", from the handshake). TLS 1.2: alerts keep content type 21 when protected
     * (RFC 5246 6.2.1), so the answer is certain. TLS 1.3: every protected record is
     * application_data (RFC 8446 5.2); an unpadded alert is 2 + 1 + 16 = 19 bytes (alert, inner
     * content type, AEAD tag), so 19 bytes says yes, fewer says no, and more is {@code null}: a padded
     * alert (SunJSSE pads its TLS 1.3 alerts to 35 bytes) cannot be told from a short data record.
     * Either way it cannot tell close_notify from another alert; the subject's read does.
     */
    public synchronized Boolean lastIsAlert(String version) {
        int[] r = last.peekLast();
        if (r == null || bodyLeft > 0 || headerFill > 0) {
            return false;
        }
        if (r[0] == 21) {
            return true;
        }
        if (r[0] != 23 || !"TLSv1.3".equals(version)) {
            return false;
        }
        return r[1] == 19 ? Boolean.TRUE : r[1] < 19 ? Boolean.FALSE : null;
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
