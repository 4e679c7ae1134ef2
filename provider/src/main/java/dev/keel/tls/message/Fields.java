package dev.keel.tls.message;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Small helpers shared by the message records: argument checks for values our own code constructs
 * (a bad value there is a programming error, hence {@link IllegalArgumentException}, never an alert),
 * and the {@code byte[]}-aware equality and text that records do not provide by themselves.
 */
final class Fields {
    private Fields() {
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final int HEX_SHOWN = 32;

    static int u8(int value, String what) {
        return inRange(value, 0, 0xFF, what);
    }

    static int u16(int value, String what) {
        return inRange(value, 0, 0xFFFF, what);
    }

    static long u32(long value, String what) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " " + value + " does not fit in 32 bits");
        }
        return value;
    }

    static int inRange(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** Checks a vector's length against the RFC's {@code <min..max>}. */
    static byte[] bytes(byte[] value, int min, int max, String what) {
        Objects.requireNonNull(value, what);
        if (value.length < min || value.length > max) {
            inRange(value.length, min, max, what + " length"); // throws; the text is built only then
        }
        return value;
    }

    /** An immutable copy of a list whose elements must be u16 values. */
    static List<Integer> u16List(List<Integer> values, String what) {
        List<Integer> copy = List.copyOf(values);
        for (int i = 0, n = copy.size(); i < n; i++) { // indexed: no iterator per message
            u16(copy.get(i), what);
        }
        return copy;
    }

    /** An immutable copy of a list whose elements must be u8 values. */
    static List<Integer> u8List(List<Integer> values, String what) {
        List<Integer> copy = List.copyOf(values);
        for (int i = 0, n = copy.size(); i < n; i++) {
            u8(copy.get(i), what);
        }
        return copy;
    }

    /** Hex for toString: short values in full, long ones (certificates, tickets) abbreviated. */
    static String hex(byte[] b) {
        if (b.length <= HEX_SHOWN) {
            return HEX.formatHex(b);
        }
        return HEX.formatHex(b, 0, HEX_SHOWN / 2) + "..(" + b.length + " bytes)";
    }

    /** Code points as hex, for toString: "[0x1301, 0x1302]". */
    static String codes(List<Integer> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "0x" : ", 0x").append(Integer.toHexString(values.get(i)));
        }
        return sb.append(']').toString();
    }

    static String hex(List<byte[]> list) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(hex(list.get(i)));
        }
        return sb.append(']').toString();
    }

    static boolean equal(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int hash(List<byte[]> list) {
        int h = 1;
        for (byte[] b : list) {
            h = 31 * h + Arrays.hashCode(b);
        }
        return h;
    }
}
