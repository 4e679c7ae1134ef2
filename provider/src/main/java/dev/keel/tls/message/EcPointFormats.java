package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.List;

/**
 * The body of ec_point_formats, RFC 8422 5.1.2:
 * {@code struct { ECPointFormat ec_point_format_list<1..2^8-1>; } ECPointFormatList;}.
 * Only {@link #UNCOMPRESSED} remains defined; RFC 8422 requires every list to contain it.
 */
public record EcPointFormats(List<Integer> formats) {
    /** ECPointFormat uncompressed (RFC 8422 5.1.2). */
    public static final int UNCOMPRESSED = 0;

    /** What Keel sends: uncompressed only. */
    public static final EcPointFormats UNCOMPRESSED_ONLY = new EcPointFormats(List.of(UNCOMPRESSED));

    public EcPointFormats {
        formats = List.copyOf(formats);
        Fields.inRange(formats.size(), 1, 0xFF, "number of point formats");
        for (int f : formats) {
            Fields.u8(f, "point format");
        }
    }

    /** True when the peer can take uncompressed points, which RFC 8422 5.1.2 makes mandatory. */
    public boolean includesUncompressed() {
        return formats.contains(UNCOMPRESSED);
    }

    public static EcPointFormats decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        List<Integer> formats = r.sub8("ec_point_format_list", 1, 0xFF).u8List("point format");
        r.ensureEmpty("ec_point_formats extension");
        return new EcPointFormats(formats);
    }

    public byte[] encode() {
        return new TlsWriter(1 + formats.size()).vector8OfU8(formats).toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.EC_POINT_FORMATS, encode());
    }
}
