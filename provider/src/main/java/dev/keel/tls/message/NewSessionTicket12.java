package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * TLS 1.2 NewSessionTicket (RFC 5077 3.3): {@code uint32 ticket_lifetime_hint; opaque
 * ticket<0..2^16-1>;}. A lifetime hint of 0 means "unspecified"; an empty ticket means the server
 * decided not to issue one after all (RFC 5077 3.3). Unlike TLS 1.3's, this message is part of the
 * handshake transcript.
 */
public record NewSessionTicket12(long lifetimeHint, byte[] ticket) implements HandshakeMessage {
    public NewSessionTicket12 {
        if (lifetimeHint < 0 || lifetimeHint > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("ticket_lifetime_hint is a uint32: " + lifetimeHint);
        }
        if (ticket.length > 0xFFFF) {
            throw new IllegalArgumentException("ticket exceeds 65535 bytes: " + ticket.length);
        }
        ticket = ticket.clone();
    }

    @Override
    public byte[] ticket() {
        return ticket.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.NEW_SESSION_TICKET;
    }

    public static NewSessionTicket12 decode(TlsReader body) throws TlsAlertException {
        long lifetimeHint = body.u32("NewSessionTicket ticket_lifetime_hint");
        byte[] ticket = body.vector16("NewSessionTicket ticket");
        body.ensureEmpty("NewSessionTicket (TLS 1.2)");
        return new NewSessionTicket12(lifetimeHint, ticket);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u32(lifetimeHint).vector16(ticket);
    }
}
