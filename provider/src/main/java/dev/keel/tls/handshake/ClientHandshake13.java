package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.Credential;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.KeyShare;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.ApplicationLayerProtocols;
import dev.keel.tls.message.CertificateAuthorities;
import dev.keel.tls.message.CertificateMessage13;
import dev.keel.tls.message.CertificateRequest13;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.Cookie;
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
import dev.keel.tls.message.PskKeyExchangeModes;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.ServerNameList;
import dev.keel.tls.message.SignatureAlgorithms;
import dev.keel.tls.message.SupportedGroups;
import dev.keel.tls.message.SupportedVersionsClient;
import dev.keel.tls.message.SupportedVersionsServer;
import dev.keel.tls.crypto.HashAlgorithm;
import dev.keel.tls.message.PreSharedKeyClientHello;
import dev.keel.tls.message.PreSharedKeyServerHello;
import dev.keel.tls.message.PskIdentity;
import dev.keel.tls.session.ResumableSession;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TlsSession;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The TLS 1.3 client (RFC 8446 2, 4; states from Appendix A.1):
 *
 * <pre>
 * START --send ClientHello--> WAIT_SH --ServerHello--> WAIT_EE --EncryptedExtensions--> WAIT_CERT_CR
 *   WAIT_CERT_CR --CertificateRequest--> WAIT_CERT --Certificate--> WAIT_CV --CertificateVerify-->
 *   WAIT_FINISHED --Finished / send [Certificate, CertificateVerify,] Finished--> CONNECTED
 * </pre>
 * A HelloRetryRequest in WAIT_SH sends a second ClientHello and returns to WAIT_SH once.
 *
 * <p>Resumption (RFC 8446 2.2, 4.2.11): with a {@link SessionStore} holding a ticket for this peer,
 * the ClientHello offers it as a PSK (psk_dhe_ke). When the server accepts it, WAIT_EE goes straight
 * to WAIT_FINISHED: no certificate is exchanged, and the session reports the certificates of the
 * original handshake. NewSessionTicket messages after the handshake ({@link #newSessionTicket})
 * become tickets in the store.
 */
public final class ClientHandshake13 extends Handshake13 {
    private enum State { START, WAIT_SH, WAIT_EE, WAIT_CERT_CR, WAIT_CERT, WAIT_CV, WAIT_FINISHED, CONNECTED }

    private State state = State.START;
    private final Map<NamedGroup, KeyShare> keyShares = new LinkedHashMap<>();
    /** Extension types of the ClientHellos sent (a short list: a hash set would cost more). */
    private final List<Integer> offeredExtensions = new ArrayList<>(16);
    private byte[] clientRandom;
    private byte[] legacySessionId;
    private boolean retried;
    private boolean offersTls12;
    private CipherSuite retrySuite;
    private boolean sentCompatibilityCcs;
    private byte[] clientHandshakeSecret;
    private byte[] serverHandshakeSecret;
    private byte[] resumptionMasterSecret;
    private X509Certificate[] serverChain;
    private CertificateRequest13 certificateRequest;
    private ClientHello firstClientHello;

    /** The ticket offered in pre_shared_key (RFC 8446 4.2.11), or {@code null}. */
    private ResumableSession offeredTicket;
    /** True once the server accepted the offered PSK: no certificates follow (RFC 8446 2.2). */
    private boolean pskAccepted;
    /** The TLS 1.2 session offered beside TLS 1.3 (its id is the legacy_session_id), or NONE. */
    private ClientResumption12 resumption12 = ClientResumption12.NONE;

    public ClientHandshake13(TlsConfig config, HandshakeIo io, TlsSession session) {
        this(config, io, session, null);
    }

    /** @param store where tickets for this peer are found and new ones kept; {@code null}: none */
    public ClientHandshake13(TlsConfig config, HandshakeIo io, TlsSession session, SessionStore store) {
        super(config, io, session, store);
    }

    @Override
    public boolean isComplete() {
        return state == State.CONNECTED;
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return state != State.START && state != State.CONNECTED;
    }

    /** The exporter secret, and the resumption master secret (RFC 8446 7.1) for tickets. */
    @Override
    public PostHandshakeState postHandshakeState() {
        if (!isComplete()) {
            return null;
        }
        return PostHandshakeState.tls13(suite, exporterMasterSecret, resumptionMasterSecret, store, config, session);
    }

    // ---- START: ClientHello (RFC 8446 4.1.2) ----

    @Override
    public void start() throws TlsAlertException {
        if (state != State.START) {
            return;
        }
        if (!config.protocols().contains(ProtocolVersion.TLS13)) {
            throw TlsAlertException.handshakeFailure("TLS 1.3 is not enabled on this client");
        }
        if (!hasTls13Suite(config.cipherSuites())) {
            throw TlsAlertException.handshakeFailure("no TLS 1.3 cipher suite is enabled on this client");
        }
        if (config.namedGroups().isEmpty()) {
            throw TlsAlertException.handshakeFailure("no key exchange group is enabled on this client");
        }
        clientRandom = random(32);
        offersTls12 = Negotiation.usableVersions(config.protocols(), config.cipherSuites())
                .contains(ProtocolVersion.TLS12);
        if (offersTls12()) {
            resumption12 = ClientResumption12.find(config, store, ClientOffer12.suites(config));
        }
        // RFC 8446 D.4: a non-empty legacy_session_id puts the handshake in middlebox compatibility mode.
        // A TLS 1.2 session offered for resumption gives its id instead (RFC 8446 4.1.2 allows
        // either); a TLS 1.3 server echoes it all the same.
        legacySessionId = resumption12.sessionId();
        if (legacySessionId.length == 0 && config.middleboxCompatibility()) {
            legacySessionId = random(32);
        }
        int shares = Math.min(config.clientKeyShareCount(), config.namedGroups().size());
        for (NamedGroup g : config.namedGroups().subList(0, shares)) {
            keyShares.put(g, g.generate(config.random()));
        }
        session.setLocalSignatureSchemes(config.signatureSchemes());
        session.setRequestedServerNames(config.serverNames());
        offeredTicket = findTicket();
        firstClientHello = bindPsk(clientHello(null));
        send(firstClientHello);
        state = State.WAIT_SH;
    }

    private ClientHello clientHello(byte[] cookie) {
        List<Extension> ext = new ArrayList<>();
        if (!config.serverNames().isEmpty()) {
            ext.add(new Extension(ExtensionType.SERVER_NAME, new ServerNameList(config.serverNames()).encode()));
        }
        ext.add(new Extension(ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(codes(config.namedGroups())).encode()));
        ext.add(new Extension(ExtensionType.SIGNATURE_ALGORITHMS,
                new SignatureAlgorithms(schemeCodes(config.signatureSchemes())).encode()));
        if (!config.signatureSchemesCert().isEmpty()) {
            ext.add(new Extension(ExtensionType.SIGNATURE_ALGORITHMS_CERT,
                    new SignatureAlgorithms(schemeCodes(config.signatureSchemesCert())).encode()));
        }
        if (!config.applicationProtocols().isEmpty()) {
            ext.add(new Extension(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                    new ApplicationLayerProtocols(config.applicationProtocols()).encode()));
        }
        if (offersTls12()) {
            ClientOffer12.addExtensions(config, ext, resumption12); // one ClientHello for both versions
        }
        ext.add(new Extension(ExtensionType.SUPPORTED_VERSIONS, new SupportedVersionsClient(offeredVersions()).encode()));
        // RFC 8446 4.2.9: the only PSK mode Keel uses, with (EC)DHE for forward secrecy; servers
        // issue tickets only to clients that send it.
        ext.add(new Extension(ExtensionType.PSK_KEY_EXCHANGE_MODES,
                new PskKeyExchangeModes(List.of(PskKeyExchangeModes.PSK_DHE_KE)).encode()));
        if (cookie != null) {
            ext.add(new Extension(ExtensionType.COOKIE, new Cookie(cookie).encode()));
        }
        List<KeyShareEntry> entries = new ArrayList<>();
        for (KeyShare ks : keyShares.values()) {
            entries.add(new KeyShareEntry(ks.group().code(), ks.publicValue()));
        }
        ext.add(new Extension(ExtensionType.KEY_SHARE, new KeyShareClientHello(entries).encode()));
        if (offeredTicket != null) {
            // RFC 8446 4.2.11: last, with a placeholder binder that bindPsk replaces.
            PskIdentity identity = new PskIdentity(offeredTicket.ticket(),
                    offeredTicket.obfuscatedTicketAge(store.now()));
            ext.add(new PreSharedKeyClientHello(List.of(identity),
                    List.of(new byte[offeredTicket.suite().hash().length()])).toExtension());
        }
        for (int i = 0, n = ext.size(); i < n; i++) {
            Integer type = ext.get(i).type();
            if (!offeredExtensions.contains(type)) {
                offeredExtensions.add(type);
            }
        }
        List<Integer> suites = new ArrayList<>();
        List<CipherSuite> enabled = config.cipherSuites();
        for (int i = 0, n = enabled.size(); i < n; i++) {
            if (enabled.get(i).isTls13()) {
                suites.add(enabled.get(i).code());
            }
        }
        if (offersTls12()) {
            ClientOffer12.addSuites(config, suites);
        }
        return new ClientHello(0x0303, clientRandom, legacySessionId, suites, new byte[] {0}, Extensions.of(ext));
    }

    // ---- resumption: the PSK offer (RFC 8446 4.2.11, 4.6.1) ----

    /**
     * A ticket from the store for this peer (host, port) that fits this handshake: a TLS 1.3 ticket
     * whose hash one of our enabled suites shares, and, RFC 8446 4.6.1, the same server names as the
     * handshake it came from.
     */
    private ResumableSession findTicket() {
        if (store == null || config.peerHost() == null) {
            return null;
        }
        return store.cache().takeForPeer(config.peerHost(), config.peerPort(), store.singleUseTickets(),
                t -> t.protocol() == ProtocolVersion.TLS13 && hasSuiteWithHash(t.suite())
                        && t.origin().requestedServerNames().equals(config.serverNames()));
    }

    private static boolean hasTls13Suite(List<CipherSuite> suites) {
        for (int i = 0, n = suites.size(); i < n; i++) {
            if (suites.get(i).isTls13()) {
                return true;
            }
        }
        return false;
    }

    private boolean hasSuiteWithHash(CipherSuite ticketSuite) {
        for (CipherSuite s : config.cipherSuites()) {
            if (s.isTls13() && s.hash() == ticketSuite.hash()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Puts the real binder into a ClientHello that offers a PSK: HMAC over the transcript up to the
     * truncated ClientHello, keyed from the PSK's "res binder" key (RFC 8446 4.2.11.2). After a
     * HelloRetryRequest the transcript before it counts too.
     */
    private ClientHello bindPsk(ClientHello ch) {
        if (offeredTicket == null) {
            return ch;
        }
        HashAlgorithm hash = offeredTicket.suite().hash();
        byte[] truncated = ch.encodeTruncatedForBinders();
        byte[] th = retried ? transcript.currentHashWith(truncated) : hash.newDigest().digest(truncated);
        KeySchedule13 early = new KeySchedule13(offeredTicket.suite());
        byte[] psk = offeredTicket.secret();
        early.deriveEarlySecret(psk);
        byte[] binderKey = early.binderKey(true);
        byte[] binder = KeySchedule13.finishedVerifyData(hash, binderKey, th);
        Arrays.fill(psk, (byte) 0);
        Arrays.fill(binderKey, (byte) 0);
        early.destroy();
        return ch.withPskBinders(List.of(binder));
    }

    /** The offered ticket is not used (any more): a single-use one is forgotten for good. */
    private void dropTicket() {
        if (offeredTicket != null && store.singleUseTickets()) {
            offeredTicket.destroy();
        }
        offeredTicket = null;
    }

    private List<Integer> offeredVersions() {
        List<Integer> versions = new ArrayList<>();
        versions.add(ProtocolVersion.TLS13.code());
        if (offersTls12()) {
            versions.add(ProtocolVersion.TLS12.code());
        }
        return versions;
    }

    /** Whether the ClientHello offers TLS 1.2 too; worked out once, in {@link #start()}. */
    private boolean offersTls12() {
        return offersTls12;
    }

    // ---- hand-off to TLS 1.2 (driven by ClientHandshake) ----

    /** True until the first ServerHello: a TLS 1.2 ServerHello may still hand the handshake over. */
    boolean awaitingFirstServerHello() {
        return state == State.WAIT_SH && !retried;
    }

    /** The ClientHello sent first, which a TLS 1.2 handshake continues from. */
    ClientHello firstClientHello() {
        return firstClientHello;
    }

    /** The TLS 1.2 session that ClientHello offered, for a TLS 1.2 handshake continuing from it. */
    ClientResumption12 resumption12() {
        return resumption12;
    }

    /** The server chose TLS 1.2: the TLS 1.3 key shares will never be used. */
    void abandonForTls12() {
        keyShares.values().forEach(KeyShare::destroy);
        keyShares.clear();
        dropTicket();
    }

    // ---- the state machine ----

    @Override
    public void handle(RawHandshake m) throws TlsAlertException {
        switch (state) {
            case WAIT_SH -> {
                expect(m, "WAIT_SH", HandshakeType.SERVER_HELLO);
                onServerHello(m);
            }
            case WAIT_EE -> {
                expect(m, "WAIT_EE", HandshakeType.ENCRYPTED_EXTENSIONS);
                onEncryptedExtensions(m);
            }
            case WAIT_CERT_CR -> {
                expect(m, "WAIT_CERT_CR", HandshakeType.CERTIFICATE_REQUEST, HandshakeType.CERTIFICATE);
                if (m.type() == HandshakeType.CERTIFICATE_REQUEST.code()) {
                    onCertificateRequest(m);
                } else {
                    onCertificate(m);
                }
            }
            case WAIT_CERT -> {
                expect(m, "WAIT_CERT", HandshakeType.CERTIFICATE);
                onCertificate(m);
            }
            case WAIT_CV -> {
                expect(m, "WAIT_CV", HandshakeType.CERTIFICATE_VERIFY);
                verifyPeerCertificateVerify(m, true, serverChain[0]);
                state = State.WAIT_FINISHED;
            }
            case WAIT_FINISHED -> {
                expect(m, "WAIT_FINISHED", HandshakeType.FINISHED);
                onFinished(m);
            }
            default -> expectNothing(m, state.name());
        }
    }

    // ---- WAIT_SH: ServerHello or HelloRetryRequest (RFC 8446 4.1.3, 4.1.4) ----

    private void onServerHello(RawHandshake m) throws TlsAlertException {
        ServerHello sh = ServerHello.decode(m.reader());
        byte[] selectedVersion = sh.extensions().find(ExtensionType.SUPPORTED_VERSIONS);
        if (selectedVersion == null) {
            rejectOlderVersion(sh);
        }
        int version = SupportedVersionsServer.decode(selectedVersion).selectedVersion();
        if (version != ProtocolVersion.TLS13.code()) {
            throw TlsAlertException.illegalParameter(String.format(
                    "server selected version 0x%04x in supported_versions, which the client did not offer", version));
        }
        if (sh.legacyVersion() != 0x0303) {
            throw TlsAlertException.illegalParameter(String.format(
                    "ServerHello legacy_version is 0x%04x; TLS 1.3 requires 0x0303", sh.legacyVersion()));
        }
        if (!Arrays.equals(sh.legacySessionIdEcho(), legacySessionId)) {
            throw TlsAlertException.illegalParameter("server did not echo the client's legacy_session_id");
        }
        if (sh.legacyCompressionMethod() != 0) {
            throw TlsAlertException.illegalParameter("server selected a compression method; TLS 1.3 has none");
        }
        CipherSuite chosen = CipherSuite.fromCode(sh.cipherSuite());
        if (chosen == null || !chosen.isTls13() || !config.cipherSuites().contains(chosen)) {
            throw TlsAlertException.illegalParameter(String.format(
                    "server chose cipher suite 0x%04x, which the client did not offer", sh.cipherSuite()));
        }
        if (retrySuite != null && chosen != retrySuite) {
            throw TlsAlertException.illegalParameter("server chose " + chosen + " after choosing " + retrySuite
                    + " in its HelloRetryRequest");
        }
        if (sh.isHelloRetryRequest()) {
            onHelloRetryRequest(sh, m, chosen);
        } else {
            onRealServerHello(sh, m, chosen);
        }
    }

    /** A server that answered without supported_versions negotiated TLS 1.2 or older. */
    private void rejectOlderVersion(ServerHello sh) throws TlsAlertException {
        byte[] tail = Arrays.copyOfRange(sh.random(), 24, 32);
        if (Arrays.equals(tail, ServerHello.DOWNGRADE_TLS12) || Arrays.equals(tail, ServerHello.DOWNGRADE_TLS11)) {
            // RFC 8446 4.1.3: a TLS 1.3 server was made to negotiate an older version: an attack.
            throw TlsAlertException.illegalParameter(
                    "downgrade detected: the server's random carries the TLS 1.3 downgrade sentinel");
        }
        String v = ProtocolVersion.fromCode(sh.legacyVersion()) == null
                ? String.format("0x%04x", sh.legacyVersion())
                : ProtocolVersion.fromCode(sh.legacyVersion()).javaName();
        throw new TlsAlertException(AlertDescription.PROTOCOL_VERSION,
                "server selected " + v + ", but this client is configured for TLS 1.3 only");
    }

    private void onHelloRetryRequest(ServerHello hrr, RawHandshake m, CipherSuite chosen) throws TlsAlertException {
        if (retried) {
            throw TlsAlertException.unexpectedMessage("server sent a second HelloRetryRequest");
        }
        retried = true;
        retrySuite = chosen;
        session.setHelloRetryRequested(true);
        ExtensionRules.checkServerExtensions("HelloRetryRequest", hrr.extensions(), offeredExtensions,
                ExtensionRules.HELLO_RETRY_REQUEST, Set.of(ExtensionType.COOKIE));
        byte[] keyShareData = hrr.extensions().find(ExtensionType.KEY_SHARE);
        byte[] cookieData = hrr.extensions().find(ExtensionType.COOKIE);
        if (keyShareData == null && cookieData == null) {
            throw TlsAlertException.illegalParameter("HelloRetryRequest asks for no change to the ClientHello");
        }
        // RFC 8446 4.4.1: the transcript restarts from a message_hash of ClientHello1.
        transcript.setHash(chosen.hash());
        transcript.replaceWithMessageHash();
        transcript.update(m.wire());
        if (keyShareData != null) {
            int groupCode = KeyShareHelloRetryRequest.decode(keyShareData).selectedGroup();
            NamedGroup group = NamedGroup.fromCode(groupCode);
            if (group == null || !config.namedGroups().contains(group)) {
                throw TlsAlertException.illegalParameter(String.format(
                        "HelloRetryRequest selected group 0x%04x, which the client did not offer", groupCode));
            }
            if (keyShares.containsKey(group)) {
                throw TlsAlertException.illegalParameter("HelloRetryRequest asks for a " + group.rfcName()
                        + " key share, which the client already sent");
            }
            keyShares.values().forEach(KeyShare::destroy);
            keyShares.clear();
            keyShares.put(group, group.generate(config.random()));
        }
        byte[] cookie = cookieData == null ? null : Cookie.decode(cookieData).cookie();
        if (offeredTicket != null && offeredTicket.suite().hash() != chosen.hash()) {
            dropTicket(); // RFC 8446 4.1.2: a PSK that cannot go with the server's suite is left out
        }
        sendCompatibilityCcsOnce();
        send(bindPsk(clientHello(cookie)));
    }

    private void onRealServerHello(ServerHello sh, RawHandshake m, CipherSuite chosen) throws TlsAlertException {
        ExtensionRules.checkServerExtensions("ServerHello", sh.extensions(), offeredExtensions,
                ExtensionRules.SERVER_HELLO, Set.of());
        suite = chosen;
        session.setProtocol(ProtocolVersion.TLS13);
        session.setCipherSuite(suite);
        io.versionNegotiated(ProtocolVersion.TLS13);
        transcript.setHash(suite.hash());
        transcript.update(m.wire());

        byte[] keyShareData = sh.extensions().find(ExtensionType.KEY_SHARE);
        if (keyShareData == null) {
            throw new TlsAlertException(AlertDescription.MISSING_EXTENSION,
                    "ServerHello has no key_share (this client offers no PSK-only mode)");
        }
        KeyShareEntry serverShare = KeyShareServerHello.decode(keyShareData).share();
        NamedGroup group = NamedGroup.fromCode(serverShare.group());
        KeyShare ours = group == null ? null : keyShares.get(group);
        if (ours == null) {
            throw TlsAlertException.illegalParameter(String.format(
                    "server's key share is for group 0x%04x, for which the client sent no share", serverShare.group()));
        }
        session.setNamedGroup(group);
        byte[] psk = acceptedPsk(sh, chosen);
        byte[] shared = ours.agree(serverShare.keyExchange());
        keyShares.values().forEach(KeyShare::destroy);

        keySchedule = new KeySchedule13(suite);
        keySchedule.deriveEarlySecret(psk);
        if (psk != null) {
            Arrays.fill(psk, (byte) 0);
        }
        keySchedule.deriveHandshakeSecret(shared);
        Arrays.fill(shared, (byte) 0);
        byte[] th = transcript.currentHash();
        clientHandshakeSecret = keySchedule.clientHandshakeTrafficSecret(th);
        serverHandshakeSecret = keySchedule.serverHandshakeTrafficSecret(th);
        io.changeReadKeys(suite, serverHandshakeSecret);
        // The server now reads our records with our handshake key: switch at once, so that even an
        // alert about its flight is protected as it expects (after the dummy change_cipher_spec).
        sendCompatibilityCcsOnce();
        io.changeWriteKeys(suite, clientHandshakeSecret);
        state = State.WAIT_EE;
    }

    /**
     * The PSK when the server accepted our offer (RFC 8446 4.2.11: the one identity we sent, with a
     * suite of the PSK's hash), restoring the original session's certificates and creation time;
     * {@code null} for a full handshake.
     */
    private byte[] acceptedPsk(ServerHello sh, CipherSuite chosen) throws TlsAlertException {
        byte[] data = sh.extensions().find(ExtensionType.PRE_SHARED_KEY);
        if (data == null) {
            dropTicket();
            return null;
        }
        if (offeredTicket == null) {
            throw TlsAlertException.illegalParameter("server selected a pre_shared_key the client did not offer");
        }
        int selected = PreSharedKeyServerHello.decode(data).selectedIdentity();
        if (selected != 0) {
            throw TlsAlertException.illegalParameter("server selected PSK identity " + selected
                    + ", but the client offered only one");
        }
        if (chosen.hash() != offeredTicket.suite().hash()) {
            throw TlsAlertException.illegalParameter("server chose " + chosen + " with a PSK of "
                    + offeredTicket.suite() + ", whose hash differs");
        }
        TlsSession origin = offeredTicket.origin();
        session.setPeerCertificates(origin.peerCertificates());
        session.setLocalCertificates(origin.localCertificates());
        session.setCreationTime(origin.creationTime());
        session.setResumed(true);
        pskAccepted = true;
        byte[] psk = offeredTicket.secret();
        dropTicket();
        return psk;
    }

    // ---- WAIT_EE (RFC 8446 4.3.1) ----

    private void onEncryptedExtensions(RawHandshake m) throws TlsAlertException {
        EncryptedExtensions ee = EncryptedExtensions.decode(m.reader());
        ExtensionRules.checkServerExtensions("EncryptedExtensions", ee.extensions(), offeredExtensions,
                ExtensionRules.ENCRYPTED_EXTENSIONS, Set.of());
        byte[] alpn = ee.extensions().find(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION);
        if (alpn != null) {
            List<String> selected = ApplicationLayerProtocols.decode(alpn).protocols();
            if (selected.size() != 1 || !config.applicationProtocols().contains(selected.get(0))) {
                throw TlsAlertException.illegalParameter("server selected application protocol " + selected
                        + ", which is not exactly one of the offered " + config.applicationProtocols());
            }
            session.setApplicationProtocol(selected.get(0));
        } else {
            session.setApplicationProtocol("");
        }
        byte[] sni = ee.extensions().find(ExtensionType.SERVER_NAME);
        if (sni != null && sni.length != 0) {
            throw TlsAlertException.decodeError("server's server_name acknowledgement must be empty");
        }
        transcript.update(m.wire());
        // RFC 8446 2.2: a PSK handshake authenticates by the PSK; Finished comes next.
        state = pskAccepted ? State.WAIT_FINISHED : State.WAIT_CERT_CR;
    }

    // ---- WAIT_CERT_CR / WAIT_CERT / WAIT_CV (RFC 8446 4.3.2, 4.4.2, 4.4.3) ----

    private void onCertificateRequest(RawHandshake m) throws TlsAlertException {
        CertificateRequest13 cr = CertificateRequest13.decode(m.reader());
        if (cr.extensions().find(ExtensionType.SIGNATURE_ALGORITHMS) == null) {
            throw new TlsAlertException(AlertDescription.MISSING_EXTENSION,
                    "CertificateRequest has no signature_algorithms");
        }
        certificateRequest = cr;
        // Key managers check candidate chains against what the server accepts (JSSE's
        // getPeerSupportedSignatureAlgorithms), so the handshake session must say it first.
        session.setPeerSignatureSchemes(Negotiation.knownSchemes(SignatureAlgorithms.decode(
                cr.extensions().find(ExtensionType.SIGNATURE_ALGORITHMS)).schemes()));
        transcript.update(m.wire());
        state = State.WAIT_CERT;
    }

    private void onCertificate(RawHandshake m) throws TlsAlertException {
        CertificateMessage13 cm = CertificateMessage13.decode(m.reader());
        if (cm.requestContext().length != 0) {
            throw TlsAlertException.illegalParameter("server's Certificate has a non-empty request context");
        }
        if (cm.entries().isEmpty()) {
            throw TlsAlertException.decodeError("server sent an empty Certificate message");
        }
        serverChain = chainOf(cm);
        session.setPeerCertificates(serverChain);
        PeerCertificates.trustServer(config, serverChain, "UNKNOWN");
        transcript.update(m.wire());
        state = State.WAIT_CV;
    }

    // ---- WAIT_FINISHED, then our second flight (RFC 8446 4.4.4, D.4) ----

    private void onFinished(RawHandshake m) throws TlsAlertException {
        verifyPeerFinished(m, serverHandshakeSecret);
        byte[] th = transcript.currentHash();
        keySchedule.deriveMasterSecret();
        byte[] clientApp = keySchedule.clientApplicationTrafficSecret(th);
        byte[] serverApp = keySchedule.serverApplicationTrafficSecret(th);
        exporterMasterSecret = keySchedule.exporterMasterSecret(th);
        io.changeReadKeys(suite, serverApp);

        if (certificateRequest != null) {
            sendClientCertificate();
        }
        sendFinished(clientHandshakeSecret);
        resumptionMasterSecret = keySchedule.resumptionMasterSecret(transcript.finalHash());
        io.changeWriteKeys(suite, clientApp);
        Arrays.fill(clientHandshakeSecret, (byte) 0);
        Arrays.fill(serverHandshakeSecret, (byte) 0);
        state = State.CONNECTED;
    }

    /** Certificate (possibly empty) and CertificateVerify in answer to a CertificateRequest (4.4.2). */
    private void sendClientCertificate() throws TlsAlertException {
        byte[] context = certificateRequest.requestContext();
        List<Integer> requested = SignatureAlgorithms.decode(
                certificateRequest.extensions().find(ExtensionType.SIGNATURE_ALGORITHMS)).schemes();
        List<SignatureScheme> usable = Negotiation.certificateVerifySchemes13(requested, config.signatureSchemes());
        Set<String> keyTypes = new LinkedHashSet<>();
        usable.forEach(s -> keyTypes.add(s.keyAlgorithm()));
        Credential credential = keyTypes.isEmpty() ? null
                : config.credentials().chooseClientCredential(keyTypes.toArray(new String[0]), issuers());
        SignatureScheme scheme = null;
        if (credential != null) {
            for (SignatureScheme s : usable) {
                if (s.isCompatibleWith(credential.leaf().getPublicKey())) {
                    scheme = s;
                    break;
                }
            }
        }
        if (scheme == null) {
            send(certificateMessage(context, null));
            return;
        }
        session.setLocalCertificates(credential.chain().toArray(new X509Certificate[0]));
        send(certificateMessage(context, credential));
        sendCertificateVerify(false, scheme, credential);
    }

    private X500Principal[] issuers() {
        byte[] data = certificateRequest.extensions().find(ExtensionType.CERTIFICATE_AUTHORITIES);
        if (data == null) {
            return null;
        }
        try {
            List<X500Principal> out = new ArrayList<>();
            for (byte[] dn : CertificateAuthorities.decode(data).distinguishedNames()) {
                out.add(new X500Principal(dn));
            }
            return out.toArray(new X500Principal[0]);
        } catch (TlsAlertException | IllegalArgumentException e) {
            return null; // an unreadable hint: let the key manager choose without it
        }
    }

    private void sendCompatibilityCcsOnce() {
        if (config.middleboxCompatibility() && !sentCompatibilityCcs) {
            io.sendChangeCipherSpec();
            sentCompatibilityCcs = true;
        }
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        config.random().nextBytes(b);
        return b;
    }

    private static List<Integer> codes(List<NamedGroup> groups) {
        List<Integer> out = new ArrayList<>(groups.size());
        groups.forEach(g -> out.add(g.code()));
        return out;
    }

    static List<Integer> schemeCodes(List<SignatureScheme> schemes) {
        List<Integer> out = new ArrayList<>(schemes.size());
        schemes.forEach(s -> out.add(s.code()));
        return out;
    }
}
