package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The TLS 1.3 NewSessionTicket, RFC 8446 section 4.6.1:
 * <pre>
 * struct {
 *     uint32 ticket_lifetime;
 *     uint32 ticket_age_add;
 *     opaque ticket_nonce&lt;0..255&gt;;
 *     opaque ticket&lt;1..2^16-1&gt;;
 *     Extension extensions&lt;0..2^16-2&gt;;
 * } NewSessionTicket;
 * </pre>
 * The seven-day lifetime cap is the client's policy, not a wire rule.
 */
public record NewSessionTicket13(long ticketLifetime, long ticketAgeAdd, byte[] ticketNonce, byte[] ticket,
                                 Extensions extensions) implements HandshakeMessage {
    public NewSessionTicket13 {
        Fields.u32(ticketLifetime, "ticket_lifetime");
        Fields.u32(ticketAgeAdd, "ticket_age_add");
        Fields.bytes(ticketNonce, 0, 0xFF, "ticket_nonce");
        Fields.bytes(ticket, 1, 0xFFFF, "ticket");
        Objects.requireNonNull(extensions, "extensions");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.NEW_SESSION_TICKET;
    }

    public static NewSessionTicket13 decode(TlsReader body) throws TlsAlertException {
        long lifetime = body.u32("NewSessionTicket ticket_lifetime");
        long ageAdd = body.u32("NewSessionTicket ticket_age_add");
        byte[] nonce = body.vector8("NewSessionTicket ticket_nonce");
        byte[] ticket = body.vector16("NewSessionTicket ticket", 1, 0xFFFF);
        int extensionsLength = body.remaining() - 2;
        Extensions extensions = Extensions.decode(body);
        body.ensureEmpty("NewSessionTicket");
        if (extensionsLength > 0xFFFE) {
            throw TlsAlertException.decodeError("NewSessionTicket extensions: length " + extensionsLength
                    + " is outside the allowed range 0..65534");
        }
        return new NewSessionTicket13(lifetime, ageAdd, nonce, ticket, extensions);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u32(ticketLifetime).u32(ticketAgeAdd).vector8(ticketNonce).vector16(ticket);
        extensions.encode(w);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewSessionTicket13 t && t.ticketLifetime == ticketLifetime
                && t.ticketAgeAdd == ticketAgeAdd && Arrays.equals(t.ticketNonce, ticketNonce)
                && Arrays.equals(t.ticket, ticket) && t.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ticket) * 31 + extensions.hashCode();
    }

    @Override
    public String toString() {
        return "NewSessionTicket[ticket_lifetime=" + ticketLifetime + ", ticket_age_add=" + ticketAgeAdd
                + ", ticket_nonce=" + Fields.hex(ticketNonce) + ", ticket=" + Fields.hex(ticket)
                + ", extensions=" + extensions + "]";
    }
}
