package dev.keel.tls.jsse;

import java.util.Collections;
import java.util.Enumeration;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * The session context of one side (client or server) of a Keel {@code SSLContext}. Keel does not
 * resume sessions yet, so the context holds no sessions; it keeps the application's timeout and
 * cache size settings so that code configuring them works, and resumption will use them.
 */
final class KeelSessionContext implements SSLSessionContext {
    /** SunJSSE's defaults: one day, 20480 entries. */
    static final int DEFAULT_TIMEOUT_SECONDS = 24 * 60 * 60;
    static final int DEFAULT_CACHE_SIZE = 20480;

    private volatile int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    private volatile int cacheSize = DEFAULT_CACHE_SIZE;

    @Override
    public SSLSession getSession(byte[] sessionId) {
        if (sessionId == null) {
            throw new NullPointerException("session id cannot be null");
        }
        return null;
    }

    @Override
    public Enumeration<byte[]> getIds() {
        return Collections.emptyEnumeration();
    }

    @Override
    public void setSessionTimeout(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + seconds);
        }
        timeoutSeconds = seconds;
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
    }

    @Override
    public int getSessionCacheSize() {
        return cacheSize;
    }
}
