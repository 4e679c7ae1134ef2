package dev.keel.tls.jsse;

import dev.keel.tls.connection.TlsConnection;
import dev.keel.tls.session.TlsSession;
import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSessionBindingEvent;
import javax.net.ssl.SSLSessionBindingListener;
import javax.net.ssl.SSLSessionContext;

/**
 * The {@code SSLSession} view of a core {@link TlsSession}. There is exactly one wrapper per
 * TlsSession (kept in {@link TlsSession#attachment()}), so the application sees the same object from
 * {@code getHandshakeSession()} during the handshake and {@code getSession()} after it, and values it
 * put on the session stay there.
 *
 * <p>Before a handshake completes, engines return a {@linkplain #nullSession() null session}, as
 * SunJSSE does: invalid, protocol "NONE", suite "SSL_NULL_WITH_NULL_NULL".
 */
public final class KeelSSLSession extends ExtendedSSLSession {
    /** The suite name JSSE reports before a suite is negotiated. */
    public static final String NULL_CIPHER_SUITE = "SSL_NULL_WITH_NULL_NULL";
    /** The protocol name JSSE reports before a protocol is negotiated. */
    public static final String NULL_PROTOCOL = "NONE";

    private final TlsSession session;
    private final SSLSessionContext context;
    /** Application values; made by the first putValue, as most sessions never get one (retained heap, issue 7). */
    private volatile Map<String, Object> values;

    private KeelSSLSession(TlsSession session, SSLSessionContext context) {
        this.session = session;
        this.context = context;
    }

    /** The one wrapper of {@code session}, created on first use. */
    public static KeelSSLSession of(TlsSession session, SSLSessionContext context) {
        synchronized (session) {
            if (session.attachment() instanceof KeelSSLSession existing) {
                return existing;
            }
            KeelSSLSession created = new KeelSSLSession(session, context);
            session.setAttachment(created);
            return created;
        }
    }

    /** A new invalid placeholder session: what {@code getSession()} returns before a handshake. */
    public static KeelSSLSession nullSession() {
        TlsSession empty = new TlsSession(null, -1);
        empty.invalidate();
        return of(empty, null);
    }

    /** The core session behind this view. */
    public TlsSession tlsSession() {
        return session;
    }

    @Override
    public byte[] getId() {
        return session.id();
    }

    @Override
    public SSLSessionContext getSessionContext() {
        return context;
    }

    @Override
    public long getCreationTime() {
        return session.creationTime();
    }

    @Override
    public long getLastAccessedTime() {
        return session.lastAccessedTime();
    }

    @Override
    public void invalidate() {
        session.invalidate();
        if (context instanceof KeelSessionContext keel) {
            keel.remove(session); // no longer resumable, and its secrets are wiped
        }
    }

    /**
     * Keel extension: true when the handshake of this session resumed an earlier one (TLS 1.3 PSK or
     * TLS 1.2 abbreviated handshake) instead of authenticating with certificates again. The peer
     * certificates, cipher suite and creation time reported are then the original session's. Also
     * available to code that only sees {@code SSLSession} as the value {@link #RESUMED_VALUE}
     * ({@code Boolean}).
     */
    public boolean isResumed() {
        return session.resumed();
    }

    /** The session value name under which {@link #getValue} reports {@link #isResumed()}. */
    public static final String RESUMED_VALUE = "dev.keel.tls.resumed";

    @Override
    public boolean isValid() {
        return session.isValid();
    }

    @Override
    public void putValue(String name, Object value) {
        if (name == null || value == null) {
            throw new IllegalArgumentException("name and value must not be null");
        }
        Object old = writableValues().put(name, value);
        if (old instanceof SSLSessionBindingListener l) {
            l.valueUnbound(new SSLSessionBindingEvent(this, name));
        }
        if (value instanceof SSLSessionBindingListener l) {
            l.valueBound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public Object getValue(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        Map<String, Object> v = values;
        if (RESUMED_VALUE.equals(name) && (v == null || !v.containsKey(name))) {
            return session.resumed();
        }
        return v == null ? null : v.get(name);
    }

    @Override
    public void removeValue(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        Map<String, Object> v = values;
        Object old = v == null ? null : v.remove(name);
        if (old instanceof SSLSessionBindingListener l) {
            l.valueUnbound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public String[] getValueNames() {
        Map<String, Object> v = values;
        return v == null ? new String[0] : v.keySet().toArray(new String[0]);
    }

    private Map<String, Object> writableValues() {
        Map<String, Object> v = values;
        if (v == null) {
            synchronized (this) {
                v = values;
                if (v == null) {
                    v = new ConcurrentHashMap<>();
                    values = v;
                }
            }
        }
        return v;
    }

    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        X509Certificate[] chain = session.peerCertificates();
        if (chain == null || chain.length == 0) {
            throw new SSLPeerUnverifiedException("peer not authenticated");
        }
        return chain;
    }

    @Override
    public Certificate[] getLocalCertificates() {
        X509Certificate[] chain = session.localCertificates();
        return chain == null || chain.length == 0 ? null : chain;
    }

    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        return ((X509Certificate) getPeerCertificates()[0]).getSubjectX500Principal();
    }

    @Override
    public Principal getLocalPrincipal() {
        Certificate[] chain = getLocalCertificates();
        return chain == null ? null : ((X509Certificate) chain[0]).getSubjectX500Principal();
    }

    @Override
    public String getCipherSuite() {
        return session.cipherSuite() == null ? NULL_CIPHER_SUITE : session.cipherSuite().javaName();
    }

    @Override
    public String getProtocol() {
        return session.protocol() == null ? NULL_PROTOCOL : session.protocol().javaName();
    }

    @Override
    public String getPeerHost() {
        return session.peerHost();
    }

    @Override
    public int getPeerPort() {
        return session.peerPort();
    }

    @Override
    public int getPacketBufferSize() {
        return TlsConnection.MAX_PACKET_SIZE;
    }

    @Override
    public int getApplicationBufferSize() {
        return TlsConnection.MAX_PLAINTEXT_SIZE;
    }

    @Override
    public String[] getLocalSupportedSignatureAlgorithms() {
        return SignatureAlgorithmNames.jcaNames(session.localSignatureSchemes());
    }

    @Override
    public String[] getPeerSupportedSignatureAlgorithms() {
        return SignatureAlgorithmNames.jcaNames(session.peerSignatureSchemes());
    }

    @Override
    public List<byte[]> getStatusResponses() {
        // No OCSP stapling (status_request) yet. The JDK's trust manager calls this on every check,
        // and ExtendedSSLSession's default throws UnsupportedOperationException.
        return List.of();
    }

    @Override
    public List<SNIServerName> getRequestedServerNames() {
        return List.copyOf(ServerNames.toJsse(session.requestedServerNames()));
    }

    @Override
    public String toString() {
        return "KeelSSLSession[" + getProtocol() + ", " + getCipherSuite() + "]";
    }
}
