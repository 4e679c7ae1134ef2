package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.ClientAuth;
import dev.keel.tls.config.Credential;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.KeyShare;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.ApplicationLayerProtocols;
import dev.keel.tls.message.CertificateMessage13;
import dev.keel.tls.message.CertificateRequest13;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.EncryptedExtensions;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.KeyShareClientHello;
import dev.keel.tls.message.KeyShareEntry;
import dev.keel.tls.message.KeyShareHelloRetryRequest;
import dev.keel.tls.message.KeyShareServerHello;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.ServerName;
import dev.keel.tls.message.ServerNameList;
import dev.keel.tls.message.SignatureAlgorithms;
import dev.keel.tls.message.SupportedGroups;
import dev.keel.tls.message.SupportedVersionsClient;
import dev.keel.tls.message.SupportedVersionsServer;
import dev.keel.tls.message.NewSessionTicket13;
import dev.keel.tls.message.PreSharedKeyClientHello;
import dev.keel.tls.message.PreSharedKeyServerHello;
import dev.keel.tls.message.PskIdentity;
import dev.keel.tls.message.PskKeyExchangeModes;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TicketContents;
import dev.keel.tls.session.TlsSession;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TLS 1.3 server (RFC 8446 2, 4; states from Appendix A.2):
 *
 * <pre>
 * START --ClientHello--> RECVD_CH --select--> NEGOTIATED --send ServerHello, EncryptedExtensions,
 *   [CertificateRequest,] Certificate, CertificateVerify, Finished--> WAIT_FLIGHT2
 *   WAIT_FLIGHT2 --> [WAIT_CERT --Certificate--> WAIT_CV --CertificateVerify-->] WAIT_FINISHED
 *   WAIT_FINISHED --Finished--> CONNECTED
 * </pre>
 * When the client sent no usable key share the server sends a HelloRetryRequest and waits for the
 * second ClientHello (WAIT_CH2).
 *
 * <p>Resumption (RFC 8446 2.2, 4.2.11): with a {@link SessionStore}, a ClientHello offering one of
 * our tickets that fits (lifetime, ticket age, hash of the suite, server name, ALPN) and whose binder
 * checks is answered with pre_shared_key in ServerHello and no Certificate, CertificateVerify or
 * CertificateRequest. Anything that does not fit means a full handshake. After the client's Finished
 * the server queues {@link SessionStore#ticketCount()} NewSessionTicket messages.
 */
public final class ServerHandshake13 extends Handshake13 {
    private enum State { START, WAIT_CH, WAIT_CH2, WAIT_CERT, WAIT_CV, WAIT_FINISHED, CONNECTED }

    private State state = State.START;
    private Negotiation.GroupChoice retryGroup;
    private boolean sentCompatibilityCcs;
    private byte[] clientHandshakeSecret;
    private byte[] clientApplicationSecret;
    private byte[] resumptionMasterSecret;
    private X509Certificate[] clientChain;

    /**
     * How far the client's ticket age (obfuscated_ticket_age - ticket_age_add) may be from the
     * server's own view of it (RFC 8446 8.3 / 4.2.11.1): beyond that the ticket is not used.
     */
    static final long TICKET_AGE_TOLERANCE_MILLIS = 30_000;

    /** A PSK taken from one of the client's tickets, with its position in the offer. */
    private record PskChoice(int index, TicketContents ticket) {
    }

    private PskChoice psk;
    /** The client sent psk_key_exchange_modes with psk_dhe_ke: it can use our tickets. */
    private boolean clientTakesTickets;
    private String serverNameHost = "";

    public ServerHandshake13(TlsConfig config, HandshakeIo io, TlsSession session) {
        this(config, io, session, null);
    }

    /** @param store the ticket keys and policy; {@code null}: no tickets, never resume */
    public ServerHandshake13(TlsConfig config, HandshakeIo io, TlsSession session, SessionStore store) {
        super(config, io, session, store);
    }

    @Override
    public void start() {
        if (state == State.START) {
            state = State.WAIT_CH;
        }
    }

    @Override
    public boolean isComplete() {
        return state == State.CONNECTED;
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return state != State.START && state != State.WAIT_CH && state != State.CONNECTED;
    }

    /**
     * The exporter secret. The resumption master secret is not kept: this server's tickets were all
     * sent as the handshake completed (RFC 8446 4.6.1).
     */
    @Override
    public PostHandshakeState postHandshakeState() {
        if (!isComplete()) {
            return null;
        }
        return PostHandshakeState.tls13(suite, exporterMasterSecret, null, null, config, session);
    }

    @Override
    public void handle(RawHandshake m) throws TlsAlertException {
        switch (state) {
            case WAIT_CH, WAIT_CH2 -> {
                expect(m, state.name(), HandshakeType.CLIENT_HELLO);
                onClientHello(m);
            }
            case WAIT_CERT -> {
                expect(m, "WAIT_CERT", HandshakeType.CERTIFICATE);
                onClientCertificate(m);
            }
            case WAIT_CV -> {
                expect(m, "WAIT_CV", HandshakeType.CERTIFICATE_VERIFY);
                verifyPeerCertificateVerify(m, false, clientChain[0]);
                state = State.WAIT_FINISHED;
            }
            case WAIT_FINISHED -> {
                expect(m, "WAIT_FINISHED", HandshakeType.FINISHED);
                onClientFinished(m);
            }
            default -> expectNothing(m, state.name());
        }
    }

    // ---- RECVD_CH: check the offer (RFC 8446 4.1.2, 4.2) ----

    private void onClientHello(RawHandshake m) throws TlsAlertException {
        onClientHello(m, ClientHello.decode(m.reader()));
    }

    /** Also the entry for the first ClientHello, which {@link ServerHandshake} decoded to choose the version. */
    void onClientHello(RawHandshake m, ClientHello ch) throws TlsAlertException {
        Extensions ext = ch.extensions();
        checkVersion(ext);
        if (ch.legacyCompressionMethods().length != 1 || ch.legacyCompressionMethods()[0] != 0) {
            throw TlsAlertException.illegalParameter("TLS 1.3 ClientHello must offer only the null compression method");
        }
        CipherSuite chosen = Negotiation.chooseCipherSuite13(ch.cipherSuites(), config.cipherSuites(),
                config.useServerCipherSuiteOrder());
        if (chosen == null) {
            throw TlsAlertException.handshakeFailure("no cipher suite in common: the client offered "
                    + suiteNames(ch.cipherSuites()) + ", this server enables " + config.cipherSuites());
        }
        byte[] sigAlgs = ext.find(ExtensionType.SIGNATURE_ALGORITHMS);
        if (sigAlgs == null) {
            throw new TlsAlertException(AlertDescription.MISSING_EXTENSION,
                    "ClientHello has no signature_algorithms (required for certificate authentication)");
        }
        byte[] groupsData = ext.find(ExtensionType.SUPPORTED_GROUPS);
        byte[] sharesData = ext.find(ExtensionType.KEY_SHARE);
        if (groupsData == null || sharesData == null) {
            throw new TlsAlertException(AlertDescription.MISSING_EXTENSION,
                    "ClientHello lacks " + (groupsData == null ? "supported_groups" : "key_share")
                            + ", needed for an (EC)DHE handshake");
        }
        List<Integer> clientGroups = SupportedGroups.decode(groupsData).groups();
        List<KeyShareEntry> shares = KeyShareClientHello.decode(sharesData).shares();
        for (KeyShareEntry e : shares) {
            if (!Negotiation.containsCode(clientGroups, e.group())) {
                throw TlsAlertException.illegalParameter(String.format(
                        "client sent a key share for group 0x%04x that is not in its supported_groups", e.group()));
            }
        }
        if (state == State.WAIT_CH2) {
            onSecondClientHello(ch, m, chosen, shares);
            return;
        }
        Negotiation.GroupChoice group = Negotiation.chooseGroup(clientGroups, shares, config.namedGroups());
        if (group == null) {
            throw TlsAlertException.handshakeFailure("no key exchange group in common: the client supports "
                    + Negotiation.groupNames(clientGroups) + ", this server enables "
                    + Negotiation.groupList(config.namedGroups()));
        }
        suite = chosen;
        transcript.setHash(suite.hash());
        if (group.share() == null) {
            transcript.update(m.wire());
            sendHelloRetryRequest(ch, group);
            return;
        }
        psk = choosePsk(ch, m);
        transcript.update(m.wire());
        negotiate(ch, group.share());
    }

    private void checkVersion(Extensions ext) throws TlsAlertException {
        byte[] versions = ext.find(ExtensionType.SUPPORTED_VERSIONS);
        if (versions == null) {
            throw new TlsAlertException(AlertDescription.PROTOCOL_VERSION,
                    "client offers only TLS 1.2 or older (no supported_versions); this server requires TLS 1.3");
        }
        List<Integer> offered = SupportedVersionsClient.decode(versions).versions();
        if (!Negotiation.containsCode(offered, ProtocolVersion.TLS13.code()) || !config.protocols().contains(ProtocolVersion.TLS13)) {
            throw new TlsAlertException(AlertDescription.PROTOCOL_VERSION,
                    "no protocol version in common: the client offers " + versionNames(offered)
                            + ", this server enables " + Negotiation.versionList(config.protocols()));
        }
    }

    /** RFC 8446 4.1.4: ask for a key share in the group we chose. */
    private void sendHelloRetryRequest(ClientHello ch, Negotiation.GroupChoice group) throws TlsAlertException {
        transcript.replaceWithMessageHash();
        List<Extension> ext = List.of(
                new Extension(ExtensionType.SUPPORTED_VERSIONS, new SupportedVersionsServer(ProtocolVersion.TLS13.code()).encode()),
                new Extension(ExtensionType.KEY_SHARE, new KeyShareHelloRetryRequest(group.group().code()).encode()));
        send(new ServerHello(0x0303, ServerHello.HELLO_RETRY_REQUEST_RANDOM.clone(), ch.legacySessionId(),
                suite.code(), 0, Extensions.of(ext)));
        sendCompatibilityCcsOnce(ch);
        retryGroup = group;
        state = State.WAIT_CH2;
    }

    private void onSecondClientHello(ClientHello ch, RawHandshake m, CipherSuite chosen, List<KeyShareEntry> shares)
            throws TlsAlertException {
        if (chosen != suite) {
            throw TlsAlertException.illegalParameter("second ClientHello changed the cipher suite offer");
        }
        if (shares.size() != 1 || shares.get(0).group() != retryGroup.group().code()) {
            throw TlsAlertException.illegalParameter("second ClientHello must carry exactly one key share, for "
                    + retryGroup.group().rfcName() + " as the HelloRetryRequest asked");
        }
        psk = choosePsk(ch, m);
        transcript.update(m.wire());
        negotiate(ch, shares.get(0));
    }

    // ---- NEGOTIATED: our flight (RFC 8446 4.1.3, 4.3, 4.4) ----

    private void negotiate(ClientHello ch, KeyShareEntry clientShare) throws TlsAlertException {
        Extensions ext = ch.extensions();
        List<Integer> peerSchemes = SignatureAlgorithms.decode(ext.find(ExtensionType.SIGNATURE_ALGORITHMS)).schemes();
        session.setPeerSignatureSchemes(Negotiation.knownSchemes(peerSchemes));
        session.setLocalSignatureSchemes(config.signatureSchemes());
        boolean sniAccepted = ServerNameAndAlpn.acceptServerName(ext, config, session);
        serverNameHost = hostName(session.requestedServerNames());
        String alpn = ServerNameAndAlpn.chooseAlpn(ext, config);
        session.setApplicationProtocol(alpn);
        if (psk != null && !psk.ticket().alpn().equals(alpn)) {
            // The ticket's session spoke another application protocol: do not carry it over.
            forgetPsk();
        }
        boolean resumed = psk != null;
        ServerCredential credential = resumed ? null : chooseCredential(peerSchemes);

        NamedGroup group = NamedGroup.fromCode(clientShare.group());
        session.setNamedGroup(group);
        session.setHelloRetryRequested(retryGroup != null);
        KeyShare ours = group.generate(config.random());
        byte[] shared = ours.agree(clientShare.keyExchange());
        byte[] serverPublic = ours.publicValue();

        session.setProtocol(ProtocolVersion.TLS13);
        session.setCipherSuite(suite);
        io.versionNegotiated(ProtocolVersion.TLS13);
        byte[] random = new byte[32];
        config.random().nextBytes(random);
        List<Extension> shExt = new ArrayList<>(List.of(
                new Extension(ExtensionType.SUPPORTED_VERSIONS, new SupportedVersionsServer(ProtocolVersion.TLS13.code()).encode()),
                new Extension(ExtensionType.KEY_SHARE,
                        new KeyShareServerHello(new KeyShareEntry(clientShare.group(), serverPublic)).encode())));
        if (resumed) {
            shExt.add(new PreSharedKeyServerHello(psk.index()).toExtension());
        }
        send(new ServerHello(0x0303, random, ch.legacySessionId(), suite.code(), 0, Extensions.of(shExt)));
        sendCompatibilityCcsOnce(ch);

        keySchedule = new KeySchedule13(suite);
        byte[] pskSecret = resumed ? psk.ticket().secret() : null;
        keySchedule.deriveEarlySecret(pskSecret);
        if (resumed) {
            Arrays.fill(pskSecret, (byte) 0);
            restoreSession(psk.ticket());
            forgetPsk();
            reportLocalCertificates(peerSchemes);
        }
        keySchedule.deriveHandshakeSecret(shared);
        Arrays.fill(shared, (byte) 0);
        byte[] th = transcript.currentHash();
        clientHandshakeSecret = keySchedule.clientHandshakeTrafficSecret(th);
        byte[] serverHandshakeSecret = keySchedule.serverHandshakeTrafficSecret(th);
        io.changeWriteKeys(suite, serverHandshakeSecret);

        List<Extension> ee = new ArrayList<>();
        if (sniAccepted) {
            ee.add(new Extension(ExtensionType.SERVER_NAME, new byte[0]));
        }
        if (!alpn.isEmpty()) {
            ee.add(new Extension(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                    new ApplicationLayerProtocols(List.of(alpn)).encode()));
        }
        send(new EncryptedExtensions(Extensions.of(ee)));
        // RFC 8446 4.3.2: no CertificateRequest when authenticating with a PSK.
        boolean requestClientCertificate = !resumed && config.clientAuth() != ClientAuth.NONE;
        if (requestClientCertificate) {
            List<Integer> ours13 = new ArrayList<>();
            for (SignatureScheme s : config.signatureSchemes()) {
                if (s.allowedInTls13CertificateVerify()) {
                    ours13.add(s.code());
                }
            }
            send(new CertificateRequest13(new byte[0], Extensions.of(List.of(new Extension(
                    ExtensionType.SIGNATURE_ALGORITHMS, new SignatureAlgorithms(ours13).encode())))));
        }
        if (!resumed) {
            session.setLocalCertificates(credential.credential().chain().toArray(new X509Certificate[0]));
            send(certificateMessage(new byte[0], credential.credential()));
            sendCertificateVerify(true, credential.scheme(), credential.credential());
        }
        sendFinished(serverHandshakeSecret);

        byte[] thServerFinished = transcript.currentHash();
        keySchedule.deriveMasterSecret();
        clientApplicationSecret = keySchedule.clientApplicationTrafficSecret(thServerFinished);
        byte[] serverApp = keySchedule.serverApplicationTrafficSecret(thServerFinished);
        exporterMasterSecret = keySchedule.exporterMasterSecret(thServerFinished);
        io.changeWriteKeys(suite, serverApp);
        io.changeReadKeys(suite, clientHandshakeSecret);
        Arrays.fill(serverHandshakeSecret, (byte) 0);
        state = requestClientCertificate ? State.WAIT_CERT : State.WAIT_FINISHED;
    }

    private record ServerCredential(Credential credential, SignatureScheme scheme) {
    }

    /**
     * Walks the schemes both sides accept, in our order, asking the key manager once per key type for
     * a certificate whose key fits the scheme (RFC 8446 4.4.2.2).
     */
    private ServerCredential chooseCredential(List<Integer> peerSchemes) throws TlsAlertException {
        List<SignatureScheme> usable = Negotiation.certificateVerifySchemes13(peerSchemes, config.signatureSchemes());
        Map<String, Credential> byKeyType = new HashMap<>();
        for (SignatureScheme scheme : usable) {
            Credential c = byKeyType.computeIfAbsent(scheme.keyAlgorithm(),
                    keyType -> config.credentials().chooseServerCredential(keyType, null));
            if (c != null && scheme.isCompatibleWith(c.leaf().getPublicKey())) {
                return new ServerCredential(c, scheme);
            }
        }
        throw TlsAlertException.handshakeFailure("no server certificate fits the client's signature schemes "
                + Negotiation.knownSchemes(peerSchemes) + " (key types tried: " + byKeyType.keySet() + ")");
    }

    // ---- WAIT_FLIGHT2: the client's certificate and Finished ----

    private void onClientCertificate(RawHandshake m) throws TlsAlertException {
        CertificateMessage13 cm = CertificateMessage13.decode(m.reader());
        if (cm.requestContext().length != 0) {
            throw TlsAlertException.illegalParameter("client's Certificate has a request context we never sent");
        }
        transcript.update(m.wire());
        if (cm.entries().isEmpty()) {
            if (config.clientAuth() == ClientAuth.REQUIRED) {
                throw new TlsAlertException(AlertDescription.CERTIFICATE_REQUIRED,
                        "this server requires a client certificate and the client sent none");
            }
            state = State.WAIT_FINISHED;
            return;
        }
        clientChain = chainOf(cm);
        session.setPeerCertificates(clientChain);
        PeerCertificates.trustClient(config, clientChain);
        state = State.WAIT_CV;
    }


    private void onClientFinished(RawHandshake m) throws TlsAlertException {
        verifyPeerFinished(m, clientHandshakeSecret);
        resumptionMasterSecret = keySchedule.resumptionMasterSecret(transcript.finalHash());
        io.changeReadKeys(suite, clientApplicationSecret);
        Arrays.fill(clientHandshakeSecret, (byte) 0);
        state = State.CONNECTED;
        sendTickets();
    }

    // ---- resumption (RFC 8446 4.2.11, 4.6.1) ----

    /** The host_name the client asked for, or "" (tickets are bound to it). */
    static String hostName(List<ServerName> names) {
        for (ServerName n : names) {
            if (n.type() == ServerName.HOST_NAME) {
                return n.asciiName().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return "";
    }

    /**
     * The first offered PSK that is one of our live tickets and fits this handshake, its binder
     * checked (decrypt_error when wrong, RFC 8446 4.2.11); {@code null} (a full handshake) when none
     * fits. Called before the ClientHello enters the transcript: the binder covers the transcript up
     * to the truncated ClientHello (4.2.11.2).
     */
    private PskChoice choosePsk(ClientHello ch, RawHandshake m) throws TlsAlertException {
        Extensions ext = ch.extensions();
        byte[] modes = ext.find(ExtensionType.PSK_KEY_EXCHANGE_MODES);
        byte[] offer = ext.find(ExtensionType.PRE_SHARED_KEY);
        if (offer != null && modes == null) {
            throw new TlsAlertException(AlertDescription.MISSING_EXTENSION,
                    "ClientHello offers pre_shared_key without psk_key_exchange_modes (RFC 8446 4.2.9)");
        }
        clientTakesTickets = modes != null && PskKeyExchangeModes.decode(modes).contains(PskKeyExchangeModes.PSK_DHE_KE);
        if (offer == null || store == null || !clientTakesTickets) {
            return null;
        }
        PreSharedKeyClientHello offered = PreSharedKeyClientHello.decode(offer);
        String sni = sniHostOf(ext);
        long now = store.now();
        for (int i = 0; i < offered.identities().size(); i++) {
            PskIdentity identity = offered.identities().get(i);
            TicketContents ticket = TicketContents.open(store.ticketKeys(), identity.identity());
            if (ticket == null) {
                continue;
            }
            if (!fits(ticket, identity, sni, now)) {
                ticket.destroy();
                continue;
            }
            byte[] wire = m.wire();
            byte[] truncated = Arrays.copyOf(wire, wire.length - offered.bindersEncodedLength());
            byte[] expected = binder(ticket, transcript.currentHashWith(truncated));
            if (!MessageDigest.isEqual(expected, offered.binders().get(i))) {
                ticket.destroy();
                throw new TlsAlertException(AlertDescription.DECRYPT_ERROR,
                        "the client's PSK binder does not match its ClientHello (RFC 8446 4.2.11.2)");
            }
            return new PskChoice(i, ticket);
        }
        return null;
    }

    /** Version, lifetime, hash, ticket age, server name and client authentication must fit. */
    private boolean fits(TicketContents t, PskIdentity identity, String sni, long now) {
        CipherSuite ticketSuite = CipherSuite.fromCode(t.cipherSuite());
        if (t.protocol() != ProtocolVersion.TLS13.code() || ticketSuite == null
                || ticketSuite.hash() != suite.hash() || t.expiredAt(now)) {
            return false;
        }
        long clientAge = (identity.obfuscatedTicketAge() - t.ticketAgeAdd()) & 0xFFFFFFFFL;
        long serverAge = now - t.issuedAt();
        if (Math.abs(clientAge - serverAge) > TICKET_AGE_TOLERANCE_MILLIS) {
            return false;
        }
        if (!t.serverName().equals(sni)) {
            return false; // RFC 8446 4.6.1: the ticket was issued for another server name
        }
        return config.clientAuth() != ClientAuth.REQUIRED || !t.peerCertificates().isEmpty();
    }

    private static String sniHostOf(Extensions ext) throws TlsAlertException {
        byte[] data = ext.find(ExtensionType.SERVER_NAME);
        return data == null ? "" : hostName(ServerNameList.decode(data).names());
    }

    private static byte[] binder(TicketContents ticket, byte[] transcriptHash) {
        CipherSuite s = CipherSuite.fromCode(ticket.cipherSuite());
        KeySchedule13 early = new KeySchedule13(s);
        byte[] secret = ticket.secret();
        early.deriveEarlySecret(secret);
        byte[] binderKey = early.binderKey(true);
        try {
            return KeySchedule13.finishedVerifyData(s.hash(), binderKey, transcriptHash);
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(binderKey, (byte) 0);
            early.destroy();
        }
    }

    private void forgetPsk() {
        if (psk != null) {
            psk.ticket().destroy();
            psk = null;
        }
    }

    /**
     * A resumed session sends no Certificate, but applications still ask which certificate the server
     * presents (Jetty checks SNI against it): report the chain the key manager picks for this client,
     * which is the one a full handshake would send. Without one, the session reports none.
     */
    private void reportLocalCertificates(List<Integer> peerSchemes) {
        try {
            Credential c = chooseCredential(peerSchemes).credential();
            session.setLocalCertificates(c.chain().toArray(new X509Certificate[0]));
        } catch (TlsAlertException e) {
            session.setLocalCertificates(null);
        }
    }

    /** A resumed session reports what the original one negotiated (client certificates, creation time). */
    private void restoreSession(TicketContents t) throws TlsAlertException {
        session.setPeerCertificates(t.peerCertificates().isEmpty() ? null
                : PeerCertificates.decode(t.peerCertificates()));
        session.setCreationTime(t.sessionCreatedAt());
        session.setResumed(true);
    }

    /**
     * RFC 8446 4.6.1: after the handshake, NewSessionTicket messages (not part of the transcript),
     * each with its own nonce and ticket_age_add, sealing PSK = HKDF-Expand-Label(
     * resumption_master_secret, "resumption", ticket_nonce, Hash.length).
     */
    private void sendTickets() throws TlsAlertException {
        if (store == null || !clientTakesTickets || store.ticketCount() == 0) {
            return;
        }
        List<byte[]> peerDers = new ArrayList<>();
        X509Certificate[] peer = session.peerCertificates();
        if (peer != null) {
            for (X509Certificate c : peer) {
                try {
                    peerDers.add(c.getEncoded());
                } catch (java.security.cert.CertificateEncodingException e) {
                    return; // cannot be carried in a ticket: issue none
                }
            }
        }
        long lifetime = store.ticketLifetimeSeconds();
        for (int i = 0; i < store.ticketCount(); i++) {
            byte[] nonce = {(byte) i};
            long ageAdd = config.random().nextInt() & 0xFFFFFFFFL;
            byte[] secret = KeySchedule13.resumptionPsk(suite.hash(), resumptionMasterSecret, nonce);
            TicketContents contents = new TicketContents(ProtocolVersion.TLS13.code(), suite.code(), secret,
                    store.now(), lifetime, ageAdd, session.creationTime(), false, serverNameHost,
                    session.applicationProtocol(), peerDers);
            Arrays.fill(secret, (byte) 0);
            byte[] ticket = contents.seal(store.ticketKeys());
            contents.destroy();
            io.sendHandshake(encode(new NewSessionTicket13(lifetime, ageAdd, nonce, ticket, Extensions.empty())));
        }
    }

    /** RFC 8446 D.4: a server sends one dummy change_cipher_spec after its first message, in compat mode. */
    private void sendCompatibilityCcsOnce(ClientHello ch) {
        if (ch.legacySessionId().length != 0 && !sentCompatibilityCcs) {
            io.sendChangeCipherSpec();
            sentCompatibilityCcs = true;
        }
    }

    private static String suiteNames(List<Integer> codes) {
        List<String> names = new ArrayList<>();
        for (int c : codes) {
            CipherSuite s = CipherSuite.fromCode(c);
            names.add(s != null ? s.name() : String.format("0x%04x", c));
        }
        return names.toString();
    }

    private static String versionNames(List<Integer> codes) {
        List<String> names = new ArrayList<>();
        for (int c : codes) {
            ProtocolVersion v = ProtocolVersion.fromCode(c);
            names.add(v != null ? v.javaName() : String.format("0x%04x", c));
        }
        return names.toString();
    }
}
