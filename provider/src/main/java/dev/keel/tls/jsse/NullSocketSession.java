package dev.keel.tls.jsse;

import java.security.Principal;
import java.security.cert.Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * The session {@link KeelSSLSocket#getSession()} returns when no handshake could be completed: never
 * valid, no peer identity, cipher suite {@code SSL_NULL_WITH_NULL_NULL} and protocol {@code NONE}, the
 * names JSSE uses for "no session". Callers such as {@code HttpsURLConnection} check
 * {@link #isValid()} or the cipher suite instead of catching an exception.
 */
final class NullSocketSession implements SSLSession {
    static final String NULL_CIPHER_SUITE = "SSL_NULL_WITH_NULL_NULL";
    static final String NO_PROTOCOL = "NONE";

    private final String peerHost;
    private final int peerPort;
    private final int packetBufferSize;
    private final int applicationBufferSize;
    private final long creationTime = System.currentTimeMillis();

    NullSocketSession(String peerHost, int peerPort, int packetBufferSize, int applicationBufferSize) {
        this.peerHost = peerHost;
        this.peerPort = peerPort;
        this.packetBufferSize = packetBufferSize;
        this.applicationBufferSize = applicationBufferSize;
    }

    @Override
    public byte[] getId() {
        return new byte[0];
    }

    @Override
    public SSLSessionContext getSessionContext() {
        return null;
    }

    @Override
    public long getCreationTime() {
        return creationTime;
    }

    @Override
    public long getLastAccessedTime() {
        return creationTime;
    }

    @Override
    public void invalidate() {
        // Never valid.
    }

    @Override
    public boolean isValid() {
        return false;
    }

    @Override
    public void putValue(String name, Object value) {
        // A session that does not exist keeps no values.
    }

    @Override
    public Object getValue(String name) {
        return null;
    }

    @Override
    public void removeValue(String name) {
        // Nothing stored.
    }

    @Override
    public String[] getValueNames() {
        return new String[0];
    }

    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException("Peer not authenticated: no handshake completed");
    }

    @Override
    public Certificate[] getLocalCertificates() {
        return null;
    }

    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException("Peer not authenticated: no handshake completed");
    }

    @Override
    public Principal getLocalPrincipal() {
        return null;
    }

    @Override
    public String getCipherSuite() {
        return NULL_CIPHER_SUITE;
    }

    @Override
    public String getProtocol() {
        return NO_PROTOCOL;
    }

    @Override
    public String getPeerHost() {
        return peerHost;
    }

    @Override
    public int getPeerPort() {
        return peerPort;
    }

    @Override
    public int getPacketBufferSize() {
        return packetBufferSize;
    }

    @Override
    public int getApplicationBufferSize() {
        return applicationBufferSize;
    }
}
