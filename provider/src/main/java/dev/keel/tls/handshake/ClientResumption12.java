package dev.keel.tls.handshake;

import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.session.ResumableSession;
import dev.keel.tls.session.SessionStore;
import java.util.List;

/**
 * What a TLS 1.2 client offers to resume, decided once before its ClientHello is built (that
 * ClientHello may offer TLS 1.3 too, see {@link ClientHandshake13}):
 *
 * <ul>
 *   <li>{@link #session()}: the cached TLS 1.2 session for this peer (host, port), or {@code null}.
 *       Only sessions with the extended master secret are ever cached (RFC 7627 5.3).</li>
 *   <li>{@link #sessionId()}: the ClientHello's session_id. A session resumed by id offers its id
 *       (RFC 5246 7.4.1.2). A session resumed by ticket offers a fresh random id, so that a server
 *       accepting the ticket echoes it and the client knows at ServerHello (RFC 5077 3.4). Without a
 *       session it is empty; in a ClientHello that offers TLS 1.3 the random compatibility id
 *       (RFC 8446 D.4) then takes its place.</li>
 *   <li>{@link #sendsTicketExtension()}: the session_ticket extension (RFC 5077 3.2) is sent, empty
 *       or with the cached ticket, when the store has TLS 1.2 tickets on.</li>
 * </ul>
 */
final class ClientResumption12 {
    /** Nothing to resume and no ticket asked for (no store, or resumption off). */
    static final ClientResumption12 NONE = new ClientResumption12(null, new byte[0], false);

    private final ResumableSession session;
    private final byte[] sessionId;
    private final boolean sendsTicketExtension;

    private ClientResumption12(ResumableSession session, byte[] sessionId, boolean sendsTicketExtension) {
        this.session = session;
        this.sessionId = sessionId.clone();
        this.sendsTicketExtension = sendsTicketExtension;
    }

    /** The cached session offered, or {@code null}. */
    ResumableSession session() {
        return session;
    }

    byte[] sessionId() {
        return sessionId.clone();
    }

    boolean sendsTicketExtension() {
        return sendsTicketExtension;
    }

    /**
     * The offer for a connection to {@code config}'s peer: the newest cached TLS 1.2 session whose
     * suite is among {@code offeredSuites}, sent with the same server names (RFC 6066 3), and that
     * can be offered (a ticket-only session needs tickets on).
     */
    static ClientResumption12 find(TlsConfig config, SessionStore store, List<Integer> offeredSuites) {
        if (store == null || !store.enabled()) {
            return NONE;
        }
        boolean tickets = store.sessionTickets12();
        ResumableSession s = config.peerHost() == null ? null : store.cache().takeForPeer(config.peerHost(),
                config.peerPort(), false, e -> e.protocol() == ProtocolVersion.TLS12
                        && e.origin().extendedMasterSecret()
                        && offeredSuites.contains(e.suite().code())
                        && e.origin().requestedServerNames().equals(config.serverNames())
                        && (tickets ? e.ticket() != null || e.sessionId() != null : e.sessionId() != null));
        if (s == null) {
            return new ClientResumption12(null, new byte[0], tickets);
        }
        byte[] id;
        if (tickets && s.ticket() != null) {
            id = new byte[32];
            config.random().nextBytes(id);
        } else {
            id = s.sessionId();
        }
        return new ClientResumption12(s, id, tickets);
    }

    /** The ticket to present: the cached one when tickets are on, else none. */
    byte[] ticket() {
        byte[] t = session == null || !sendsTicketExtension ? null : session.ticket();
        return t == null ? new byte[0] : t;
    }

    /** True when the offer presents a ticket rather than (only) a session id. */
    boolean presentsTicket() {
        return ticket().length != 0;
    }

    /** The session_ticket extension to add, if any (RFC 5077 3.2). */
    void addExtension(List<Extension> ext) {
        if (sendsTicketExtension) {
            ext.add(new Extension(ExtensionType.SESSION_TICKET, ticket()));
        }
    }
}
