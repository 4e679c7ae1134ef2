package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.ClientAuth;
import dev.keel.tls.config.Credential;
import dev.keel.tls.config.ServerNameMatcher;
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
import dev.keel.tls.session.TlsSession;
import java.security.cert.CertificateException;
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

    public ServerHandshake13(TlsConfig config, HandshakeIo io, TlsSession session) {
        super(config, io, session);
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

    /** The resumption master secret (RFC 8446 7.1), for tickets; null before the handshake completes. */
    public byte[] resumptionMasterSecret() {
        return resumptionMasterSecret == null ? null : resumptionMasterSecret.clone();
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
            default -> expect(m, state.name());
        }
    }

    // ---- RECVD_CH: check the offer (RFC 8446 4.1.2, 4.2) ----

    private void onClientHello(RawHandshake m) throws TlsAlertException {
        ClientHello ch = ClientHello.decode(m.reader());
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
            if (!clientGroups.contains(e.group())) {
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
                    + clientGroups + ", this server enables " + config.namedGroups());
        }
        suite = chosen;
        transcript.setHash(suite.hash());
        transcript.update(m.wire());
        if (group.share() == null) {
            sendHelloRetryRequest(ch, group);
            return;
        }
        negotiate(ch, group.share());
    }

    private void checkVersion(Extensions ext) throws TlsAlertException {
        byte[] versions = ext.find(ExtensionType.SUPPORTED_VERSIONS);
        if (versions == null) {
            throw new TlsAlertException(AlertDescription.PROTOCOL_VERSION,
                    "client offers only TLS 1.2 or older (no supported_versions); this server requires TLS 1.3");
        }
        List<Integer> offered = SupportedVersionsClient.decode(versions).versions();
        if (!offered.contains(ProtocolVersion.TLS13.code()) || !config.protocols().contains(ProtocolVersion.TLS13)) {
            throw new TlsAlertException(AlertDescription.PROTOCOL_VERSION,
                    "no protocol version in common: the client offers " + versionNames(offered)
                            + ", this server enables " + config.protocols());
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
        transcript.update(m.wire());
        negotiate(ch, shares.get(0));
    }

    // ---- NEGOTIATED: our flight (RFC 8446 4.1.3, 4.3, 4.4) ----

    private void negotiate(ClientHello ch, KeyShareEntry clientShare) throws TlsAlertException {
        Extensions ext = ch.extensions();
        List<Integer> peerSchemes = SignatureAlgorithms.decode(ext.find(ExtensionType.SIGNATURE_ALGORITHMS)).schemes();
        session.setPeerSignatureSchemes(Negotiation.knownSchemes(peerSchemes));
        session.setLocalSignatureSchemes(config.signatureSchemes());
        boolean sniAccepted = acceptServerName(ext);
        String alpn = chooseAlpn(ext);
        session.setApplicationProtocol(alpn);
        ServerCredential credential = chooseCredential(peerSchemes);

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
        List<Extension> shExt = List.of(
                new Extension(ExtensionType.SUPPORTED_VERSIONS, new SupportedVersionsServer(ProtocolVersion.TLS13.code()).encode()),
                new Extension(ExtensionType.KEY_SHARE,
                        new KeyShareServerHello(new KeyShareEntry(clientShare.group(), serverPublic)).encode()));
        send(new ServerHello(0x0303, random, ch.legacySessionId(), suite.code(), 0, Extensions.of(shExt)));
        sendCompatibilityCcsOnce(ch);

        keySchedule = new KeySchedule13(suite);
        keySchedule.deriveEarlySecret(null);
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
        boolean requestClientCertificate = config.clientAuth() != ClientAuth.NONE;
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
        session.setLocalCertificates(credential.credential().chain().toArray(new X509Certificate[0]));
        send(certificateMessage(new byte[0], credential.credential()));
        sendCertificateVerify(true, credential.scheme(), credential.credential());
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

    /** RFC 6066 3 and JSSE SNIMatcher semantics: a name of a type with a matcher must match it. */
    private boolean acceptServerName(Extensions ext) throws TlsAlertException {
        byte[] data = ext.find(ExtensionType.SERVER_NAME);
        if (data == null) {
            return false;
        }
        List<ServerName> names = ServerNameList.decode(data).names();
        session.setRequestedServerNames(names);
        for (ServerName name : names) {
            for (ServerNameMatcher matcher : config.serverNameMatchers()) {
                if (matcher.type() == name.type() && !matcher.matches(name)) {
                    throw new TlsAlertException(AlertDescription.UNRECOGNIZED_NAME,
                            "requested server name " + name + " is not recognized by this server");
                }
            }
        }
        return true;
    }

    private String chooseAlpn(Extensions ext) throws TlsAlertException {
        byte[] data = ext.find(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION);
        if (data == null) {
            return "";
        }
        List<String> offered = ApplicationLayerProtocols.decode(data).protocols();
        return Negotiation.chooseApplicationProtocol(offered, config.applicationProtocols(),
                config.applicationProtocolSelector());
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
        if (config.peerVerifier() == null) {
            throw new TlsAlertException(AlertDescription.CERTIFICATE_UNKNOWN,
                    "no trust manager is configured, so the client cannot be authenticated");
        }
        try {
            config.peerVerifier().verifyClient(clientChain.clone(), clientAuthType(clientChain[0]));
        } catch (CertificateException e) {
            throw CertificateAlerts.rejected("client", e);
        }
        state = State.WAIT_CV;
    }

    /** JSSE names the client's authType after its key algorithm. */
    private static String clientAuthType(X509Certificate leaf) {
        String alg = leaf.getPublicKey().getAlgorithm();
        return switch (alg) {
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> alg;
        };
    }

    private void onClientFinished(RawHandshake m) throws TlsAlertException {
        verifyPeerFinished(m, clientHandshakeSecret);
        resumptionMasterSecret = keySchedule.resumptionMasterSecret(transcript.currentHash());
        io.changeReadKeys(suite, clientApplicationSecret);
        Arrays.fill(clientHandshakeSecret, (byte) 0);
        state = State.CONNECTED;
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
