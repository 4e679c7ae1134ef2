package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.Credential;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.Prf12;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.CertificateMessage12;
import dev.keel.tls.message.CertificateVerify;
import dev.keel.tls.message.Finished;
import dev.keel.tls.message.HandshakeMessage;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.session.TlsSession;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the TLS 1.2 client and server state machines share (RFC 5246 7.3, 7.4, 8.1): the transcript,
 * the master secret (extended, RFC 7627, when negotiated) and key block, the ChangeCipherSpec / Finished
 * exchange, and the TLS 1.2 Certificate and CertificateVerify steps.
 *
 * <p>The transcript keeps the messages themselves, because a TLS 1.2 CertificateVerify signs the
 * concatenated handshake messages, not their hash (RFC 5246 7.4.8); a handshake is a few kilobytes and
 * the transcript is dropped when the handshake completes ({@link #handshakeDone()}).
 */
abstract class Handshake12 implements HandshakeProtocol {
    protected final TlsConfig config;
    protected final HandshakeIo io;
    protected final TlsSession session;
    /** Every handshake message so far; {@code null} once the handshake is over. */
    protected Transcript transcript = new Transcript(true);
    protected CipherSuite suite;
    protected byte[] clientRandom;
    protected byte[] serverRandom;
    protected boolean extendedMasterSecret;
    private Prf12 prf;
    private byte[] masterSecret;
    private Prf12.AeadKeys keys;
    private boolean readKeysInstalled;
    private boolean writeKeysInstalled;
    /** RFC 5746 3.1: the verify_data of both Finished messages, for a future secure renegotiation. */
    protected byte[] clientVerifyData;
    protected byte[] serverVerifyData;

    /** Sessions to resume and tickets (client) or the server's cache and ticket keys; {@code null}: none. */
    protected final SessionStore store;

    Handshake12(TlsConfig config, HandshakeIo io, TlsSession session, SessionStore store) {
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
     * RFC 5705 4: the exporter is {@code PRF(master_secret, label, client_random + server_random
     * [+ context])}. Without the extended master secret the result is not bound to this connection
     * alone (RFC 7627 5.4); Keel requires it by default.
     */
    @Override
    public PostHandshakeState postHandshakeState() {
        if (!isComplete()) {
            return null;
        }
        return PostHandshakeState.tls12(suite, masterSecret, clientRandom, serverRandom, session);
    }

    /** The suite is chosen: fixes the transcript and PRF hash (RFC 5246 5, 7.4.9). */
    protected final void suiteNegotiated(CipherSuite chosen) {
        suite = chosen;
        prf = new Prf12(chosen.hash());
        transcript.setHash(chosen.hash());
    }

    /** Encodes, adds to the transcript and queues a message. */
    protected final void send(HandshakeMessage message) {
        byte[] wire = message.encode();
        transcript.update(wire);
        io.sendHandshake(wire);
    }

    /** The single place where a message that the current state does not expect is rejected. */
    protected static void expect(RawHandshake message, String state, HandshakeType... allowed)
            throws TlsAlertException {
        for (HandshakeType t : allowed) {
            if (message.type() == t.code()) {
                return;
            }
        }
        HandshakeType got = message.handshakeType();
        StringBuilder names = new StringBuilder();
        for (HandshakeType t : allowed) {
            names.append(names.length() == 0 ? "" : " or ").append(t.rfcName());
        }
        throw TlsAlertException.unexpectedMessage("received " + (got == null ? "unknown handshake type "
                + message.type() : got.rfcName()) + " in TLS 1.2 state " + state
                + (allowed.length == 0 ? "" : ", expected " + names));
    }

    /** ChangeCipherSpec outside WAIT_CHANGE_CIPHER_SPEC, e.g. before the key exchange (RFC 5246 7.1). */
    protected static TlsAlertException unexpectedChangeCipherSpec(String state) {
        return TlsAlertException.unexpectedMessage("received change_cipher_spec in TLS 1.2 state " + state
                + ": it may only follow the key exchange (RFC 5246 7.1, 7.3)");
    }

    // ---- master secret and keys (RFC 5246 6.3, 8.1; RFC 7627 4) ----

    /**
     * Derives the master secret from {@code preMasterSecret} (wiped here) once ClientKeyExchange is in
     * the transcript, and the key block from it. With the extended master secret the seed is the
     * session hash, Hash(ClientHello .. ClientKeyExchange) (RFC 7627 3, 4).
     */
    protected final void deriveKeys(byte[] preMasterSecret) {
        try {
            masterSecret = extendedMasterSecret
                    ? prf.extendedMasterSecret(preMasterSecret, transcript.currentHash())
                    : prf.masterSecret(preMasterSecret, clientRandom, serverRandom);
        } finally {
            Arrays.fill(preMasterSecret, (byte) 0);
        }
        keys = prf.keyBlock(masterSecret, clientRandom, serverRandom, suite.aead());
        session.setMasterSecret(masterSecret);
        session.setExtendedMasterSecret(extendedMasterSecret);
    }

    /**
     * An abbreviated handshake (RFC 5246 7.3, F.1.4): the master secret is the resumed session's
     * (copied, and wiped by the caller); only the key block is new, from this handshake's randoms.
     */
    protected final void resumeWithMasterSecret(byte[] resumedMasterSecret) {
        masterSecret = resumedMasterSecret.clone();
        keys = prf.keyBlock(masterSecret, clientRandom, serverRandom, suite.aead());
        session.setMasterSecret(masterSecret);
        session.setExtendedMasterSecret(true);
    }

    /** True once the master secret exists, i.e. after ClientKeyExchange. */
    protected final boolean keysDerived() {
        return masterSecret != null;
    }

    /** Sends ChangeCipherSpec, switches our write keys, then sends Finished (RFC 5246 7.1, 7.4.9). */
    protected final void sendChangeCipherSpecAndFinished(boolean weAreClient) {
        io.sendChangeCipherSpec();
        io.changeWriteKeys12(suite, weAreClient ? keys.clientWriteKey() : keys.serverWriteKey(),
                weAreClient ? keys.clientWriteIv() : keys.serverWriteIv());
        writeKeysInstalled = true;
        byte[] verifyData = weAreClient
                ? prf.clientVerifyData(masterSecret, transcript.currentHash())
                : prf.serverVerifyData(masterSecret, transcript.currentHash());
        if (weAreClient) {
            clientVerifyData = verifyData.clone();
        } else {
            serverVerifyData = verifyData.clone();
        }
        send(new Finished(verifyData));
        wipeKeysWhenDone();
    }

    /** The peer's ChangeCipherSpec: from now on its records are protected (RFC 5246 7.1). */
    protected final void installReadKeys(boolean weAreClient) throws TlsAlertException {
        io.changeReadKeys12(suite, weAreClient ? keys.serverWriteKey() : keys.clientWriteKey(),
                weAreClient ? keys.serverWriteIv() : keys.clientWriteIv());
        readKeysInstalled = true;
        wipeKeysWhenDone();
    }

    private void wipeKeysWhenDone() {
        if (readKeysInstalled && writeKeysInstalled && keys != null) {
            keys.destroy();
            keys = null;
        }
    }

    /**
     * Checks the peer's Finished (12 bytes, RFC 5246 7.4.9) in constant time against the transcript
     * up to it: decrypt_error when it does not match.
     */
    protected final void verifyPeerFinished(RawHandshake raw, boolean peerIsClient) throws TlsAlertException {
        Finished finished = Finished.decode(raw.reader(), Prf12.VERIFY_DATA_LENGTH);
        byte[] expected = peerIsClient
                ? prf.clientVerifyData(masterSecret, transcript.currentHash())
                : prf.serverVerifyData(masterSecret, transcript.currentHash());
        if (!MessageDigest.isEqual(expected, finished.verifyData())) {
            throw new TlsAlertException(AlertDescription.DECRYPT_ERROR,
                    "the peer's Finished does not match our transcript (keys or messages differ)");
        }
        if (peerIsClient) {
            clientVerifyData = expected;
        } else {
            serverVerifyData = expected;
        }
        transcript.update(raw.wire());
    }

    // ---- certificates (RFC 5246 7.4.2, 7.4.6, 7.4.8) ----

    /** Our TLS 1.2 Certificate message; an empty one when {@code credential} is null (RFC 5246 7.4.6). */
    protected static CertificateMessage12 certificateMessage(Credential credential) throws TlsAlertException {
        List<byte[]> ders = new ArrayList<>();
        if (credential != null) {
            for (X509Certificate c : credential.chain()) {
                try {
                    ders.add(c.getEncoded());
                } catch (CertificateEncodingException e) {
                    throw TlsAlertException.internalError("cannot encode our own certificate", e);
                }
            }
        }
        return new CertificateMessage12(ders);
    }

    /** Signs every handshake message so far and sends CertificateVerify (RFC 5246 7.4.8). */
    protected final void sendCertificateVerify(SignatureScheme scheme, Credential credential)
            throws TlsAlertException {
        byte[] signature = scheme.sign(credential.privateKey(), transcript.messages(), config.random());
        send(new CertificateVerify(scheme.code(), signature));
    }

    /**
     * Checks the peer's CertificateVerify over every handshake message before it: the scheme must be
     * one we offered ({@code offered}), usable in TLS 1.2 and fit the leaf's key (illegal_parameter);
     * the signature must verify (decrypt_error).
     */
    protected final void verifyPeerCertificateVerify(RawHandshake raw, List<SignatureScheme> offered,
            X509Certificate leaf) throws TlsAlertException {
        CertificateVerify cv = CertificateVerify.decode(raw.reader());
        SignatureScheme scheme = SignatureScheme.fromCode(cv.signatureScheme());
        if (scheme == null || Negotiation.isSha1(scheme) || !offered.contains(scheme)) {
            throw TlsAlertException.illegalParameter(String.format("peer signed CertificateVerify with %s, which"
                    + " we did not offer", scheme == null
                            ? String.format("unknown scheme 0x%04x", cv.signatureScheme()) : scheme.rfcName()));
        }
        if (!scheme.isCompatibleInTls12With(leaf.getPublicKey())) {
            throw TlsAlertException.illegalParameter("peer signed CertificateVerify with " + scheme.rfcName()
                    + ", which does not fit its certificate's " + leaf.getPublicKey().getAlgorithm() + " key");
        }
        if (!scheme.verify(leaf.getPublicKey(), transcript.messages(), cv.signature())) {
            throw new TlsAlertException(AlertDescription.DECRYPT_ERROR,
                    "the peer's CertificateVerify signature (" + scheme.rfcName() + ") does not verify");
        }
        transcript.update(raw.wire());
    }

    /** The handshake is over: release what only it needed (DESIGN.md: memory per idle connection). */
    protected final void handshakeDone() {
        transcript = null;
    }

    /** Decodes the peer's certificate chain; an empty one is handled by the caller. */
    protected static X509Certificate[] chainOf(CertificateMessage12 message) throws TlsAlertException {
        return PeerCertificates.decode(message.certificates());
    }

    /** 32 fresh random bytes. */
    protected final byte[] random32() {
        byte[] b = new byte[32];
        config.random().nextBytes(b);
        return b;
    }
}
