package dev.keel.tls.handshake;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.SupportedVersionsClient;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TlsSession;
import java.util.List;

/**
 * The server side of a handshake, whichever version the client's ClientHello leads to: the connection
 * drives this object, which reads the first ClientHello, chooses the version (RFC 8446 4.2.1, RFC 8996,
 * RFC 7507) and hands the ClientHello to {@link ServerHandshake13} or {@link ServerHandshake12}.
 */
public final class ServerHandshake extends VersionDispatch {

    public ServerHandshake(TlsConfig config, HandshakeIo io, TlsSession session) {
        this(config, io, session, null);
    }

    /** @param store sessions to resume and tickets to keep or issue; {@code null}: never resume */
    public ServerHandshake(TlsConfig config, HandshakeIo io, TlsSession session, SessionStore store) {
        super(config, io, session, store);
    }

    @Override
    public void start() {
        // A server waits for the ClientHello.
    }

    @Override
    public void handle(RawHandshake message) throws TlsAlertException {
        if (current != null) {
            current.handle(message);
            return;
        }
        if (message.type() != HandshakeType.CLIENT_HELLO.code()) {
            HandshakeType got = message.handshakeType();
            throw TlsAlertException.unexpectedMessage("received " + (got == null ? "unknown handshake type "
                    + message.type() : got.rfcName()) + " before ClientHello");
        }
        // Decoded once here, and handed to the chosen version's state machine with the wire bytes.
        ClientHello ch = ClientHello.decode(message.reader());
        List<ProtocolVersion> usable = Negotiation.usableVersions(config.protocols(), config.cipherSuites());
        if (versionFor(ch, usable) == ProtocolVersion.TLS13) {
            ServerHandshake13 tls13 = new ServerHandshake13(config, io, session, store);
            current = tls13;
            tls13.start();
            tls13.onClientHello(message, ch);
        } else {
            // RFC 8446 4.1.3: a server that could do TLS 1.3 marks its random when it settles for 1.2.
            ServerHandshake12 tls12 = new ServerHandshake12(config, io, session, store,
                    usable.contains(ProtocolVersion.TLS13));
            current = tls12;
            tls12.start();
            tls12.onClientHello(message, ch);
        }
    }

    /** RECVD_CH: the version decides which state machine takes the ClientHello. */
    private static ProtocolVersion versionFor(ClientHello ch, List<ProtocolVersion> usable) throws TlsAlertException {
        byte[] versionsData = ch.extensions().find(ExtensionType.SUPPORTED_VERSIONS);
        List<Integer> offered = versionsData == null ? null : SupportedVersionsClient.decode(versionsData).versions();
        ProtocolVersion version = Negotiation.chooseServerVersion(ch.legacyVersion(), offered, usable);
        Negotiation.checkFallback(ch.cipherSuites(), version, usable);
        return version;
    }
}
