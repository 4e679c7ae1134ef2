package dev.keel.tls.handshake;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.Prf12;
import dev.keel.tls.message.NewSessionTicket13;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.session.ResumableSession;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TlsSession;
import java.util.Arrays;

/**
 * What a connection still needs from its handshake once the handshake is complete: the secrets of the
 * keying-material exporter and, for a TLS 1.3 client that keeps tickets, of resumption. The connection
 * keeps this small object and drops the handshake (its transcript, key schedule, ClientHello and key
 * shares), so an idle connection holds a few hundred bytes of handshake state, not kilobytes
 * (retained heap, issue 7).
 *
 * <p>A TLS 1.3 server has nothing more to do after its handshake: its NewSessionTickets are sent as the
 * handshake completes (RFC 8446 4.6.1). KeyUpdate is the connection's own (it holds the traffic secrets).
 */
public final class PostHandshakeState {
    private final ProtocolVersion version;
    private final CipherSuite suite;
    /** TLS 1.3: exporter_master_secret (RFC 8446 7.5); TLS 1.2: master_secret (RFC 5705 4); may be null. */
    private final byte[] exporterSecret;
    /** TLS 1.2: the hello randoms (RFC 5705 4); {@code null} for TLS 1.3. */
    private final byte[] clientRandom;
    private final byte[] serverRandom;
    /** TLS 1.3 client keeping tickets: resumption_master_secret (RFC 8446 7.1); else {@code null}. */
    private final byte[] resumptionMasterSecret;
    /** Where a TLS 1.3 client keeps tickets; {@code null} when it keeps none. */
    private final SessionStore store;
    /** The negotiated session; also names the peer a ticket is kept for (the configuration is not kept). */
    private final TlsSession session;

    private PostHandshakeState(ProtocolVersion version, CipherSuite suite, byte[] exporterSecret, byte[] clientRandom,
            byte[] serverRandom, byte[] resumptionMasterSecret, SessionStore store, TlsSession session) {
        this.version = version;
        this.suite = suite;
        this.exporterSecret = exporterSecret;
        this.clientRandom = clientRandom;
        this.serverRandom = serverRandom;
        this.resumptionMasterSecret = resumptionMasterSecret;
        this.store = store;
        this.session = session;
    }

    /**
     * After a TLS 1.3 handshake. {@code resumptionMasterSecret} is kept only when NewSessionTickets can
     * be turned into sessions: a client with a session store and a peer name. Arrays are copied.
     */
    static PostHandshakeState tls13(CipherSuite suite, byte[] exporterMasterSecret, byte[] resumptionMasterSecret,
            SessionStore store, TlsConfig config, TlsSession session) {
        boolean keepsTickets = config.clientMode() && store != null && resumptionMasterSecret != null
                && config.peerHost() != null;
        return new PostHandshakeState(ProtocolVersion.TLS13, suite, copy(exporterMasterSecret), null, null,
                keepsTickets ? resumptionMasterSecret.clone() : null, keepsTickets ? store : null, session);
    }

    /** After a TLS 1.2 handshake: what RFC 5705's exporter needs. Arrays are copied. */
    static PostHandshakeState tls12(CipherSuite suite, byte[] masterSecret, byte[] clientRandom, byte[] serverRandom,
            TlsSession session) {
        return new PostHandshakeState(ProtocolVersion.TLS12, suite, copy(masterSecret), copy(clientRandom),
                copy(serverRandom), null, null, session);
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    /**
     * A keying-material exporter: RFC 8446 7.5 for TLS 1.3 (an absent context is the empty one), RFC
     * 5705 4 for TLS 1.2 ({@code PRF(master_secret, label, client_random + server_random [+ context])},
     * where an absent context differs from an empty one). {@code null} if the secret is unknown.
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        if (exporterSecret == null || suite == null) {
            return null;
        }
        if (version == ProtocolVersion.TLS12) {
            if (clientRandom == null || serverRandom == null) {
                return null;
            }
            return new Prf12(suite.hash()).exportKeyingMaterial(exporterSecret, clientRandom, serverRandom, label,
                    context, length);
        }
        return KeySchedule13.exportKeyingMaterial(suite.hash(), exporterSecret, label,
                context == null ? new byte[0] : context, length);
    }

    /**
     * TLS 1.3 client: a NewSessionTicket after the handshake (RFC 8446 4.6.1) is checked, and kept for
     * later connections to this peer when there is a session store: PSK = HKDF-Expand-Label(
     * resumption_master_secret, "resumption", ticket_nonce, Hash.length). A lifetime of 0 means "do not
     * use"; more than seven days is cut to seven days.
     */
    public void newSessionTicket(RawHandshake message) throws TlsAlertException {
        NewSessionTicket13 nst = NewSessionTicket13.decode(message.reader());
        if (resumptionMasterSecret == null || nst.ticketLifetime() == 0) {
            return;
        }
        long lifetime = Math.min(nst.ticketLifetime(), SessionStore.MAX_TICKET_LIFETIME_SECONDS) * 1000L;
        byte[] psk = KeySchedule13.resumptionPsk(suite.hash(), resumptionMasterSecret, nst.ticketNonce());
        store.cache().addForPeer(session.peerHost(), session.peerPort(), new ResumableSession(ProtocolVersion.TLS13,
                suite, psk, nst.ticket(), null, nst.ticketAgeAdd(), store.now(), lifetime, session));
        Arrays.fill(psk, (byte) 0);
    }
}
