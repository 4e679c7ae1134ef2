package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Arrays;

/**
 * One key share, RFC 8446 section 4.2.8:
 * {@code struct { NamedGroup group; opaque key_exchange<1..2^16-1>; } KeyShareEntry;}.
 * Whether key_exchange is a valid public value of the group is the crypto layer's check.
 */
public record KeyShareEntry(int group, byte[] keyExchange) {
    public KeyShareEntry {
        Fields.u16(group, "named group");
        Fields.bytes(keyExchange, 1, 0xFFFF, "key_exchange");
    }

    static KeyShareEntry decode(TlsReader r) throws TlsAlertException {
        int group = r.u16("KeyShareEntry group");
        byte[] keyExchange = r.vector16("KeyShareEntry key_exchange", 1, 0xFFFF);
        return new KeyShareEntry(group, keyExchange);
    }

    void encode(TlsWriter w) {
        w.u16(group).vector16(keyExchange);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyShareEntry k && k.group == group && Arrays.equals(k.keyExchange, keyExchange);
    }

    @Override
    public int hashCode() {
        return 31 * group + Arrays.hashCode(keyExchange);
    }

    @Override
    public String toString() {
        return "KeyShareEntry[group=0x" + Integer.toHexString(group) + ", key_exchange=" + Fields.hex(keyExchange) + "]";
    }
}
