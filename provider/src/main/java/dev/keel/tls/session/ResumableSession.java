package dev.keel.tls.session;

import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.message.ProtocolVersion;
import java.util.Arrays;

/**
 * What one side keeps to resume a session later: the secret, the suite, and the session it came from
 * (whose peer certificates, names, ALPN and creation time a resumed session reports again).
 *
 * <ul>
 *   <li>TLS 1.3 client: one per NewSessionTicket (RFC 8446 4.6.1): the {@code ticket} is the PSK
 *       identity, the secret the PSK, with the ticket's {@code ticket_age_add} and lifetime.</li>
 *   <li>TLS 1.2 client: the session id the server gave and/or an RFC 5077 ticket, with the master
 *       secret.</li>
 *   <li>TLS 1.2 server (session-id cache): the master secret under the session id.</li>
 * </ul>
 * The secret is wiped by {@link #destroy()} when the entry is evicted, used up or expires.
 */
public final class ResumableSession {
    private final ProtocolVersion protocol;
    private final CipherSuite suite;
    private final byte[] secret;
    private final byte[] ticket;
    private final byte[] sessionId;
    private final long ticketAgeAdd;
    private final long receivedAt;
    private final long lifetimeMillis;
    private final TlsSession origin;

    /**
     * @param ticket the ticket (TLS 1.3 PSK identity, or TLS 1.2 RFC 5077 ticket), or {@code null}
     * @param sessionId TLS 1.2 session id, or {@code null}
     * @param receivedAt when the ticket (or session) arrived, in the store's clock
     * @param lifetimeMillis how long it may be used from {@code receivedAt}
     * @param origin the session it resumes
     */
    public ResumableSession(ProtocolVersion protocol, CipherSuite suite, byte[] secret, byte[] ticket,
            byte[] sessionId, long ticketAgeAdd, long receivedAt, long lifetimeMillis, TlsSession origin) {
        this.protocol = protocol;
        this.suite = suite;
        this.secret = secret.clone();
        this.ticket = ticket == null ? null : ticket.clone();
        this.sessionId = sessionId == null ? null : sessionId.clone();
        this.ticketAgeAdd = ticketAgeAdd;
        this.receivedAt = receivedAt;
        this.lifetimeMillis = lifetimeMillis;
        this.origin = origin;
    }

    public ProtocolVersion protocol() {
        return protocol;
    }

    public CipherSuite suite() {
        return suite;
    }

    /** A copy of the PSK (TLS 1.3) or master secret (TLS 1.2); the caller wipes it. */
    public byte[] secret() {
        return secret.clone();
    }

    public byte[] ticket() {
        return ticket == null ? null : ticket.clone();
    }

    public byte[] sessionId() {
        return sessionId == null ? null : sessionId.clone();
    }

    public long ticketAgeAdd() {
        return ticketAgeAdd;
    }

    public long receivedAt() {
        return receivedAt;
    }

    public long lifetimeMillis() {
        return lifetimeMillis;
    }

    /** The session this entry resumes. */
    public TlsSession origin() {
        return origin;
    }

    /**
     * RFC 8446 4.2.11.1: obfuscated_ticket_age = (client's view of the ticket age in ms + ticket_age_add)
     * mod 2^32.
     */
    public long obfuscatedTicketAge(long now) {
        return (Math.max(0, now - receivedAt) + ticketAgeAdd) & 0xFFFFFFFFL;
    }

    /** True while it may be used: within its lifetime and its session not invalidated. */
    public boolean usableAt(long now) {
        return now >= receivedAt && now - receivedAt < lifetimeMillis && origin.isValid();
    }

    /** Wipes the secret. */
    public void destroy() {
        Arrays.fill(secret, (byte) 0);
    }
}
