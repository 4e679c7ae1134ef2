package dev.keel.tls.session;

import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.ServerName;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What a handshake negotiated, as the application sees it (protocol, suite, certificates, names).
 *
 * <p>Filled in step by step while the handshake runs (it is then the "handshake session" that trust
 * and key managers consult), and frozen once the handshake completes. The JSSE layer wraps it in an
 * {@code SSLSession}; {@link #attachment()} lets it keep that wrapper so the application always sees
 * the same session object.
 */
public final class TlsSession {
    private static final byte[] NO_ID = new byte[0];
    /**
     * Lists that many sessions hold equal copies of (the signature schemes every client of one kind
     * sends), in a small direct-mapped table so that sessions share one copy (retained heap, issue 7).
     * A slot keeps the latest list that hashed to it: unusual lists from a peer only replace entries,
     * they cannot grow the table.
     */
    private static final AtomicReferenceArray<List<?>> SHARED_LISTS = new AtomicReferenceArray<>(64);

    private final String peerHost;
    private final int peerPort;
    private volatile long creationTime = System.currentTimeMillis();
    private volatile long lastAccessedTime = creationTime;
    private volatile boolean resumed;

    private volatile byte[] id = NO_ID;
    /** Set by {@link #setRandomIdOnFirstUse}: the source of the id, drawn when first asked for. */
    private volatile SecureRandom idSource;
    private volatile ProtocolVersion protocol;
    private volatile CipherSuite cipherSuite;
    private volatile X509Certificate[] peerCertificates;
    private volatile X509Certificate[] localCertificates;
    private volatile List<ServerName> requestedServerNames = List.of();
    private volatile List<SignatureScheme> peerSignatureSchemes = List.of();
    private volatile List<SignatureScheme> localSignatureSchemes = List.of();
    private volatile String applicationProtocol;
    private volatile NamedGroup namedGroup;
    private volatile boolean helloRetryRequested;
    private volatile byte[] masterSecret;
    private volatile boolean extendedMasterSecret;
    private volatile boolean valid = true;
    private volatile Object attachment;

    public TlsSession(String peerHost, int peerPort) {
        this.peerHost = peerHost;
        this.peerPort = peerPort;
    }

    public String peerHost() {
        return peerHost;
    }

    public int peerPort() {
        return peerPort;
    }

    public long creationTime() {
        return creationTime;
    }

    /**
     * A resumed session reports the creation time of the full handshake that established it
     * (JSSE: a resumed {@code SSLSession} is the same session).
     */
    public void setCreationTime(long creationTime) {
        this.creationTime = creationTime;
    }

    /**
     * True when this connection resumed an earlier session (TLS 1.3 PSK, RFC 8446 2.2; TLS 1.2
     * abbreviated handshake, RFC 5246 7.3) instead of running a full handshake: no certificate was
     * exchanged, and the peer certificates are those of the original handshake.
     */
    public boolean resumed() {
        return resumed;
    }

    public void setResumed(boolean resumed) {
        this.resumed = resumed;
    }

    public long lastAccessedTime() {
        return lastAccessedTime;
    }

    public void touch() {
        lastAccessedTime = System.currentTimeMillis();
    }

    /** The session id: empty when there is none. */
    public byte[] id() {
        byte[] i = id;
        if (i.length == 0 && idSource != null) {
            i = drawId();
        }
        return i.clone();
    }

    public void setId(byte[] id) {
        this.id = id.clone();
        this.idSource = null;
    }

    /**
     * Gives the session a random 32-byte id (a TLS 1.3 session, or a TLS 1.2 one the server gave no id,
     * still has one for {@code SSLSession.getId()}), drawn from {@code random} the first time it is
     * asked for: most sessions are never asked, and keep no id (retained heap, issue 7).
     */
    public void setRandomIdOnFirstUse(SecureRandom random) {
        this.idSource = random;
    }

    private synchronized byte[] drawId() {
        SecureRandom random = idSource;
        if (random != null) {
            byte[] drawn = new byte[32];
            random.nextBytes(drawn);
            id = drawn;
            idSource = null;
        }
        return id;
    }

    /** Negotiated protocol, or {@code null} before ServerHello. */
    public ProtocolVersion protocol() {
        return protocol;
    }

    public void setProtocol(ProtocolVersion protocol) {
        this.protocol = protocol;
    }

    /** Negotiated suite, or {@code null} before ServerHello. */
    public CipherSuite cipherSuite() {
        return cipherSuite;
    }

    public void setCipherSuite(CipherSuite cipherSuite) {
        this.cipherSuite = cipherSuite;
    }

    /** The peer's chain, leaf first, or {@code null} when the peer did not authenticate. */
    public X509Certificate[] peerCertificates() {
        return peerCertificates == null ? null : peerCertificates.clone();
    }

    public void setPeerCertificates(X509Certificate[] chain) {
        this.peerCertificates = chain == null ? null : chain.clone();
    }

    /** The chain we sent, or {@code null} when we sent none. */
    public X509Certificate[] localCertificates() {
        return localCertificates == null ? null : localCertificates.clone();
    }

    public void setLocalCertificates(X509Certificate[] chain) {
        this.localCertificates = chain == null ? null : chain.clone();
    }

    /** Server names the client requested (SNI); on the client, the names it sent. */
    public List<ServerName> requestedServerNames() {
        return requestedServerNames;
    }

    public void setRequestedServerNames(List<ServerName> names) {
        this.requestedServerNames = shared(names);
    }

    /** Signature schemes the peer said it accepts (its signature_algorithms). */
    public List<SignatureScheme> peerSignatureSchemes() {
        return peerSignatureSchemes;
    }

    public void setPeerSignatureSchemes(List<SignatureScheme> schemes) {
        this.peerSignatureSchemes = shared(schemes);
    }

    /** Signature schemes we said we accept. */
    public List<SignatureScheme> localSignatureSchemes() {
        return localSignatureSchemes;
    }

    public void setLocalSignatureSchemes(List<SignatureScheme> schemes) {
        this.localSignatureSchemes = shared(schemes);
    }

    /** Negotiated ALPN protocol; {@code ""} when none was negotiated, {@code null} when not known yet. */
    public String applicationProtocol() {
        return applicationProtocol;
    }

    public void setApplicationProtocol(String protocol) {
        this.applicationProtocol = protocol;
    }

    /** The key exchange group of the handshake, or {@code null} before it is known. */
    public NamedGroup namedGroup() {
        return namedGroup;
    }

    public void setNamedGroup(NamedGroup group) {
        this.namedGroup = group;
    }

    /** True when the server asked for another key share with a HelloRetryRequest (RFC 8446 4.1.4). */
    public boolean helloRetryRequested() {
        return helloRetryRequested;
    }

    public void setHelloRetryRequested(boolean v) {
        this.helloRetryRequested = v;
    }

    /**
     * TLS 1.2: the session's master secret (RFC 5246 8.1), kept for the RFC 5705 exporter and, later,
     * resumption; {@code null} for TLS 1.3 sessions and before it is derived. A copy.
     */
    public byte[] masterSecret() {
        byte[] m = masterSecret;
        return m == null ? null : m.clone();
    }

    public void setMasterSecret(byte[] masterSecret) {
        this.masterSecret = masterSecret == null ? null : masterSecret.clone();
    }

    /** TLS 1.2: whether the master secret is the extended one (RFC 7627). */
    public boolean extendedMasterSecret() {
        return extendedMasterSecret;
    }

    public void setExtendedMasterSecret(boolean v) {
        this.extendedMasterSecret = v;
    }

    public boolean isValid() {
        return valid;
    }

    public void invalidate() {
        valid = false;
    }

    /** An immutable copy of {@code list}, or an equal one already shared by other sessions. */
    @SuppressWarnings("unchecked")
    private static <T> List<T> shared(List<T> list) {
        List<T> copy = List.copyOf(list);
        if (copy.isEmpty()) {
            return copy; // List.of() is a single instance already
        }
        int h = copy.hashCode();
        int slot = (h ^ (h >>> 16)) & (SHARED_LISTS.length() - 1);
        List<?> known = SHARED_LISTS.get(slot);
        if (copy.equals(known)) {
            return (List<T>) known; // equal and non-empty: the same element type
        }
        SHARED_LISTS.set(slot, copy);
        return copy;
    }

    /** An object the JSSE layer keeps with this session (its SSLSession wrapper). */
    public Object attachment() {
        return attachment;
    }

    public void setAttachment(Object attachment) {
        this.attachment = attachment;
    }
}
