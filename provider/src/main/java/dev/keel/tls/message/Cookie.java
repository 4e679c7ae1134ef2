package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Arrays;

/** The body of cookie, RFC 8446 section 4.2.2: {@code struct { opaque cookie<1..2^16-1>; } Cookie;}. */
public record Cookie(byte[] cookie) {
    public Cookie {
        Fields.bytes(cookie, 1, 0xFFFF, "cookie");
    }

    public static Cookie decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        byte[] cookie = r.vector16("cookie", 1, 0xFFFF);
        r.ensureEmpty("cookie extension");
        return new Cookie(cookie);
    }

    public byte[] encode() {
        return new TlsWriter(2 + cookie.length).vector16(cookie).toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.COOKIE, encode());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cookie c && Arrays.equals(c.cookie, cookie);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cookie);
    }

    @Override
    public String toString() {
        return "Cookie[" + Fields.hex(cookie) + "]";
    }
}
