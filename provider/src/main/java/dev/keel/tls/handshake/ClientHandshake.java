package dev.keel.tls.handshake;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TlsSession;
import java.util.List;

/**
 * The client side of a handshake, whichever version the server picks: the connection drives this
 * object, which runs {@link ClientHandshake13} or {@link ClientHandshake12}.
 *
 * <p>Version negotiation (RFC 8446 4.1.3, 4.2.1): when TLS 1.3 can be offered, {@link ClientHandshake13}
 * sends the one ClientHello, offering TLS 1.2 as well when that is enabled. A ServerHello without
 * supported_versions means the server chose TLS 1.2 (or older): this class then hands the handshake to a
 * {@link ClientHandshake12} that continues from the same ClientHello (which checks the version, and the
 * TLS 1.3 downgrade sentinel since TLS 1.3 was offered). A ServerHello with supported_versions, or a
 * HelloRetryRequest, stays with {@link ClientHandshake13}. When only TLS 1.2 can be offered,
 * {@link ClientHandshake12} runs from the start.
 */
public final class ClientHandshake extends VersionDispatch {
    /** The TLS 1.3 client while a ServerHello may still hand over to TLS 1.2; null afterwards. */
    private ClientHandshake13 tls13;
    private boolean offersTls12;

    public ClientHandshake(TlsConfig config, HandshakeIo io, TlsSession session) {
        this(config, io, session, null);
    }

    /** @param store sessions to resume and tickets to keep or issue; {@code null}: never resume */
    public ClientHandshake(TlsConfig config, HandshakeIo io, TlsSession session, SessionStore store) {
        super(config, io, session, store);
    }

    @Override
    public void start() throws TlsAlertException {
        if (current != null) {
            return;
        }
        List<ProtocolVersion> versions = Negotiation.usableVersions(config.protocols(), config.cipherSuites());
        if (versions.isEmpty()) {
            throw TlsAlertException.handshakeFailure("no protocol version can be offered: enabled versions "
                    + Negotiation.versionList(config.protocols()) + " have no enabled cipher suite among "
                    + config.cipherSuites());
        }
        offersTls12 = versions.contains(ProtocolVersion.TLS12);
        if (versions.contains(ProtocolVersion.TLS13)) {
            tls13 = new ClientHandshake13(config, io, session, store);
            current = tls13;
        } else {
            current = new ClientHandshake12(config, io, session, store);
        }
        current.start();
    }

    @Override
    public void handle(RawHandshake message) throws TlsAlertException {
        if (tls13 != null && offersTls12 && message.type() == HandshakeType.SERVER_HELLO.code()
                && tls13.awaitingFirstServerHello()) {
            ServerHello sh = ServerHello.decode(message.reader());
            if (!sh.extensions().contains(ExtensionType.SUPPORTED_VERSIONS)) {
                // RFC 8446 4.1.3: no supported_versions, so the server negotiated TLS 1.2 or older.
                ClientHandshake12 tls12 = ClientHandshake12.continuing(config, io, session, store,
                        tls13.firstClientHello(), tls13.resumption12());
                tls13.abandonForTls12();
                tls13 = null;
                current = tls12;
            }
        }
        if (current == null) {
            throw TlsAlertException.unexpectedMessage("handshake message before the handshake started");
        }
        current.handle(message);
        if (tls13 != null && !tls13.awaitingFirstServerHello()) {
            tls13 = null; // TLS 1.3 it is
        }
    }
}
