package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Arrays;

/**
 * One offered PSK, RFC 8446 section 4.2.11:
 * {@code struct { opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age; } PskIdentity;}.
 */
public record PskIdentity(byte[] identity, long obfuscatedTicketAge) {
    public PskIdentity {
        Fields.bytes(identity, 1, 0xFFFF, "PSK identity");
        Fields.u32(obfuscatedTicketAge, "obfuscated_ticket_age");
    }

    static PskIdentity decode(TlsReader r) throws TlsAlertException {
        byte[] identity = r.vector16("PskIdentity identity", 1, 0xFFFF);
        long age = r.u32("PskIdentity obfuscated_ticket_age");
        return new PskIdentity(identity, age);
    }

    void encode(TlsWriter w) {
        w.vector16(identity).u32(obfuscatedTicketAge);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PskIdentity p && p.obfuscatedTicketAge == obfuscatedTicketAge
                && Arrays.equals(p.identity, identity);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(identity) * 31 + Long.hashCode(obfuscatedTicketAge);
    }

    @Override
    public String toString() {
        return "PskIdentity[identity=" + Fields.hex(identity) + ", obfuscated_ticket_age=" + obfuscatedTicketAge + "]";
    }
}
