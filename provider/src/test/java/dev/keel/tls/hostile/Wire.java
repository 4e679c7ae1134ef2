package dev.keel.tls.hostile;

import dev.keel.tls.message.RawHandshake;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** TLS records as bytes (RFC 8446 5.1), built and split by hand so that they may be malformed. */
final class Wire {
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;

    private Wire() {
    }

    /** type(1) legacy_record_version(2) length(2) fragment; the length is the fragment's. */
    static byte[] record(int type, int version, byte[] fragment) {
        return record(type, version, fragment.length, fragment);
    }

    /** A record whose length field says {@code length}, whatever the fragment's real size. */
    static byte[] record(int type, int version, int length, byte[] fragment) {
        byte[] r = new byte[5 + fragment.length];
        r[0] = (byte) type;
        r[1] = (byte) (version >>> 8);
        r[2] = (byte) version;
        r[3] = (byte) (length >>> 8);
        r[4] = (byte) length;
        System.arraycopy(fragment, 0, r, 5, fragment.length);
        return r;
    }

    /** One handshake record (version 0x0301, as a first ClientHello) carrying these messages. */
    static byte[] handshakeRecord(RawHandshake... messages) {
        return record(HANDSHAKE, 0x0301, concat(Arrays.stream(messages).map(RawHandshake::wire).toArray(byte[][]::new)));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Splits well-formed records; fails on anything else (the bytes came from a real engine). */
    static List<byte[]> records(byte[] bytes) {
        List<byte[]> out = new ArrayList<>();
        int p = 0;
        while (p < bytes.length) {
            if (bytes.length - p < 5) {
                throw new AssertionError("trailing " + (bytes.length - p) + " bytes are not a record header");
            }
            int length = ((bytes[p + 3] & 0xFF) << 8) | (bytes[p + 4] & 0xFF);
            if (bytes.length - p - 5 < length) {
                throw new AssertionError("record at " + p + " announces " + length + " bytes, "
                        + (bytes.length - p - 5) + " follow");
            }
            out.add(Arrays.copyOfRange(bytes, p, p + 5 + length));
            p += 5 + length;
        }
        return out;
    }

    static int type(byte[] record) {
        return record[0] & 0xFF;
    }

    static byte[] fragment(byte[] record) {
        return Arrays.copyOfRange(record, 5, record.length);
    }

    /** The bytes between a buffer's position and limit. */
    static byte[] remaining(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
