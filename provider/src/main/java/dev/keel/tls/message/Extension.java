package dev.keel.tls.message;

import java.util.Arrays;

/**
 * One extension as on the wire (RFC 8446 section 4.2): {@code ExtensionType extension_type; opaque
 * extension_data<0..2^16-1>;}. The body is kept raw; the classes named after each extension (for
 * example {@link SupportedGroups}) decode it, because its meaning depends on the message it is in.
 */
public record Extension(int type, byte[] data) {
    public Extension {
        Fields.u16(type, "extension type");
        Fields.bytes(data, 0, 0xFFFF, "extension_data");
    }

    void encode(TlsWriter w) {
        w.u16(type).vector16(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Extension e && e.type == type && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return ExtensionType.nameOf(type) + "[" + Fields.hex(data) + "]";
    }
}
