package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.Credential;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.CertificateEntry;
import dev.keel.tls.message.CertificateMessage13;
import dev.keel.tls.message.CertificateVerify;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.Finished;
import dev.keel.tls.message.HandshakeMessage;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.TlsWriter;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TlsSession;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the TLS 1.3 client and server state machines share: the transcript, the key schedule, sending
 * messages, and the Certificate / CertificateVerify / Finished steps that are symmetric
 * (RFC 8446 4.4).
 */
abstract class Handshake13 implements HandshakeProtocol {
    protected final TlsConfig config;
    protected final HandshakeIo io;
    protected final TlsSession session;
    protected final Transcript transcript = new Transcript();
    protected KeySchedule13 keySchedule;
    protected CipherSuite suite;
    protected byte[] exporterMasterSecret;
    /** Where tickets are kept (client) or sealed (server); {@code null}: no resumption. */
    protected final SessionStore store;
    /** Reused by {@link #encode(HandshakeMessage)}; {@code null} until the first message. */
    private TlsWriter encoder;

    Handshake13(TlsConfig config, HandshakeIo io, TlsSession session, SessionStore store) {
        this.config = config;
        this.io = io;
        this.session = session;
        this.store = store != null && store.enabled() ? store : null;
    }

    @Override
    public TlsSession session() {
        return session;
    }

    /**
     * Encodes, adds to the transcript and queues a message. The messages of a handshake are encoded
     * one after the other in one writer, whose buffer grows once to the largest (the Certificate)
     * rather than once per message.
     */
    protected final void send(HandshakeMessage message) {
        byte[] wire = encode(message);
        transcript.update(wire);
        io.sendHandshake(wire);
    }

    /** A message's wire bytes (header and body), encoded in this handshake's writer. */
    protected final byte[] encode(HandshakeMessage message) {
        if (encoder == null) {
            encoder = new TlsWriter(512);
        }
        message.encode(encoder.reset());
        return encoder.toByteArray();
    }

    /** The single place where a message that the current state does not expect is rejected. */
    protected static void expect(RawHandshake message, String state, HandshakeType allowed)
            throws TlsAlertException {
        if (message.type() != allowed.code()) {
            throw unexpected(message, state, allowed);
        }
    }

    /** {@link #expect(RawHandshake, String, HandshakeType)} for a state that takes either of two. */
    protected static void expect(RawHandshake message, String state, HandshakeType allowed,
            HandshakeType alsoAllowed) throws TlsAlertException {
        if (message.type() != allowed.code() && message.type() != alsoAllowed.code()) {
            throw unexpected(message, state, allowed, alsoAllowed);
        }
    }

    /** For a state that takes no message at all. */
    protected static void expectNothing(RawHandshake message, String state) throws TlsAlertException {
        throw unexpected(message, state);
    }

    private static TlsAlertException unexpected(RawHandshake message, String state, HandshakeType... allowed) {
        HandshakeType got = message.handshakeType();
        return TlsAlertException.unexpectedMessage("received " + (got == null ? "unknown handshake type "
                + message.type() : got.rfcName()) + " in state " + state + ", expected "
                + names(allowed));
    }

    private static String names(HandshakeType[] types) {
        StringBuilder sb = new StringBuilder();
        for (HandshakeType t : types) {
            sb.append(sb.length() == 0 ? "" : " or ").append(t.rfcName());
        }
        return sb.toString();
    }

    /** Our Certificate message for a chosen credential (RFC 8446 4.4.2). */
    protected final CertificateMessage13 certificateMessage(byte[] context, Credential credential)
            throws TlsAlertException {
        List<CertificateEntry> entries = new ArrayList<>();
        if (credential != null) {
            for (X509Certificate c : credential.chain()) {
                try {
                    entries.add(new CertificateEntry(c.getEncoded(), Extensions.empty()));
                } catch (CertificateEncodingException e) {
                    throw TlsAlertException.internalError("cannot encode our own certificate", e);
                }
            }
        }
        return new CertificateMessage13(context, entries);
    }

    /** Signs the transcript so far and sends CertificateVerify (RFC 8446 4.4.3). */
    protected final void sendCertificateVerify(boolean server, SignatureScheme scheme, Credential credential)
            throws TlsAlertException {
        byte[] content = CertificateVerifyContent.build(server, transcript.currentHash());
        byte[] signature = scheme.sign(credential.privateKey(), content, config.random());
        send(new CertificateVerify(scheme.code(), signature));
    }

    /**
     * Checks the peer's CertificateVerify over the transcript up to (not including) it: the scheme must
     * be one we offered, allowed in TLS 1.3, and fit the leaf's key; the signature must verify
     * (decrypt_error otherwise, RFC 8446 4.4.3).
     */
    protected final void verifyPeerCertificateVerify(RawHandshake raw, boolean peerIsServer,
            X509Certificate leaf) throws TlsAlertException {
        CertificateVerify cv = CertificateVerify.decode(raw.reader());
        SignatureScheme scheme = SignatureScheme.fromCode(cv.signatureScheme());
        if (scheme == null || !scheme.allowedInTls13CertificateVerify()
                || !session.localSignatureSchemes().contains(scheme)) {
            throw TlsAlertException.illegalParameter(String.format(
                    "peer signed CertificateVerify with %s, which we did not offer for TLS 1.3",
                    scheme == null ? String.format("unknown scheme 0x%04x", cv.signatureScheme()) : scheme.rfcName()));
        }
        PublicKey key = leaf.getPublicKey(); // once: the JDK's certificate builds its answer per call
        if (!scheme.isCompatibleWith(key)) {
            throw TlsAlertException.illegalParameter("peer signed CertificateVerify with " + scheme.rfcName()
                    + ", which does not fit its certificate's " + key.getAlgorithm() + " key");
        }
        byte[] content = CertificateVerifyContent.build(peerIsServer, transcript.currentHash());
        if (!scheme.verify(key, content, cv.signature())) {
            throw new TlsAlertException(AlertDescription.DECRYPT_ERROR,
                    "the peer's CertificateVerify signature (" + scheme.rfcName() + ") does not verify");
        }
        transcript.update(raw.wire());
    }

    /** Our Finished over the transcript so far, keyed by our handshake traffic secret (RFC 8446 4.4.4). */
    protected final void sendFinished(byte[] ourHandshakeTrafficSecret) {
        byte[] verifyData = KeySchedule13.finishedVerifyData(suite.hash(), ourHandshakeTrafficSecret,
                transcript.currentHash());
        send(new Finished(verifyData));
    }

    /** Checks the peer's Finished in constant time; decrypt_error when it does not match. */
    protected final void verifyPeerFinished(RawHandshake raw, byte[] peerHandshakeTrafficSecret)
            throws TlsAlertException {
        Finished finished = Finished.decode(raw.reader(), suite.hash().length());
        byte[] expected = KeySchedule13.finishedVerifyData(suite.hash(), peerHandshakeTrafficSecret,
                transcript.currentHash());
        if (!MessageDigest.isEqual(expected, finished.verifyData())) {
            throw new TlsAlertException(AlertDescription.DECRYPT_ERROR,
                    "the peer's Finished does not match our transcript (keys or messages differ)");
        }
        transcript.update(raw.wire());
    }

    /** Decodes the peer's certificate chain; an empty one is handled by the caller. */
    protected static X509Certificate[] chainOf(CertificateMessage13 message) throws TlsAlertException {
        List<byte[]> ders = new ArrayList<>(message.entries().size());
        for (CertificateEntry e : message.entries()) {
            ders.add(e.certData());
        }
        return PeerCertificates.decode(ders);
    }
}
