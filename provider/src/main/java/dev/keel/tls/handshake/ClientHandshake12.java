package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
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
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.HelloRequest;
import dev.keel.tls.message.NewSessionTicket12;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.RenegotiationInfo;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.ServerHelloDone;
import dev.keel.tls.message.ServerKeyExchangeDhe;
import dev.keel.tls.message.ServerKeyExchangeEcdhe;
import dev.keel.tls.session.ResumableSession;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TlsSession;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The TLS 1.2 client (RFC 5246 7.3, full handshake; states named after the message expected next):
 *
 * <pre>
 * START --send ClientHello--> WAIT_SERVER_HELLO --ServerHello--> WAIT_CERTIFICATE --Certificate-->
 *   WAIT_SERVER_KEY_EXCHANGE (ECDHE, DHE) --ServerKeyExchange--> WAIT_CERTIFICATE_REQUEST_OR_DONE
 *   (static RSA goes there straight from Certificate)
 *   WAIT_CERTIFICATE_REQUEST_OR_DONE --CertificateRequest--> WAIT_SERVER_HELLO_DONE
 *   WAIT_CERTIFICATE_REQUEST_OR_DONE / WAIT_SERVER_HELLO_DONE --ServerHelloDone / send [Certificate,]
 *     ClientKeyExchange, [CertificateVerify,] ChangeCipherSpec, Finished--> WAIT_CHANGE_CIPHER_SPEC
 *   WAIT_NEW_SESSION_TICKET (the server acknowledged session_ticket) --NewSessionTicket-->
 *   WAIT_CHANGE_CIPHER_SPEC --ChangeCipherSpec--> WAIT_FINISHED --Finished--> CONNECTED
 * </pre>
 * Runs from START when only TLS 1.2 is offered; otherwise {@link ClientHandshake} creates it with
 * {@link #continuing} when a server answers the TLS 1.3 ClientHello with TLS 1.2.
 *
 * <p>Resumption ({@link ClientResumption12}): the ClientHello may offer a cached session by its id or
 * by an RFC 5077 ticket. A ServerHello echoing that session_id resumes it: the abbreviated handshake
 * (RFC 5246 7.3) goes from WAIT_SERVER_HELLO to WAIT_NEW_SESSION_TICKET (a renewed ticket) or
 * straight to WAIT_CHANGE_CIPHER_SPEC, and the client sends its ChangeCipherSpec and Finished after
 * the server's Finished. Another session_id means a full handshake, and the offered session is
 * forgotten. After either handshake, a session with the extended master secret is cached for this
 * peer: with its ticket when the server sent one (its session id is then discarded, RFC 5077 3.4),
 * otherwise under the server's session id.
 */
public final class ClientHandshake12 extends Handshake12 {
    private enum State {
        START, WAIT_SERVER_HELLO, WAIT_CERTIFICATE, WAIT_SERVER_KEY_EXCHANGE, WAIT_CERTIFICATE_REQUEST_OR_DONE,
        WAIT_SERVER_HELLO_DONE, WAIT_NEW_SESSION_TICKET, WAIT_CHANGE_CIPHER_SPEC, WAIT_FINISHED, CONNECTED
    }

    /** Extensions a TLS 1.2 ServerHello may carry (RFC 5246 7.4.1.4 and the RFCs of each), if offered. */
    private static final Set<Integer> RENEGOTIATION_INFO_ONLY = Set.of(ExtensionType.RENEGOTIATION_INFO);
    private static final Set<Integer> SERVER_HELLO_12 = Set.of(
            ExtensionType.SERVER_NAME, ExtensionType.MAX_FRAGMENT_LENGTH, ExtensionType.STATUS_REQUEST,
            ExtensionType.EC_POINT_FORMATS, ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
            ExtensionType.SIGNED_CERTIFICATE_TIMESTAMP, ExtensionType.ENCRYPT_THEN_MAC,
            ExtensionType.EXTENDED_MASTER_SECRET, ExtensionType.RECORD_SIZE_LIMIT, ExtensionType.SESSION_TICKET,
            ExtensionType.RENEGOTIATION_INFO);

    private State state = State.START;
    private ClientHello clientHello;
    /** True when the ClientHello offered TLS 1.3 too: the downgrade sentinel is then checked. */
    private boolean offeredTls13;
    private KeyExchangeAlgorithm keyExchange;
    private X509Certificate[] serverChain;
    private NamedGroup group;
    /** DHE only: the server's group, which may be an RFC 3526 group (then {@code group} is null). */
    private Ffdhe12.ServerGroup dheGroup;
    private byte[] serverPublicValue;
    private CertificateRequest12 certificateRequest;
    /** The session offered for resumption (or nothing) and whether a ticket was asked for. */
    private ClientResumption12 resumption = ClientResumption12.NONE;
    /** The server resumed the offered session (RFC 5246 7.3). */
    private boolean abbreviated;
    /** The server acknowledged session_ticket: NewSessionTicket precedes its ChangeCipherSpec. */
    private boolean ticketExpected;
    /** The ticket the server issued in this handshake, or {@code null}. */
    private NewSessionTicket12 newTicket;

    /** A client that offers only TLS 1.2 and sends its own ClientHello. */
    ClientHandshake12(TlsConfig config, HandshakeIo io, TlsSession session, SessionStore store) {
        super(config, io, session, store);
    }

    /**
     * A client continuing after {@code sent} (a ClientHello that offered TLS 1.3 and 1.2, already on
     * the wire) because the server chose TLS 1.2: the next message is that ServerHello.
     */
    static ClientHandshake12 continuing(TlsConfig config, HandshakeIo io, TlsSession session, SessionStore store,
            ClientHello sent, ClientResumption12 resumption) {
        ClientHandshake12 c = new ClientHandshake12(config, io, session, store);
        c.clientHello = sent;
        c.resumption = c.store == null ? ClientResumption12.NONE : resumption;
        c.clientRandom = sent.random();
        c.offeredTls13 = true;
        c.transcript.update(sent.encode());
        c.state = State.WAIT_SERVER_HELLO;
        return c;
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

    // ---- START: ClientHello (RFC 5246 7.4.1.2) ----

    @Override
    public void start() throws TlsAlertException {
        if (state != State.START) {
            return;
        }
        clientRandom = random32();
        session.setLocalSignatureSchemes(config.signatureSchemes());
        session.setRequestedServerNames(config.serverNames());
        resumption = ClientResumption12.find(config, store, ClientOffer12.suites(config));
        clientHello = ClientOffer12.clientHello(config, clientRandom, resumption);
        send(clientHello);
        state = State.WAIT_SERVER_HELLO;
    }

    // ---- the state machine ----

    @Override
    public void handle(RawHandshake m) throws TlsAlertException {
        if (m.type() == HandshakeType.HELLO_REQUEST.code() && state != State.CONNECTED) {
            // RFC 5246 7.4.1.1: ignored while negotiating; it is not part of the transcript (7.4.9).
            HelloRequest.decode(m.reader());
            return;
        }
        switch (state) {
            case WAIT_SERVER_HELLO -> {
                expect(m, "WAIT_SERVER_HELLO", HandshakeType.SERVER_HELLO);
                onServerHello(m);
            }
            case WAIT_CERTIFICATE -> {
                expect(m, "WAIT_CERTIFICATE", HandshakeType.CERTIFICATE);
                onCertificate(m);
            }
            case WAIT_SERVER_KEY_EXCHANGE -> {
                expect(m, "WAIT_SERVER_KEY_EXCHANGE", HandshakeType.SERVER_KEY_EXCHANGE);
                onServerKeyExchange(m);
            }
            case WAIT_CERTIFICATE_REQUEST_OR_DONE -> {
                expect(m, "WAIT_CERTIFICATE_REQUEST_OR_DONE", HandshakeType.CERTIFICATE_REQUEST,
                        HandshakeType.SERVER_HELLO_DONE);
                if (m.type() == HandshakeType.CERTIFICATE_REQUEST.code()) {
                    onCertificateRequest(m);
                } else {
                    onServerHelloDone(m);
                }
            }
            case WAIT_SERVER_HELLO_DONE -> {
                expect(m, "WAIT_SERVER_HELLO_DONE", HandshakeType.SERVER_HELLO_DONE);
                onServerHelloDone(m);
            }
            case WAIT_NEW_SESSION_TICKET -> {
                expect(m, "WAIT_NEW_SESSION_TICKET", HandshakeType.NEW_SESSION_TICKET);
                // RFC 5077 3.3: part of the transcript; not valid until the server's Finished verifies.
                newTicket = NewSessionTicket12.decode(m.reader());
                transcript.update(m.wire());
                state = State.WAIT_CHANGE_CIPHER_SPEC;
            }
            case WAIT_FINISHED -> {
                expect(m, "WAIT_FINISHED", HandshakeType.FINISHED);
                verifyPeerFinished(m, false);
                if (abbreviated) {
                    sendChangeCipherSpecAndFinished(true); // RFC 5246 7.3: the client's turn comes last
                }
                cacheSession();
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
        installReadKeys(true);
        state = State.WAIT_FINISHED;
    }

    // ---- WAIT_SERVER_HELLO (RFC 5246 7.4.1.3; RFC 8446 4.1.3; RFC 5746; RFC 7627; RFC 8422) ----

    private void onServerHello(RawHandshake m) throws TlsAlertException {
        ServerHello sh = ServerHello.decode(m.reader());
        checkVersion(sh);
        if (offeredTls13 && (sh.randomEndsWith(ServerHello.DOWNGRADE_TLS12)
                || sh.randomEndsWith(ServerHello.DOWNGRADE_TLS11))) {
            // RFC 8446 4.1.3: a TLS 1.3 server was made to negotiate an older version: an attack.
            throw TlsAlertException.illegalParameter("downgrade detected: the server negotiated TLS 1.2 but its"
                    + " random carries the TLS 1.3 downgrade sentinel (RFC 8446 4.1.3)");
        }
        byte[] echo = sh.legacySessionIdEcho();
        abbreviated = echo.length != 0 && Arrays.equals(echo, clientHello.legacySessionId());
        if (abbreviated && resumption.session() == null) {
            throw TlsAlertException.illegalParameter(
                    "server resumed a session, but the client offered none (its session id was not a session)");
        }
        CipherSuite chosen = CipherSuite.fromCode(sh.cipherSuite());
        if (chosen == null || chosen.isTls13() || !clientHello.cipherSuites().contains(chosen.code())) {
            throw TlsAlertException.illegalParameter(String.format(
                    "server chose cipher suite 0x%04x, which the client did not offer for TLS 1.2", sh.cipherSuite()));
        }
        if (sh.legacyCompressionMethod() != 0) {
            throw TlsAlertException.illegalParameter("server selected compression method "
                    + sh.legacyCompressionMethod() + ", which the client did not offer");
        }
        // RFC 5746 3.4: the SCSV asks for renegotiation_info, so the server may send it unasked.
        ExtensionRules.checkServerExtensions("TLS 1.2 ServerHello", sh.extensions(), clientHello.extensions().types(),
                SERVER_HELLO_12, RENEGOTIATION_INFO_ONLY);
        checkRenegotiationInfo(sh);
        checkExtendedMasterSecret(sh);
        checkSessionTicket(sh);
        byte[] pointFormats = sh.extensions().find(ExtensionType.EC_POINT_FORMATS);
        if (pointFormats != null && !EcPointFormats.decode(pointFormats).includesUncompressed()) {
            throw TlsAlertException.illegalParameter(
                    "server's ec_point_formats lacks uncompressed, which RFC 8422 5.1.2 requires");
        }
        session.setApplicationProtocol(selectedApplicationProtocol(sh));
        byte[] sni = sh.extensions().find(ExtensionType.SERVER_NAME);
        if (sni != null && sni.length != 0) {
            throw TlsAlertException.decodeError("server's server_name acknowledgement must be empty (RFC 6066 3)");
        }

        serverRandom = sh.random();
        keyExchange = chosen.keyExchange();
        suiteNegotiated(chosen);
        session.setProtocol(ProtocolVersion.TLS12);
        session.setCipherSuite(chosen);
        session.setLocalSignatureSchemes(config.signatureSchemes());
        io.versionNegotiated(ProtocolVersion.TLS12);
        transcript.update(m.wire());
        if (abbreviated) {
            resumeOffered(chosen);
            return;
        }
        forgetOffered();
        if (echo.length != 0 && !ticketExpected) {
            session.setId(echo); // the id under which the server may resume this session
        }
        state = State.WAIT_CERTIFICATE;
    }

    /**
     * RFC 5077 3.2: a server's session_ticket is empty and says NewSessionTicket will follow; only a
     * client that sent the extension may get it (checked with the other extensions).
     */
    private void checkSessionTicket(ServerHello sh) throws TlsAlertException {
        byte[] data = sh.extensions().find(ExtensionType.SESSION_TICKET);
        if (data != null && data.length != 0) {
            throw TlsAlertException.decodeError("server's session_ticket extension must be empty (RFC 5077 3.2)");
        }
        ticketExpected = data != null;
    }

    // ---- the abbreviated handshake (RFC 5246 7.3; RFC 7627 5.3; RFC 5077 3.4) ----

    /**
     * The server echoed the offered session's id: it resumes that session, which must keep its suite
     * and, having used the extended master secret, use it again (RFC 7627 5.3, handshake_failure).
     * The keys come from the cached master secret and this handshake's randoms.
     */
    private void resumeOffered(CipherSuite chosen) throws TlsAlertException {
        ResumableSession offered = resumption.session();
        if (chosen != offered.suite()) {
            throw TlsAlertException.illegalParameter("server resumed a session of " + offered.suite()
                    + " with a different cipher suite, " + chosen + " (RFC 5246 7.4.1.3)");
        }
        if (!extendedMasterSecret) {
            throw TlsAlertException.handshakeFailure("server resumed a session that used the extended master"
                    + " secret without negotiating it again (RFC 7627 5.3)");
        }
        TlsSession origin = offered.origin();
        session.setId(clientHello.legacySessionId());
        session.setPeerCertificates(origin.peerCertificates());
        session.setLocalCertificates(origin.localCertificates());
        session.setNamedGroup(origin.namedGroup());
        session.setCreationTime(origin.creationTime());
        session.setResumed(true);
        byte[] master = offered.secret();
        resumeWithMasterSecret(master);
        Arrays.fill(master, (byte) 0);
        state = ticketExpected ? State.WAIT_NEW_SESSION_TICKET : State.WAIT_CHANGE_CIPHER_SPEC;
    }

    /** The server did not resume the offered session: it is forgotten (the full handshake replaces it). */
    private void forgetOffered() {
        if (resumption.session() != null) {
            store.cache().remove(resumption.session().origin());
        }
    }

    /**
     * After the server's Finished verified: the session is cached for this peer when it can be
     * resumed, that is with the extended master secret (RFC 7627 5.3) and a ticket (RFC 5077 3.3) or a
     * session id from the server. An abbreviated handshake without a new ticket leaves the cached
     * entry as it is.
     */
    private void cacheSession() {
        if (store == null || config.peerHost() == null || !extendedMasterSecret) {
            return;
        }
        byte[] ticket = newTicket == null ? new byte[0] : newTicket.ticket();
        byte[] id = session.id();
        if (ticket.length == 0 && (abbreviated || id.length == 0)) {
            return;
        }
        byte[] master = session.masterSecret();
        if (master == null) {
            return;
        }
        // The server's hint bounds the ticket's life (0: unspecified); the client's session timeout too.
        long lifetimeSeconds = store.ticketLifetimeSeconds();
        if (ticket.length != 0 && newTicket.lifetimeHint() != 0) {
            lifetimeSeconds = Math.min(lifetimeSeconds, newTicket.lifetimeHint());
        }
        store.cache().addForPeer(config.peerHost(), config.peerPort(), new ResumableSession(ProtocolVersion.TLS12,
                suite, master, ticket.length == 0 ? null : ticket, ticket.length == 0 ? id : null, 0, store.now(),
                lifetimeSeconds * 1000L, session));
        Arrays.fill(master, (byte) 0);
    }

    /** A TLS 1.2 ServerHello says 0x0303; anything lower is refused (RFC 8996), higher is illegal here. */
    private static void checkVersion(ServerHello sh) throws TlsAlertException {
        int v = sh.legacyVersion();
        if (v < ProtocolVersion.TLS12.code()) {
            throw new TlsAlertException(AlertDescription.PROTOCOL_VERSION, "server selected "
                    + Negotiation.versionName(v) + "; TLS 1.0, TLS 1.1 and SSL 3.0 are deprecated and refused"
                    + " (RFC 8996), this client supports TLS 1.2 and later");
        }
        if (v != ProtocolVersion.TLS12.code()) {
            throw new TlsAlertException(AlertDescription.PROTOCOL_VERSION, "server selected version "
                    + Negotiation.versionName(v) + " without supported_versions, which only TLS 1.2 may do");
        }
    }

    /**
     * RFC 5746 3.4: the client sent the SCSV, so a renegotiation_info in ServerHello must be empty
     * (handshake_failure otherwise). A server without it is a legacy server; Keel never renegotiates,
     * so the attack the extension prevents cannot reach it, and it connects.
     */
    private static void checkRenegotiationInfo(ServerHello sh) throws TlsAlertException {
        byte[] data = sh.extensions().find(ExtensionType.RENEGOTIATION_INFO);
        if (data != null && !RenegotiationInfo.decode(data).isInitial()) {
            throw TlsAlertException.handshakeFailure(
                    "server's renegotiation_info is not empty in an initial handshake (RFC 5746 3.4)");
        }
    }

    /** RFC 7627 5.1, 5.2: an empty extension; required unless the configuration allows legacy servers. */
    private void checkExtendedMasterSecret(ServerHello sh) throws TlsAlertException {
        byte[] data = sh.extensions().find(ExtensionType.EXTENDED_MASTER_SECRET);
        if (data != null && data.length != 0) {
            throw TlsAlertException.decodeError(
                    "server's extended_master_secret extension must be empty (RFC 7627 5.1)");
        }
        extendedMasterSecret = data != null;
        if (!extendedMasterSecret && config.requireExtendedMasterSecret()) {
            throw TlsAlertException.handshakeFailure("server did not negotiate the extended master secret"
                    + " (RFC 7627), which this client requires for TLS 1.2");
        }
    }

    private String selectedApplicationProtocol(ServerHello sh) throws TlsAlertException {
        byte[] alpn = sh.extensions().find(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION);
        if (alpn == null) {
            return "";
        }
        List<String> selected = ApplicationLayerProtocols.decode(alpn).protocols();
        if (selected.size() != 1 || !config.applicationProtocols().contains(selected.get(0))) {
            throw TlsAlertException.illegalParameter("server selected application protocol " + selected
                    + ", which is not exactly one of the offered " + config.applicationProtocols());
        }
        return selected.get(0);
    }

    // ---- WAIT_CERTIFICATE (RFC 5246 7.4.2) ----

    private void onCertificate(RawHandshake m) throws TlsAlertException {
        CertificateMessage12 cm = CertificateMessage12.decode(m.reader());
        if (cm.isEmpty()) {
            throw TlsAlertException.decodeError("server sent an empty Certificate message");
        }
        serverChain = chainOf(cm);
        session.setPeerCertificates(serverChain);
        String keyAlgorithm = serverChain[0].getPublicKey().getAlgorithm();
        if (!keyExchange.acceptsCertificateKey(keyAlgorithm)) {
            throw new TlsAlertException(AlertDescription.UNSUPPORTED_CERTIFICATE, "server's certificate has a "
                    + keyAlgorithm + " key, which " + suite + " cannot use");
        }
        PeerCertificates.trustServer(config, serverChain, keyExchange.authType());
        transcript.update(m.wire());
        state = keyExchange.hasServerKeyExchange() ? State.WAIT_SERVER_KEY_EXCHANGE
                : State.WAIT_CERTIFICATE_REQUEST_OR_DONE;
    }

    // ---- WAIT_SERVER_KEY_EXCHANGE (RFC 5246 7.4.3, RFC 8422 5.4, RFC 7919 3) ----

    private void onServerKeyExchange(RawHandshake m) throws TlsAlertException {
        int schemeCode;
        byte[] signature;
        byte[] signed;
        if (keyExchange.isEcdhe()) {
            ServerKeyExchangeEcdhe ske = ServerKeyExchangeEcdhe.decode(m.reader());
            NamedGroup g = NamedGroup.fromCode(ske.namedCurve());
            if (g == null || g.isFiniteField() || !config.namedGroups().contains(g)) {
                throw TlsAlertException.illegalParameter(String.format(
                        "server chose ECDHE group 0x%04x, which the client did not offer", ske.namedCurve()));
            }
            group = g;
            serverPublicValue = ske.publicPoint();
            schemeCode = ske.signatureScheme();
            signature = ske.signature();
            signed = ske.signedContent(clientRandom, serverRandom);
        } else {
            ServerKeyExchangeDhe ske = ServerKeyExchangeDhe.decode(m.reader());
            schemeCode = ske.signatureScheme();
            signature = ske.signature();
            signed = ske.signedContent(clientRandom, serverRandom);
            verifyServerKeyExchangeSignature(schemeCode, signed, signature);
            // RFC 7919 3: the group is judged after the signature has been checked.
            dheGroup = Ffdhe12.serverGroup(ske.p(), ske.g(), config.namedGroups());
            group = dheGroup.namedGroup();
            serverPublicValue = dheGroup.peerPublicValue(ske.ys());
            finishServerKeyExchange(m);
            return;
        }
        verifyServerKeyExchangeSignature(schemeCode, signed, signature);
        finishServerKeyExchange(m);
    }

    private void finishServerKeyExchange(RawHandshake m) {
        session.setNamedGroup(group);
        transcript.update(m.wire());
        state = State.WAIT_CERTIFICATE_REQUEST_OR_DONE;
    }

    /**
     * The scheme must be one the client offered, of the key type the exchange needs, never SHA-1, and
     * fit the certificate (illegal_parameter); the signature must verify (decrypt_error).
     */
    private void verifyServerKeyExchangeSignature(int schemeCode, byte[] signed, byte[] signature)
            throws TlsAlertException {
        SignatureScheme scheme = SignatureScheme.fromCode(schemeCode);
        PublicKey key = serverChain[0].getPublicKey();
        if (scheme == null || !config.signatureSchemes().contains(scheme) || Negotiation.isSha1(scheme)
                || !keyExchange.acceptsServerKeyExchangeSignature(scheme) || !scheme.isCompatibleInTls12With(key)) {
            throw TlsAlertException.illegalParameter(String.format("server signed ServerKeyExchange with %s,"
                    + " which the client did not offer for a %s certificate key with %s",
                    scheme == null ? String.format("unknown scheme 0x%04x", schemeCode) : scheme.rfcName(),
                    key.getAlgorithm(), suite));
        }
        if (!scheme.verify(key, signed, signature)) {
            throw new TlsAlertException(AlertDescription.DECRYPT_ERROR,
                    "the server's ServerKeyExchange signature (" + scheme.rfcName() + ") does not verify");
        }
    }

    // ---- WAIT_CERTIFICATE_REQUEST_OR_DONE, WAIT_SERVER_HELLO_DONE (RFC 5246 7.4.4, 7.4.5) ----

    private void onCertificateRequest(RawHandshake m) throws TlsAlertException {
        certificateRequest = CertificateRequest12.decode(m.reader());
        // What the server accepts, as key managers see it through the handshake session.
        session.setPeerSignatureSchemes(Negotiation.knownSchemes(certificateRequest.signatureSchemes()));
        transcript.update(m.wire());
        state = State.WAIT_SERVER_HELLO_DONE;
    }

    /** The server's flight is complete: our flight, ChangeCipherSpec and Finished (RFC 5246 7.3). */
    private void onServerHelloDone(RawHandshake m) throws TlsAlertException {
        ServerHelloDone.decode(m.reader());
        transcript.update(m.wire());
        ClientCredential credential = null;
        if (certificateRequest != null) {
            credential = chooseClientCredential();
            if (credential != null) {
                session.setLocalCertificates(credential.credential().chain().toArray(new X509Certificate[0]));
            }
            send(certificateMessage(credential == null ? null : credential.credential()));
        }
        byte[] preMasterSecret = sendClientKeyExchange();
        deriveKeys(preMasterSecret);
        if (credential != null) {
            sendCertificateVerify(credential.scheme(), credential.credential());
        }
        sendChangeCipherSpecAndFinished(true);
        state = ticketExpected ? State.WAIT_NEW_SESSION_TICKET : State.WAIT_CHANGE_CIPHER_SPEC;
    }

    /** Sends ClientKeyExchange and returns the premaster secret (RFC 5246 7.4.7, 8.1; RFC 8422 5.7, 5.10). */
    private byte[] sendClientKeyExchange() throws TlsAlertException {
        if (keyExchange == KeyExchangeAlgorithm.RSA) {
            // RFC 5246 7.4.7.1: client_version is the version offered in ClientHello.
            RsaPremasterSecret.ClientSide rsa = RsaPremasterSecret.encrypt(serverChain[0].getPublicKey(),
                    clientHello.legacyVersion(), config.random());
            send(new ClientKeyExchangeRsa(rsa.encryptedPreMasterSecret()));
            return rsa.preMasterSecret();
        }
        if (!keyExchange.isEcdhe()) {
            Ffdhe12.ClientAgreement dh = dheGroup.agree(serverPublicValue, config.random());
            send(new ClientKeyExchangeDhe(dh.publicValue()));
            return dh.preMasterSecret();
        }
        KeyShare ours = group.generate(config.random());
        byte[] publicValue = ours.publicValue();
        byte[] shared = ours.agree(serverPublicValue);
        send(new ClientKeyExchangeEcdhe(publicValue));
        return shared; // RFC 8422 5.10: the x-coordinate, full length
    }

    private record ClientCredential(Credential credential, SignatureScheme scheme) {
    }

    /**
     * The certificate to answer a CertificateRequest with (RFC 5246 7.4.4, 7.4.6): of a type the
     * server asked for, signable with a scheme both sides accept; {@code null} sends an empty
     * Certificate and lets the server decide.
     */
    private ClientCredential chooseClientCredential() {
        Set<String> keyTypes = new LinkedHashSet<>();
        for (int type : certificateRequest.certificateTypes()) {
            if (type == CertificateRequest12.RSA_SIGN) {
                keyTypes.add("RSA");
                keyTypes.add("RSASSA-PSS");
            } else if (type == CertificateRequest12.ECDSA_SIGN) {
                keyTypes.add("EC");
                keyTypes.add("Ed25519");
                keyTypes.add("Ed448");
            }
        }
        List<SignatureScheme> usable = new ArrayList<>();
        for (SignatureScheme s : config.signatureSchemes()) {
            if (certificateRequest.signatureSchemes().contains(s.code()) && !Negotiation.isSha1(s)
                    && keyTypes.contains(s.keyAlgorithm())) {
                usable.add(s);
            }
        }
        Set<String> wanted = new LinkedHashSet<>();
        usable.forEach(s -> wanted.add(s.keyAlgorithm()));
        if (wanted.isEmpty()) {
            return null;
        }
        Credential credential = config.credentials().chooseClientCredential(wanted.toArray(new String[0]), issuers());
        if (credential == null) {
            return null;
        }
        for (SignatureScheme s : usable) {
            if (s.isCompatibleInTls12With(credential.leaf().getPublicKey())) {
                return new ClientCredential(credential, s);
            }
        }
        return null;
    }

    private X500Principal[] issuers() {
        List<byte[]> names = certificateRequest.certificateAuthorities();
        if (names.isEmpty()) {
            return null;
        }
        try {
            List<X500Principal> out = new ArrayList<>();
            for (byte[] dn : names) {
                out.add(new X500Principal(dn));
            }
            return out.toArray(new X500Principal[0]);
        } catch (IllegalArgumentException e) {
            return null; // an unreadable hint: let the key manager choose without it
        }
    }
}
