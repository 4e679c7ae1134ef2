package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.ClientAuth;
import dev.keel.tls.config.Credential;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.KeyExchangeAlgorithm;
import dev.keel.tls.crypto.KeyShare;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.RsaPremasterSecret;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.ApplicationLayerProtocols;
import dev.keel.tls.message.CertificateMessage12;
import dev.keel.tls.message.CertificateRequest12;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.ClientKeyExchangeDhe;
import dev.keel.tls.message.ClientKeyExchangeEcdhe;
import dev.keel.tls.message.ClientKeyExchangeRsa;
import dev.keel.tls.message.EcPointFormats;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.NewSessionTicket12;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.RenegotiationInfo;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.ServerHelloDone;
import dev.keel.tls.message.ServerKeyExchangeDhe;
import dev.keel.tls.message.ServerKeyExchangeEcdhe;
import dev.keel.tls.message.SignatureAlgorithms;
import dev.keel.tls.message.SupportedGroups;
import dev.keel.tls.session.ResumableSession;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TicketContents;
import dev.keel.tls.session.TlsSession;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TLS 1.2 server (RFC 5246 7.3, full handshake; states named after the message expected next):
 *
 * <pre>
 * WAIT_CLIENT_HELLO --ClientHello / send ServerHello, Certificate, [ServerKeyExchange,]
 *   [CertificateRequest,] ServerHelloDone--> WAIT_CLIENT_CERTIFICATE (if requested) or
 *   WAIT_CLIENT_KEY_EXCHANGE
 *   WAIT_CLIENT_CERTIFICATE --Certificate--> WAIT_CLIENT_KEY_EXCHANGE
 *   WAIT_CLIENT_KEY_EXCHANGE --ClientKeyExchange--> WAIT_CERTIFICATE_VERIFY (client sent a certificate)
 *     or WAIT_CHANGE_CIPHER_SPEC
 *   WAIT_CERTIFICATE_VERIFY --CertificateVerify--> WAIT_CHANGE_CIPHER_SPEC
 *   WAIT_CHANGE_CIPHER_SPEC --ChangeCipherSpec--> WAIT_FINISHED
 *   WAIT_FINISHED --Finished / send ChangeCipherSpec, Finished--> CONNECTED
 * </pre>
 * {@link ServerHandshake} creates it once the ClientHello settles on TLS 1.2.
 *
 * <p>Resumption needs a session store and the extended master secret (RFC 7627 5.3); then:
 * <ul>
 *   <li>RFC 5077 tickets, when the store has TLS 1.2 tickets on and the client sent session_ticket:
 *       a full handshake acknowledges it with an empty session_ticket and an empty session_id
 *       (RFC 5077 3.4) and, once the client's Finished verified, sends NewSessionTicket before its
 *       ChangeCipherSpec (3.3). A ticket that opens and fits gets the abbreviated handshake,
 *       echoing the client's session_id, with a renewed ticket: ServerHello, NewSessionTicket,
 *       ChangeCipherSpec, Finished. A client that presents a ticket is never resumed by its
 *       session_id (3.4).</li>
 *   <li>Otherwise a full handshake's session is cached under the session_id sent, and a ClientHello
 *       naming a cached session that fits gets the abbreviated handshake (RFC 5246 7.3): ServerHello,
 *       ChangeCipherSpec, Finished.</li>
 * </ul>
 * Either way the client then sends its ChangeCipherSpec and Finished.
 */
public final class ServerHandshake12 extends Handshake12 {
    private enum State {
        START, WAIT_CLIENT_HELLO, WAIT_CLIENT_CERTIFICATE, WAIT_CLIENT_KEY_EXCHANGE, WAIT_CERTIFICATE_VERIFY,
        WAIT_CHANGE_CIPHER_SPEC, WAIT_FINISHED, CONNECTED
    }

    /** ClientCertificateType values Keel asks for (RFC 5246 7.4.4, RFC 8422 5.5). */
    private static final List<Integer> CLIENT_CERTIFICATE_TYPES =
            List.of(CertificateRequest12.ECDSA_SIGN, CertificateRequest12.RSA_SIGN);

    private final boolean tls13Enabled;
    private State state = State.START;
    private int clientHelloVersion;
    private Selection selection;
    private KeyShare ourShare;
    private X509Certificate[] clientChain;
    private List<SignatureScheme> requestedSchemes = List.of();
    /** An abbreviated handshake resuming a cached session (RFC 5246 7.3). */
    private boolean abbreviated;
    /** The client takes RFC 5077 tickets and this full handshake issues one before Finished. */
    private boolean issueTicket;
    /** The SNI host name of this handshake (lower case), or "": tickets are bound to it. */
    private String serverNameHost = "";

    /**
     * @param tls13Enabled whether this server could have negotiated TLS 1.3: its ServerHello.random
     *     then ends with the downgrade sentinel (RFC 8446 4.1.3)
     */
    ServerHandshake12(TlsConfig config, HandshakeIo io, TlsSession session, SessionStore store,
            boolean tls13Enabled) {
        super(config, io, session, store);
        this.tls13Enabled = tls13Enabled;
    }

    @Override
    public void start() {
        if (state == State.START) {
            state = State.WAIT_CLIENT_HELLO;
        }
    }

    @Override
    public boolean isComplete() {
        return state == State.CONNECTED;
    }

    /** TLS 1.2 has no dummy change_cipher_spec; a real one goes to {@link #changeCipherSpec()}. */
    @Override
    public boolean acceptsChangeCipherSpec() {
        return false;
    }

    @Override
    public void handle(RawHandshake m) throws TlsAlertException {
        switch (state) {
            case WAIT_CLIENT_HELLO -> {
                expect(m, "WAIT_CLIENT_HELLO", HandshakeType.CLIENT_HELLO);
                onClientHello(m);
            }
            case WAIT_CLIENT_CERTIFICATE -> {
                expect(m, "WAIT_CLIENT_CERTIFICATE", HandshakeType.CERTIFICATE);
                onClientCertificate(m);
            }
            case WAIT_CLIENT_KEY_EXCHANGE -> {
                expect(m, "WAIT_CLIENT_KEY_EXCHANGE", HandshakeType.CLIENT_KEY_EXCHANGE);
                onClientKeyExchange(m);
            }
            case WAIT_CERTIFICATE_VERIFY -> {
                expect(m, "WAIT_CERTIFICATE_VERIFY", HandshakeType.CERTIFICATE_VERIFY);
                verifyPeerCertificateVerify(m, requestedSchemes, clientChain[0]);
                state = State.WAIT_CHANGE_CIPHER_SPEC;
            }
            case WAIT_FINISHED -> {
                expect(m, "WAIT_FINISHED", HandshakeType.FINISHED);
                verifyPeerFinished(m, true);
                if (!abbreviated) {
                    if (issueTicket) {
                        sendNewSessionTicket(); // RFC 5077 3.3: after the client's Finished verified
                    }
                    sendChangeCipherSpecAndFinished(false);
                    cacheSession();
                }
                handshakeDone();
                state = State.CONNECTED;
            }
            default -> expect(m, state.name());
        }
    }

    @Override
    public void changeCipherSpec() throws TlsAlertException {
        if (state != State.WAIT_CHANGE_CIPHER_SPEC) {
            throw unexpectedChangeCipherSpec(state.name());
        }
        installReadKeys(false);
        state = State.WAIT_FINISHED;
    }

    // ---- WAIT_CLIENT_HELLO (RFC 5246 7.4.1.2; RFC 5746 3.6; RFC 7627 5.2; RFC 8422 5.1) ----

    /**
     * What every ServerHello of ours starts with, full or abbreviated: a fresh server random, carrying
     * the downgrade sentinel when TLS 1.3 was enabled too (RFC 8446 4.1.3), and the extension list with
     * an empty renegotiation_info when the client asked for secure renegotiation (RFC 5746 3.6).
     */
    private List<Extension> startServerHello(boolean secureRenegotiation) {
        serverRandom = random32();
        if (tls13Enabled) {
            System.arraycopy(ServerHello.DOWNGRADE_TLS12, 0, serverRandom, 24, 8);
        }
        List<Extension> shExt = new ArrayList<>();
        if (secureRenegotiation) {
            shExt.add(RenegotiationInfo.INITIAL.toExtension());
        }
        return shExt;
    }

    private void onClientHello(RawHandshake m) throws TlsAlertException {
        onClientHello(m, ClientHello.decode(m.reader()));
    }

    /** Also the entry for the first ClientHello, which {@link ServerHandshake} decoded to choose the version. */
    void onClientHello(RawHandshake m, ClientHello ch) throws TlsAlertException {
        Extensions ext = ch.extensions();
        clientHelloVersion = ch.legacyVersion();
        clientRandom = ch.random();
        boolean nullCompression = false;
        for (byte method : ch.legacyCompressionMethods()) {
            nullCompression |= method == 0;
        }
        if (!nullCompression) {
            throw TlsAlertException.illegalParameter(
                    "ClientHello does not offer the null compression method (RFC 5246 7.4.1.2)");
        }
        boolean secureRenegotiation = checkRenegotiationInfo(ch);
        byte[] ems = ext.find(ExtensionType.EXTENDED_MASTER_SECRET);
        if (ems != null && ems.length != 0) {
            throw TlsAlertException.decodeError(
                    "client's extended_master_secret extension must be empty (RFC 7627 5.1)");
        }
        extendedMasterSecret = ems != null;
        if (!extendedMasterSecret && config.requireExtendedMasterSecret()) {
            throw TlsAlertException.handshakeFailure("client did not offer the extended master secret (RFC 7627),"
                    + " which this server requires for TLS 1.2");
        }
        byte[] pointFormatsData = ext.find(ExtensionType.EC_POINT_FORMATS);
        if (pointFormatsData != null && !EcPointFormats.decode(pointFormatsData).includesUncompressed()) {
            throw TlsAlertException.illegalParameter(
                    "client's ec_point_formats lacks uncompressed, which RFC 8422 5.1.2 requires");
        }

        byte[] sigAlgs = ext.find(ExtensionType.SIGNATURE_ALGORITHMS);
        List<Integer> peerSchemes = sigAlgs == null ? List.of() : SignatureAlgorithms.decode(sigAlgs).schemes();
        byte[] groupsData = ext.find(ExtensionType.SUPPORTED_GROUPS);
        List<Integer> clientGroups = groupsData == null ? null : SupportedGroups.decode(groupsData).groups();
        session.setPeerSignatureSchemes(Negotiation.knownSchemes(peerSchemes));
        session.setLocalSignatureSchemes(config.signatureSchemes());
        boolean sniAccepted = ServerNameAndAlpn.acceptServerName(ext, config, session);
        serverNameHost = ServerHandshake13.hostName(session.requestedServerNames());
        String alpn = ServerNameAndAlpn.chooseAlpn(ext, config);
        session.setApplicationProtocol(alpn);
        // RFC 5077 3.2: session_ticket is understood only when tickets are on; otherwise ignored.
        byte[] ticketData = store != null && store.sessionTickets12()
                ? ext.find(ExtensionType.SESSION_TICKET) : null;
        if (ticketData != null && ticketData.length != 0) {
            TicketContents ticket = openTicket(ch, ticketData);
            if (ticket != null) {
                localCertificatesFor(CipherSuite.fromCode(ticket.cipherSuite()), peerSchemes, clientGroups);
                resumeFromTicket(ch, m, ticket, secureRenegotiation, alpn);
                return;
            }
        } else {
            ResumableSession cached = findSession(ch);
            if (cached != null) {
                resumeFromCache(ch, m, cached, secureRenegotiation, alpn);
                return;
            }
        }
        issueTicket = ticketData != null && extendedMasterSecret;
        selection = select(ch.cipherSuites(), peerSchemes, clientGroups);

        suiteNegotiated(selection.suite());
        transcript.update(m.wire());
        session.setProtocol(ProtocolVersion.TLS12);
        session.setCipherSuite(selection.suite());
        session.setNamedGroup(selection.group());
        io.versionNegotiated(ProtocolVersion.TLS12);

        List<Extension> shExt = startServerHello(secureRenegotiation);
        if (extendedMasterSecret) {
            shExt.add(new Extension(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]));
        }
        if (pointFormatsData != null && selection.suite().keyExchange().isEcdhe()) {
            shExt.add(EcPointFormats.UNCOMPRESSED_ONLY.toExtension());
        }
        if (!alpn.isEmpty()) {
            shExt.add(new Extension(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                    new ApplicationLayerProtocols(List.of(alpn)).encode()));
        }
        if (sniAccepted) {
            shExt.add(new Extension(ExtensionType.SERVER_NAME, new byte[0]));
        }
        if (issueTicket) {
            shExt.add(new Extension(ExtensionType.SESSION_TICKET, new byte[0])); // RFC 5077 3.2
        }
        // A session id when the session can be resumed later by id (a session store, and the extended
        // master secret: RFC 7627 5.3); an empty one otherwise (RFC 5246 7.4.1.3), and when a ticket
        // will carry the session (RFC 5077 3.4).
        byte[] sessionId = store != null && extendedMasterSecret && !issueTicket ? random32() : new byte[0];
        session.setId(sessionId);
        send(new ServerHello(ProtocolVersion.TLS12.code(), serverRandom, sessionId, selection.suite().code(), 0,
                Extensions.of(shExt)));
        Credential credential = selection.credential();
        session.setLocalCertificates(credential.chain().toArray(new X509Certificate[0]));
        send(certificateMessage(credential));
        if (selection.suite().keyExchange().hasServerKeyExchange()) {
            sendServerKeyExchange();
        }
        boolean requestCertificate = config.clientAuth() != ClientAuth.NONE;
        if (requestCertificate) {
            sendCertificateRequest();
        }
        send(new ServerHelloDone());
        state = requestCertificate ? State.WAIT_CLIENT_CERTIFICATE : State.WAIT_CLIENT_KEY_EXCHANGE;
    }

    // ---- resumption by session id (RFC 5246 7.3, 7.4.1.2; RFC 7627 5.3) ----

    /**
     * The cached session the client's session_id names, if it may be resumed here: its suite offered
     * again and enabled, the same server names, the extended master secret in both (RFC 7627 5.3),
     * and a client certificate if one is required now.
     */
    private ResumableSession findSession(ClientHello ch) {
        if (store == null || !extendedMasterSecret) {
            return null;
        }
        ResumableSession s = store.cache().findById(ch.legacySessionId());
        if (s == null || s.protocol() != ProtocolVersion.TLS12) {
            return null;
        }
        TlsSession origin = s.origin();
        boolean fits = origin.extendedMasterSecret() && ch.cipherSuites().contains(s.suite().code())
                && config.cipherSuites().contains(s.suite())
                && origin.requestedServerNames().equals(session.requestedServerNames())
                && (config.clientAuth() != ClientAuth.REQUIRED || origin.peerCertificates() != null);
        return fits ? s : null;
    }

    /** Resumes a session from the session-id cache: what it negotiated is reported again. */
    private void resumeFromCache(ClientHello ch, RawHandshake m, ResumableSession cached, boolean secureRenegotiation,
            String alpn) throws TlsAlertException {
        TlsSession origin = cached.origin();
        session.setNamedGroup(origin.namedGroup());
        session.setPeerCertificates(origin.peerCertificates());
        session.setLocalCertificates(origin.localCertificates());
        session.setCreationTime(origin.creationTime());
        byte[] master = cached.secret();
        try {
            abbreviatedHandshake(ch, m, cached.suite(), master, secureRenegotiation, alpn, false);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    // ---- RFC 5077 session tickets ----

    /**
     * The ticket the client presents, if it opens with our keys and fits this handshake: a TLS 1.2
     * ticket of the extended master secret (RFC 7627 5.3; this ClientHello has it too), not expired,
     * its suite offered again and enabled, issued for the same server name, and carrying a client
     * certificate if one is required now. {@code null} means a full handshake (RFC 5077 3.4).
     */
    private TicketContents openTicket(ClientHello ch, byte[] ticketData) {
        if (!extendedMasterSecret) {
            return null;
        }
        TicketContents t = TicketContents.open(store.ticketKeys(), ticketData);
        if (t == null) {
            return null;
        }
        CipherSuite s = CipherSuite.fromCode(t.cipherSuite());
        boolean fits = t.protocol() == ProtocolVersion.TLS12.code() && s != null && !s.isTls13()
                && t.extendedMasterSecret() && !t.expiredAt(store.now())
                && ch.cipherSuites().contains(s.code()) && config.cipherSuites().contains(s)
                && t.serverName().equals(serverNameHost)
                && (config.clientAuth() != ClientAuth.REQUIRED || !t.peerCertificates().isEmpty());
        if (!fits) {
            t.destroy();
            return null;
        }
        return t;
    }

    /**
     * A ticket does not carry our certificate chain; the resumed session reports the one a full
     * handshake with this ClientHello would send for the resumed suite (none if there is none now).
     */
    private void localCertificatesFor(CipherSuite resumedSuite, List<Integer> peerSchemes,
            List<Integer> clientGroups) {
        try {
            Credential c = select(List.of(resumedSuite.code()), peerSchemes, clientGroups).credential();
            session.setLocalCertificates(c.chain().toArray(new X509Certificate[0]));
        } catch (TlsAlertException e) {
            session.setLocalCertificates(null);
        }
    }

    /** Resumes the session a ticket carries, and renews the ticket (RFC 5077 3.3). */
    private void resumeFromTicket(ClientHello ch, RawHandshake m, TicketContents ticket, boolean secureRenegotiation,
            String alpn) throws TlsAlertException {
        byte[] master = ticket.secret();
        try {
            session.setPeerCertificates(ticket.peerCertificates().isEmpty() ? null
                    : PeerCertificates.decode(ticket.peerCertificates()));
            session.setCreationTime(ticket.sessionCreatedAt());
            abbreviatedHandshake(ch, m, CipherSuite.fromCode(ticket.cipherSuite()), master, secureRenegotiation,
                    alpn, true);
        } finally {
            Arrays.fill(master, (byte) 0);
            ticket.destroy();
        }
    }

    /**
     * NewSessionTicket (RFC 5077 3.3) sealing this session (master secret, suite, server name, ALPN,
     * client certificates) with the store's ticket keys; an empty ticket when the session cannot be
     * carried, which RFC 5077 3.3 allows once the extension was acknowledged.
     */
    private void sendNewSessionTicket() {
        long lifetime = store.ticketLifetimeSeconds();
        byte[] master = session.masterSecret();
        List<byte[]> peerDers = encodedPeerCertificates();
        byte[] ticket = new byte[0];
        if (master != null && peerDers != null) {
            TicketContents contents = new TicketContents(ProtocolVersion.TLS12.code(), suite.code(), master,
                    store.now(), lifetime, 0, session.creationTime(), true, serverNameHost,
                    session.applicationProtocol(), peerDers);
            ticket = contents.seal(store.ticketKeys());
            contents.destroy();
        }
        if (master != null) {
            Arrays.fill(master, (byte) 0);
        }
        send(new NewSessionTicket12(ticket.length == 0 ? 0 : lifetime, ticket));
    }

    /** The client's chain as DER (empty without one), or {@code null} when it cannot be encoded. */
    private List<byte[]> encodedPeerCertificates() {
        List<byte[]> ders = new ArrayList<>();
        X509Certificate[] peer = session.peerCertificates();
        if (peer != null) {
            for (X509Certificate c : peer) {
                try {
                    ders.add(c.getEncoded());
                } catch (java.security.cert.CertificateEncodingException e) {
                    return null;
                }
            }
        }
        return ders;
    }

    // ---- the abbreviated handshake (RFC 5246 7.3) ----

    /**
     * ServerHello echoing the client's session id, [NewSessionTicket,] then at once ChangeCipherSpec
     * and Finished from the resumed master secret; the client answers with its own.
     */
    private void abbreviatedHandshake(ClientHello ch, RawHandshake m, CipherSuite resumedSuite, byte[] master,
            boolean secureRenegotiation, String alpn, boolean renewTicket) throws TlsAlertException {
        suiteNegotiated(resumedSuite);
        transcript.update(m.wire());
        session.setProtocol(ProtocolVersion.TLS12);
        session.setCipherSuite(resumedSuite);
        session.setId(ch.legacySessionId());
        session.setResumed(true);
        io.versionNegotiated(ProtocolVersion.TLS12);

        List<Extension> shExt = startServerHello(secureRenegotiation);
        shExt.add(new Extension(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]));
        if (!alpn.isEmpty()) {
            shExt.add(new Extension(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                    new ApplicationLayerProtocols(List.of(alpn)).encode()));
        }
        if (renewTicket) {
            shExt.add(new Extension(ExtensionType.SESSION_TICKET, new byte[0]));
        }
        send(new ServerHello(ProtocolVersion.TLS12.code(), serverRandom, ch.legacySessionId(), resumedSuite.code(),
                0, Extensions.of(shExt)));
        resumeWithMasterSecret(master);
        if (renewTicket) {
            sendNewSessionTicket();
        }
        sendChangeCipherSpecAndFinished(false);
        abbreviated = true;
        state = State.WAIT_CHANGE_CIPHER_SPEC;
    }

    /** After a full handshake: the session goes into the cache under its id. */
    private void cacheSession() {
        byte[] id = session.id();
        byte[] master = session.masterSecret();
        if (store == null || id.length == 0 || master == null) {
            return;
        }
        store.cache().addById(id, new ResumableSession(ProtocolVersion.TLS12, suite, master, null, id, 0,
                store.now(), store.ticketLifetimeSeconds() * 1000L, session));
        Arrays.fill(master, (byte) 0);
    }

    /**
     * RFC 5746 3.6: the SCSV or an empty renegotiation_info marks a client that supports secure
     * renegotiation (answered with an empty renegotiation_info); a non-empty one in an initial
     * handshake is handshake_failure. A client with neither is a legacy client: it connects, and is
     * never renegotiated with.
     */
    private static boolean checkRenegotiationInfo(ClientHello ch) throws TlsAlertException {
        byte[] data = ch.extensions().find(ExtensionType.RENEGOTIATION_INFO);
        if (data != null && !RenegotiationInfo.decode(data).isInitial()) {
            throw TlsAlertException.handshakeFailure(
                    "client's renegotiation_info is not empty in an initial handshake (RFC 5746 3.6)");
        }
        return data != null || ch.cipherSuites().contains(CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
    }

    /** What the server settled on: a suite, and the certificate, signature scheme and group it needs. */
    private record Selection(CipherSuite suite, Credential credential, SignatureScheme scheme, NamedGroup group) {
    }

    /**
     * The first suite (in the winning order) this server can carry out with this client: an ECDHE or
     * FFDHE group both accept, a certificate whose key suits the exchange, and for signed exchanges a
     * scheme the client accepts. The key manager is asked once per key type.
     */
    private Selection select(List<Integer> offered, List<Integer> peerSchemes, List<Integer> clientGroups)
            throws TlsAlertException {
        List<CipherSuite> candidates = Negotiation.candidateSuites12(offered, config.cipherSuites(),
                config.useServerCipherSuiteOrder());
        Map<String, Credential> byKeyType = new HashMap<>();
        boolean ffdheGroupMismatch = false;
        for (CipherSuite suite : candidates) {
            KeyExchangeAlgorithm kex = suite.keyExchange();
            NamedGroup group = null;
            if (kex.isEcdhe()) {
                group = Negotiation.chooseEcdheGroup(clientGroups, config.namedGroups());
            } else if (kex == KeyExchangeAlgorithm.DHE_RSA) {
                group = Negotiation.chooseFfdheGroup(clientGroups, config.namedGroups());
            }
            if (kex.isEphemeral() && group == null) {
                ffdheGroupMismatch |= kex == KeyExchangeAlgorithm.DHE_RSA && clientGroups != null
                        && clientGroups.stream().anyMatch(c -> c >= 0x0100 && c <= 0x01FF);
                continue;
            }
            if (kex == KeyExchangeAlgorithm.RSA) {
                Credential c = credential(byKeyType, "RSA");
                if (c != null && kex.acceptsCertificateKey(c.leaf().getPublicKey().getAlgorithm())) {
                    return new Selection(suite, c, null, null);
                }
                continue;
            }
            for (SignatureScheme scheme : Negotiation.serverKeyExchangeSchemes(peerSchemes, config.signatureSchemes(),
                    kex)) {
                Credential c = credential(byKeyType, scheme.keyAlgorithm());
                if (c != null && scheme.isCompatibleInTls12With(c.leaf().getPublicKey())) {
                    return new Selection(suite, c, scheme, group);
                }
            }
        }
        if (ffdheGroupMismatch) {
            // RFC 7919 4: the client's FFDHE groups are all unacceptable and nothing else is usable.
            throw new TlsAlertException(AlertDescription.INSUFFICIENT_SECURITY, "the client offers DHE only"
                    + " with FFDHE groups " + Negotiation.groupNames(clientGroups) + ", none of which this server enables ("
                    + config.namedGroups() + "), and no other usable cipher suite");
        }
        throw TlsAlertException.handshakeFailure("no TLS 1.2 cipher suite this server can use with the client: it"
                + " offered " + suiteNames(offered) + " with signature schemes " + Negotiation.knownSchemes(peerSchemes)
                + " and groups " + Negotiation.groupNames(clientGroups) + "; this server enables " + config.cipherSuites()
                + " (certificate key types found: " + byKeyType.keySet() + ")");
    }

    private Credential credential(Map<String, Credential> byKeyType, String keyType) {
        if (!byKeyType.containsKey(keyType)) {
            byKeyType.put(keyType, config.credentials().chooseServerCredential(keyType, null));
        }
        return byKeyType.get(keyType);
    }

    /** RFC 5246 7.4.3, RFC 8422 5.4: our ephemeral public value, signed with the randoms. */
    private void sendServerKeyExchange() throws TlsAlertException {
        NamedGroup group = selection.group();
        ourShare = group.generate(config.random());
        byte[] publicValue = ourShare.publicValue();
        SignatureScheme scheme = selection.scheme();
        if (group.isFiniteField()) {
            byte[] p = Ffdhe12.prime(group);
            byte[] g = Ffdhe12.generator();
            byte[] signed = concat(clientRandom, serverRandom, ServerKeyExchangeDhe.encodeParams(p, g, publicValue));
            byte[] signature = scheme.sign(selection.credential().privateKey(), signed, config.random());
            send(new ServerKeyExchangeDhe(p, g, publicValue, scheme.code(), signature));
        } else {
            byte[] signed = concat(clientRandom, serverRandom,
                    ServerKeyExchangeEcdhe.encodeParams(group.code(), publicValue));
            byte[] signature = scheme.sign(selection.credential().privateKey(), signed, config.random());
            send(new ServerKeyExchangeEcdhe(group.code(), publicValue, scheme.code(), signature));
        }
    }

    /** RFC 5246 7.4.4: certificate types Keel verifies and every TLS 1.2 scheme it accepts. */
    private void sendCertificateRequest() {
        List<SignatureScheme> schemes = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        for (SignatureScheme s : config.signatureSchemes()) {
            if (!Negotiation.isSha1(s)) {
                schemes.add(s);
                codes.add(s.code());
            }
        }
        requestedSchemes = List.copyOf(schemes);
        send(new CertificateRequest12(CLIENT_CERTIFICATE_TYPES, codes, List.of()));
    }

    // ---- the client's flight ----

    /** RFC 5246 7.4.6: an empty chain is allowed unless client authentication is required. */
    private void onClientCertificate(RawHandshake m) throws TlsAlertException {
        CertificateMessage12 cm = CertificateMessage12.decode(m.reader());
        if (cm.isEmpty()) {
            if (config.clientAuth() == ClientAuth.REQUIRED) {
                // TLS 1.2 has no certificate_required alert (RFC 5246 7.4.6 names handshake_failure).
                throw TlsAlertException.handshakeFailure(
                        "this server requires a client certificate and the client sent none");
            }
            transcript.update(m.wire());
            state = State.WAIT_CLIENT_KEY_EXCHANGE;
            return;
        }
        clientChain = chainOf(cm);
        session.setPeerCertificates(clientChain);
        PeerCertificates.trustClient(config, clientChain);
        transcript.update(m.wire());
        state = State.WAIT_CLIENT_KEY_EXCHANGE;
    }


    /**
     * RFC 5246 7.4.7. Static RSA (7.4.7.1): a premaster secret that does not decrypt properly is
     * replaced by a random one, without any sign here: the handshake then fails at Finished exactly as
     * for any other wrong secret (bad_record_mac when the client's Finished record is opened).
     */
    private void onClientKeyExchange(RawHandshake m) throws TlsAlertException {
        KeyExchangeAlgorithm kex = selection.suite().keyExchange();
        byte[] preMasterSecret;
        if (kex == KeyExchangeAlgorithm.RSA) {
            ClientKeyExchangeRsa cke = ClientKeyExchangeRsa.decode(m.reader());
            preMasterSecret = RsaPremasterSecret.decrypt(selection.credential().privateKey(),
                    cke.encryptedPreMaster(), clientHelloVersion, config.random());
        } else if (kex.isEcdhe()) {
            ClientKeyExchangeEcdhe cke = ClientKeyExchangeEcdhe.decode(m.reader());
            preMasterSecret = ourShare.agree(cke.point()); // RFC 8422 5.10: the x-coordinate
        } else {
            ClientKeyExchangeDhe cke = ClientKeyExchangeDhe.decode(m.reader());
            byte[] yc = Ffdhe12.peerPublicValue(selection.group(), cke.yc(), "client's dh_Yc");
            preMasterSecret = Ffdhe12.preMasterSecret(ourShare.agree(yc));
        }
        transcript.update(m.wire());
        deriveKeys(preMasterSecret);
        state = clientChain != null ? State.WAIT_CERTIFICATE_VERIFY : State.WAIT_CHANGE_CIPHER_SPEC;
    }

    // ---- SNI and ALPN, as in TLS 1.3 but answered in ServerHello ----

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    private static String suiteNames(List<Integer> codes) {
        List<String> names = new ArrayList<>();
        for (int c : codes) {
            CipherSuite s = CipherSuite.fromCode(c);
            names.add(s != null ? s.name() : String.format("0x%04x", c));
        }
        return names.toString();
    }
}
