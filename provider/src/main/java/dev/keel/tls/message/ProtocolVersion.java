package dev.keel.tls.message;

/** Protocol versions, as on the wire (RFC 8446 4.2.1, RFC 5246 appendix E). */
public enum ProtocolVersion {
    SSL30(0x0300, "SSLv3"),
    TLS10(0x0301, "TLSv1"),
    TLS11(0x0302, "TLSv1.1"),
    TLS12(0x0303, "TLSv1.2"),
    TLS13(0x0304, "TLSv1.3");

    private static final ProtocolVersion[] VALUES = values();

    private final int code;
    private final String javaName;

    ProtocolVersion(int code, String javaName) {
        this.code = code;
        this.javaName = javaName;
    }

    public int code() {
        return code;
    }

    /** The name JSSE uses: "TLSv1.3". */
    public String javaName() {
        return javaName;
    }

    /** The version for a wire value, or {@code null} when unknown (or GREASE). */
    public static ProtocolVersion fromCode(int code) {
        for (ProtocolVersion v : VALUES) { // not values(): a fresh array per call
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }

    /** The version for a JSSE name, or {@code null}. */
    public static ProtocolVersion fromJavaName(String name) {
        for (ProtocolVersion v : VALUES) {
            if (v.javaName.equals(name)) {
                return v;
            }
        }
        return null;
    }
}
