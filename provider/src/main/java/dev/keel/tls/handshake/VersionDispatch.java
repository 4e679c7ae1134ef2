package dev.keel.tls.handshake;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TlsSession;

/**
 * What {@link ClientHandshake} and {@link ServerHandshake} share: they pick the version's state machine
 * ({@link #current}) and then pass everything on to it.
 */
abstract class VersionDispatch implements HandshakeProtocol {
    protected final TlsConfig config;
    protected final HandshakeIo io;
    protected final TlsSession session;
    /** Sessions to resume and tickets to keep or issue; {@code null}: never resume. */
    protected final SessionStore store;
    /** The state machine of the chosen version; {@code null} until it is known. */
    protected HandshakeProtocol current;

    VersionDispatch(TlsConfig config, HandshakeIo io, TlsSession session, SessionStore store) {
        this.config = config;
        this.io = io;
        this.session = session;
        this.store = store;
    }

    @Override
    public void changeCipherSpec() throws TlsAlertException {
        if (current == null) {
            HandshakeProtocol.super.changeCipherSpec();
            return;
        }
        current.changeCipherSpec();
    }

    @Override
    public boolean isComplete() {
        return current != null && current.isComplete();
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return current != null && current.acceptsChangeCipherSpec();
    }

    @Override
    public TlsSession session() {
        return session;
    }

    @Override
    public PostHandshakeState postHandshakeState() {
        return current == null ? null : current.postHandshakeState();
    }
}
