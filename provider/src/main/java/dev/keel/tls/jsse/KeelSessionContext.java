package dev.keel.tls.jsse;

import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TlsSession;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * The session context of one side (client or server) of a Keel {@code SSLContext}: the JSSE view of
 * a core {@link SessionStore}, which keeps what resumption needs.
 *
 * <ul>
 *   <li>Client: the sessions (TLS 1.3 tickets, TLS 1.2 session ids / tickets) per peer (host, port)
 *       of the engines created with {@code createSSLEngine(host, port)} (sockets: the host and port
 *       connected to). {@link #getIds()} / {@link #getSession(byte[])} list them.</li>
 *   <li>Server: the TLS 1.2 session-id cache, and the keys that seal tickets. TLS 1.3 tickets keep
 *       no state on the server, so TLS 1.3 sessions are not listed here.</li>
 * </ul>
 * {@link #setSessionTimeout} bounds how long a session can be resumed (and the lifetime of the
 * tickets a server issues, at most seven days); {@link #setSessionCacheSize} the number of peers
 * (client) or session ids (server) kept. {@code SSLSession.invalidate()} stops a session from being
 * resumed through this context (a server cannot recall TLS 1.3 tickets it already issued; rotating
 * keys through {@link #store()} does that).
 *
 * <p>Keel extension: {@link #store()} gives the core store, with its ticket keys
 * ({@code store().ticketKeys().rotate()}), its clock and its policy switches.
 */
public final class KeelSessionContext implements SSLSessionContext {
    /** SunJSSE's defaults: one day, 20480 entries. */
    static final int DEFAULT_TIMEOUT_SECONDS = 24 * 60 * 60;
    static final int DEFAULT_CACHE_SIZE = 20480;

    private final SessionStore store;
    private volatile int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    private volatile int cacheSize = DEFAULT_CACHE_SIZE;

    KeelSessionContext(boolean client) {
        this.store = SessionStore.systemClock(new SecureRandom(), DEFAULT_CACHE_SIZE, DEFAULT_TIMEOUT_SECONDS);
        TlsSystemProperties.applyResumptionProperties(store, client);
    }

    /** The core session store behind this context. */
    public SessionStore store() {
        return store;
    }

    @Override
    public SSLSession getSession(byte[] sessionId) {
        if (sessionId == null) {
            throw new NullPointerException("session id cannot be null");
        }
        TlsSession s = store.cache().session(sessionId);
        return s == null ? null : KeelSSLSession.of(s, this);
    }

    @Override
    public Enumeration<byte[]> getIds() {
        List<byte[]> ids = new ArrayList<>();
        for (TlsSession s : store.cache().sessions()) {
            ids.add(s.id());
        }
        return Collections.enumeration(ids);
    }

    @Override
    public void setSessionTimeout(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + seconds);
        }
        timeoutSeconds = seconds;
        store.setTimeoutSeconds(seconds);
    }

    @Override
    public int getSessionTimeout() {
        return timeoutSeconds;
    }

    @Override
    public void setSessionCacheSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("cache size must not be negative: " + size);
        }
        cacheSize = size;
        store.cache().setMaxSize(size);
    }

    @Override
    public int getSessionCacheSize() {
        return cacheSize;
    }

    /** Forgets a session (after {@code SSLSession.invalidate()}). */
    void remove(TlsSession session) {
        store.cache().remove(session);
    }
}
