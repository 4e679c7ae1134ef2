package dev.keel.tls.jsse;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.ApplicationProtocolSelector;
import dev.keel.tls.config.ClientAuth;
import dev.keel.tls.config.CredentialSelector;
import dev.keel.tls.config.PeerVerifier;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.config.HandshakeObserver;
import dev.keel.tls.connection.TlsConnection;
import dev.keel.tls.session.TlsSession;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.security.AlgorithmConstraints;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * Keel's {@code SSLEngine}: a thin adapter over {@link TlsConnection}, whose wrap/unwrap contract is
 * already the SSLEngine one. This class adds what is JSSE-specific:
 * <ul>
 *   <li>the engine's settings ({@code setEnabledProtocols}, {@code setSSLParameters}, ...), turned
 *       into a {@link TlsConfig} by {@link SslParametersMapper} when the handshake starts (the first
 *       {@code wrap}, {@code unwrap} or {@code beginHandshake});
 *   <li>argument checks as the {@code SSLEngine} javadoc specifies them;
 *   <li>exceptions: the core's alerts become {@code SSLException}s ({@link Exceptions}); no runtime
 *       exception escapes except the documented argument errors;
 *   <li>closing before any handshake (nothing was sent, so the engine is simply closed both ways);
 *   <li>sessions ({@link KeelSSLSession}, one wrapper per core session).
 * </ul>
 *
 * <p>Threads: {@code wrap} and {@code unwrap} hold separate locks, so one thread may wrap while
 * another unwraps. Settings are guarded by a third lock that is never held while calling into the
 * connection. The accessors that key and trust managers call during the handshake
 * ({@code getHandshakeSession}, {@code getSSLParameters}, {@code getPeerHost}, ...) take neither the
 * wrap nor the unwrap lock, so such callbacks, made from inside {@code unwrap}, cannot deadlock.
 */
public final class KeelSSLEngine extends SSLEngine {
    private static final String ENGINE_CLOSED = "Cannot begin handshake: the engine is closed";
    /** Shared: the engine replaces its arrays and hands out copies, never writes into them. */
    private static final String[] NO_APPLICATION_PROTOCOLS = new String[0];
    private static final String TRUNCATION = "Inbound closed before receiving peer's close_notify";

    private final KeelSSLContextSpi context;
    private final TlsSystemProperties properties;
    private final boolean allowLegacyMasterSecret;

    private final Object configLock = new Object();
    private final ReentrantLock wrapLock = new ReentrantLock();
    private final ReentrantLock unwrapLock = new ReentrantLock();

    // Settings, guarded by configLock.
    private boolean modeSet;
    private boolean clientMode;
    private String[] enabledProtocols;
    private boolean protocolsChosen;
    private String[] enabledCipherSuites;
    private boolean cipherSuitesChosen;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private boolean enableSessionCreation = true;
    private String endpointIdentificationAlgorithm;
    private AlgorithmConstraints algorithmConstraints;
    private List<SNIServerName> serverNames;
    private Collection<SNIMatcher> sniMatchers;
    private boolean useCipherSuitesOrder = true;
    private String[] applicationProtocols = NO_APPLICATION_PROTOCOLS;
    private String[] namedGroups;
    private String[] signatureSchemes;
    private int maximumPacketSize;
    private boolean enableRetransmissions = true;
    private BiFunction<SSLEngine, List<String>, String> applicationProtocolSelector;
    private SSLSocket socket;

    /** Created when the handshake starts; never replaced. */
    private volatile TlsConnection connection;
    /** Closed (either way) before a handshake started: nothing was sent, the engine is done. */
    private volatile boolean closedBeforeHandshake;
    /** An unexpected failure made the connection unusable; the engine reports itself closed. */
    private volatile boolean broken;
    /** A failure inside a delegated task, thrown by the next wrap or unwrap. */
    private volatile RuntimeException taskFailure;
    private volatile KeelSSLSession nullSession;

    KeelSSLEngine(KeelSSLContextSpi context, String peerHost, int peerPort) {
        super(peerHost, peerPort);
        this.context = context;
        this.properties = TlsSystemProperties.read();
        this.allowLegacyMasterSecret = TlsSystemProperties.allowLegacyMasterSecret();
        this.enabledProtocols = context.sharedDefaultProtocols(false);
        this.enabledCipherSuites = context.sharedDefaultCipherSuites(false);
        SNIHostName sni = ServerNames.defaultHostName(peerHost);
        this.serverNames = sni == null ? null : List.of(sni);
    }

    /**
     * Called by the socket layer for an engine that serves an {@code SSLSocket}: key and trust
     * managers are then given the socket rather than the engine, as with SunJSSE sockets.
     */
    void attachSocket(SSLSocket socket) {
        synchronized (configLock) {
            this.socket = socket;
        }
    }

    // ------------------------------------------------------------------ wrap / unwrap

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        checkWrapArguments(srcs, offset, length, dst);
        wrapLock.lock();
        try {
            if (isClosedWithoutConnection()) {
                return closedResult();
            }
            TlsConnection c = startConnection();
            throwTaskFailure(c);
            try {
                return toJsse(c.wrap(srcs, offset, length, dst));
            } catch (TlsAlertException e) {
                throw Exceptions.toSslException(e, handshaking(c));
            } catch (RuntimeException e) {
                throw fail(c, e);
            }
        } finally {
            wrapLock.unlock();
        }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        checkUnwrapArguments(src, dsts, offset, length);
        unwrapLock.lock();
        try {
            if (isClosedWithoutConnection()) {
                return closedResult();
            }
            TlsConnection c = startConnection();
            throwTaskFailure(c);
            try {
                return toJsse(c.unwrap(src, dsts, offset, length));
            } catch (TlsAlertException e) {
                throw Exceptions.toSslException(e, handshaking(c));
            } catch (RuntimeException e) {
                throw fail(c, e);
            }
        } finally {
            unwrapLock.unlock();
        }
    }

    private static void checkWrapArguments(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) {
        if (srcs == null) {
            throw new IllegalArgumentException("srcs == null");
        }
        if (dst == null) {
            throw new IllegalArgumentException("dst == null");
        }
        checkRange(srcs.length, offset, length);
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i] == null) {
                throw new IllegalArgumentException("source buffer[" + i + "] == null");
            }
        }
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
    }

    private static void checkUnwrapArguments(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) {
        if (src == null) {
            throw new IllegalArgumentException("src == null");
        }
        if (dsts == null) {
            throw new IllegalArgumentException("dsts == null");
        }
        checkRange(dsts.length, offset, length);
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i] == null) {
                throw new IllegalArgumentException("destination buffer[" + i + "] == null");
            }
            if (dsts[i].isReadOnly()) {
                throw new ReadOnlyBufferException();
            }
        }
    }

    private static void checkRange(int arrayLength, int offset, int length) {
        if (offset < 0 || length < 0 || offset > arrayLength - length) {
            throw new IndexOutOfBoundsException(
                    "offset " + offset + " and length " + length + " do not fit an array of " + arrayLength);
        }
    }

    private boolean isClosedWithoutConnection() {
        return broken || (closedBeforeHandshake && connection == null);
    }

    private static SSLEngineResult closedResult() {
        return new SSLEngineResult(SSLEngineResult.Status.CLOSED,
                SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING, 0, 0);
    }

    /** The connection, created from the current settings on first use. */
    private TlsConnection startConnection() throws SSLException {
        TlsConnection c = connection;
        if (c != null) {
            return c;
        }
        synchronized (configLock) {
            if (connection == null) {
                if (!modeSet) {
                    throw new IllegalStateException("Client/Server mode has not yet been set.");
                }
                if (!enableSessionCreation) {
                    // Keel does not yet restrict a handshake to resumption only, so without session
                    // creation it refuses every handshake (stricter than JSSE, never looser).
                    throw new SSLHandshakeException("No new session is allowed and no existing session can be resumed");
                }
                TlsConfig config = buildConfig();
                try {
                    connection = new TlsConnection(config, context.sessionContext(clientMode).store());
                } catch (RuntimeException e) {
                    broken = true;
                    throw Exceptions.unexpected(e, true);
                }
            }
            return connection;
        }
    }

    private volatile HandshakeObserver observer = HandshakeObserver.NONE;

    /**
     * Keel extension: watch the handshake message by message (used by Keel's command line to explain
     * a handshake). Takes effect for a handshake that has not started yet.
     */
    public void setHandshakeObserver(HandshakeObserver observer) {
        this.observer = observer == null ? HandshakeObserver.NONE : observer;
    }

    /** The context that made this engine (for tests). */
    KeelSSLContextSpi contextForTest() {
        return context;
    }

    /**
     * The core configuration a handshake started now would use (for tests and diagnostics; the
     * engine itself builds it once, when the handshake starts).
     */
    TlsConfig previewConfig() throws SSLHandshakeException {
        synchronized (configLock) {
            return buildConfig();
        }
    }

    /** The core configuration for the handshake about to start, from the current settings. */
    private TlsConfig buildConfig() throws SSLHandshakeException {
        TlsConfig.Builder b = SslParametersMapper.toConfigBuilder(getSSLParameters(), clientMode, properties,
                KeelSSLContextSpi.IMPLEMENTED_PROTOCOLS);
        X509KeyManager km = context.keyManager();
        X509TrustManager tm = context.trustManager();
        b.credentials(km == null ? CredentialSelector.NONE
                : socket != null ? new KeyManagerCredentials(km, socket) : new KeyManagerCredentials(km, this));
        PeerVerifier verifier = tm == null ? null
                : socket != null ? new TrustManagerVerifier(tm, socket) : new TrustManagerVerifier(tm, this);
        b.peerVerifier(verifier);
        b.random(context.random());
        b.peer(getPeerHost(), getPeerPort());
        b.observer(observer);
        b.requireExtendedMasterSecret(!allowLegacyMasterSecret);
        BiFunction<SSLEngine, List<String>, String> selector = applicationProtocolSelector;
        if (selector != null) {
            ApplicationProtocolSelector core = offered -> selector.apply(this, offered);
            b.applicationProtocolSelector(core);
        }
        return b.build();
    }

    /** True when the handshake has not completed (errors are then handshake errors). */
    private boolean handshaking(TlsConnection c) {
        try {
            return c.session() == null;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** An unexpected runtime exception: the engine can no longer be trusted and closes itself. */
    private SSLException fail(TlsConnection c, RuntimeException e) {
        boolean duringHandshake = handshaking(c);
        broken = true;
        return Exceptions.unexpected(e, duringHandshake);
    }

    private void throwTaskFailure(TlsConnection c) throws SSLException {
        RuntimeException e = taskFailure;
        if (e != null) {
            taskFailure = null;
            throw fail(c, e);
        }
    }

    private static SSLEngineResult toJsse(TlsConnection.Result r) {
        return new SSLEngineResult(toJsse(r.status()), toJsse(r.handshakeStatus()), r.bytesConsumed(),
                r.bytesProduced());
    }

    private static SSLEngineResult.Status toJsse(TlsConnection.Status s) {
        return switch (s) {
            case OK -> SSLEngineResult.Status.OK;
            case BUFFER_UNDERFLOW -> SSLEngineResult.Status.BUFFER_UNDERFLOW;
            case BUFFER_OVERFLOW -> SSLEngineResult.Status.BUFFER_OVERFLOW;
            case CLOSED -> SSLEngineResult.Status.CLOSED;
        };
    }

    private static SSLEngineResult.HandshakeStatus toJsse(TlsConnection.HandshakeStatus s) {
        return switch (s) {
            case NOT_HANDSHAKING -> SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
            case FINISHED -> SSLEngineResult.HandshakeStatus.FINISHED;
            case NEED_TASK -> SSLEngineResult.HandshakeStatus.NEED_TASK;
            case NEED_WRAP -> SSLEngineResult.HandshakeStatus.NEED_WRAP;
            case NEED_UNWRAP -> SSLEngineResult.HandshakeStatus.NEED_UNWRAP;
        };
    }

    // ------------------------------------------------------------------ handshake and close

    @Override
    public void beginHandshake() throws SSLException {
        if (isClosedWithoutConnection()) {
            throw new SSLException(ENGINE_CLOSED);
        }
        wrapLock.lock();
        unwrapLock.lock();
        try {
            TlsConnection c = startConnection();
            try {
                if (c.isInboundDone() || c.isOutboundDone()) {
                    throw new SSLException(ENGINE_CLOSED);
                }
                c.beginHandshake();
            } catch (TlsAlertException e) {
                throw Exceptions.toSslException(e, handshaking(c));
            } catch (RuntimeException e) {
                throw fail(c, e);
            }
        } finally {
            unwrapLock.unlock();
            wrapLock.unlock();
        }
    }

    @Override
    public Runnable getDelegatedTask() {
        TlsConnection c = connection;
        if (c == null || broken) {
            return null;
        }
        Runnable task;
        try {
            task = c.delegatedTask();
        } catch (RuntimeException e) {
            broken = true;
            return null;
        }
        if (task == null) {
            return null;
        }
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                taskFailure = e;
            }
        };
    }

    @Override
    public void closeInbound() throws SSLException {
        unwrapLock.lock();
        try {
            TlsConnection c = connection;
            if (c == null) {
                closedBeforeHandshake = true;
                return;
            }
            if (broken) {
                return;
            }
            try {
                c.closeInbound();
            } catch (TlsAlertException e) {
                SSLException out = new SSLException(TRUNCATION);
                out.initCause(e);
                throw out;
            } catch (RuntimeException e) {
                throw fail(c, e);
            }
        } finally {
            unwrapLock.unlock();
        }
    }

    @Override
    public boolean isInboundDone() {
        TlsConnection c = connection;
        if (c == null) {
            return closedBeforeHandshake || broken;
        }
        return broken || connectionSays(c, true);
    }

    @Override
    public void closeOutbound() {
        wrapLock.lock();
        try {
            TlsConnection c = connection;
            if (c == null) {
                closedBeforeHandshake = true;
                return;
            }
            if (!broken) {
                try {
                    c.closeOutbound();
                } catch (RuntimeException e) {
                    broken = true;
                }
            }
        } finally {
            wrapLock.unlock();
        }
    }

    @Override
    public boolean isOutboundDone() {
        TlsConnection c = connection;
        if (c == null) {
            return closedBeforeHandshake || broken;
        }
        return broken || connectionSays(c, false);
    }

    private boolean connectionSays(TlsConnection c, boolean inbound) {
        try {
            return inbound ? c.isInboundDone() : c.isOutboundDone();
        } catch (RuntimeException e) {
            broken = true;
            return true;
        }
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        TlsConnection c = connection;
        if (c == null || broken) {
            return SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
        }
        try {
            TlsConnection.HandshakeStatus s = c.handshakeStatus();
            // FINISHED is reported by the wrap/unwrap result only, never by this method (javadoc).
            return s == TlsConnection.HandshakeStatus.FINISHED
                    ? SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING : toJsse(s);
        } catch (RuntimeException e) {
            broken = true;
            return SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
        }
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public SSLSession getSession() {
        TlsSession s = coreSession(false);
        if (s != null) {
            return KeelSSLSession.of(s, context.sessionContext(getUseClientMode()));
        }
        KeelSSLSession placeholder = nullSession;
        if (placeholder == null) {
            placeholder = KeelSSLSession.nullSession();
            nullSession = placeholder;
        }
        return placeholder;
    }

    @Override
    public SSLSession getHandshakeSession() {
        TlsSession s = coreSession(true);
        return s == null ? null : KeelSSLSession.of(s, context.sessionContext(getUseClientMode()));
    }

    private TlsSession coreSession(boolean handshake) {
        TlsConnection c = connection;
        if (c == null) {
            return null;
        }
        try {
            return handshake ? c.handshakeSession() : c.session();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String getApplicationProtocol() {
        TlsSession s = coreSession(false);
        if (s == null) {
            return null;
        }
        String p = s.applicationProtocol();
        return p == null ? "" : p;
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        TlsSession s = coreSession(true);
        return s == null ? null : s.applicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        synchronized (configLock) {
            applicationProtocolSelector = selector;
        }
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        synchronized (configLock) {
            return applicationProtocolSelector;
        }
    }

    // ------------------------------------------------------------------ settings

    @Override
    public void setUseClientMode(boolean mode) {
        synchronized (configLock) {
            if (connection != null) {
                if (mode != clientMode) {
                    throw new IllegalArgumentException("Cannot change mode after the handshake has started");
                }
                return;
            }
            if (mode != clientMode) {
                // Defaults differ per side (jdk.tls.client.protocols vs jdk.tls.server.protocols):
                // follow the side unless the application chose its own lists.
                if (!protocolsChosen) {
                    enabledProtocols = context.sharedDefaultProtocols(mode);
                }
                if (!cipherSuitesChosen) {
                    enabledCipherSuites = context.sharedDefaultCipherSuites(mode);
                }
            }
            clientMode = mode;
            modeSet = true;
        }
    }

    @Override
    public boolean getUseClientMode() {
        synchronized (configLock) {
            return clientMode;
        }
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return context.supportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        synchronized (configLock) {
            return enabledCipherSuites.clone();
        }
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        String[] checked = context.shared(checkCipherSuites(suites));
        synchronized (configLock) {
            enabledCipherSuites = checked;
            cipherSuitesChosen = true;
        }
    }

    private String[] checkCipherSuites(String[] suites) {
        if (suites == null) {
            throw new IllegalArgumentException("CipherSuites cannot be null");
        }
        for (String s : suites) {
            if (!context.isSupportedCipherSuite(s)) {
                throw new IllegalArgumentException("Unsupported CipherSuite: " + s);
            }
        }
        return suites.clone();
    }

    @Override
    public String[] getSupportedProtocols() {
        return context.supportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        synchronized (configLock) {
            return enabledProtocols.clone();
        }
    }

    /**
     * Accepts every protocol name JSSE knows ("SSLv3" ... "TLSv1.3", "SSLv2Hello"), like SunJSSE, so
     * that applications listing older versions keep working; versions Keel does not implement are
     * then simply not negotiated. Unknown names are an {@code IllegalArgumentException}.
     */
    @Override
    public void setEnabledProtocols(String[] protocols) {
        String[] checked = context.shared(checkProtocols(protocols));
        synchronized (configLock) {
            enabledProtocols = checked;
            protocolsChosen = true;
        }
    }

    private static String[] checkProtocols(String[] protocols) {
        if (protocols == null) {
            throw new IllegalArgumentException("Protocols cannot be null");
        }
        for (String p : protocols) {
            if (!KeelSSLContextSpi.isKnownProtocolName(p)) {
                throw new IllegalArgumentException("Unsupported protocol: " + p);
            }
        }
        return protocols.clone();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        synchronized (configLock) {
            clientAuth = need ? ClientAuth.REQUIRED : ClientAuth.NONE;
        }
    }

    @Override
    public boolean getNeedClientAuth() {
        synchronized (configLock) {
            return clientAuth == ClientAuth.REQUIRED;
        }
    }

    @Override
    public void setWantClientAuth(boolean want) {
        synchronized (configLock) {
            clientAuth = want ? ClientAuth.WANTED : ClientAuth.NONE;
        }
    }

    @Override
    public boolean getWantClientAuth() {
        synchronized (configLock) {
            return clientAuth == ClientAuth.WANTED;
        }
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        synchronized (configLock) {
            enableSessionCreation = flag;
        }
    }

    @Override
    public boolean getEnableSessionCreation() {
        synchronized (configLock) {
            return enableSessionCreation;
        }
    }

    @Override
    public SSLParameters getSSLParameters() {
        synchronized (configLock) {
            // SSLParameters copies the arrays it is given (and hands out copies), so no clone here: the
            // JDK trust manager asks for the parameters on every handshake (issue 7, allocation).
            SSLParameters p = new SSLParameters(enabledCipherSuites, enabledProtocols);
            if (clientAuth == ClientAuth.REQUIRED) {
                p.setNeedClientAuth(true);
            } else if (clientAuth == ClientAuth.WANTED) {
                p.setWantClientAuth(true);
            }
            p.setEndpointIdentificationAlgorithm(endpointIdentificationAlgorithm);
            p.setAlgorithmConstraints(algorithmConstraints);
            if (serverNames != null) {
                p.setServerNames(serverNames);
            }
            if (sniMatchers != null) {
                p.setSNIMatchers(sniMatchers);
            }
            p.setUseCipherSuitesOrder(useCipherSuitesOrder);
            p.setApplicationProtocols(applicationProtocols);
            p.setMaximumPacketSize(maximumPacketSize);
            p.setEnableRetransmissions(enableRetransmissions);
            if (namedGroups != null) {
                SslParametersMapper.setNamedGroups(p, namedGroups.clone());
            }
            if (signatureSchemes != null) {
                SslParametersMapper.setSignatureSchemes(p, signatureSchemes.clone());
            }
            return p;
        }
    }

    /**
     * As the {@code SSLEngine} javadoc says: non-null suites and protocols replace the enabled ones
     * (checked before anything changes), need/want client auth are set from the flags, non-null
     * server names and SNI matchers replace the current ones, and the remaining values are copied.
     */
    @Override
    public void setSSLParameters(SSLParameters p) {
        String[] suites = p.getCipherSuites() == null ? null : context.shared(checkCipherSuites(p.getCipherSuites()));
        String[] protocols = p.getProtocols() == null ? null : context.shared(checkProtocols(p.getProtocols()));
        String[] groups = SslParametersMapper.getNamedGroups(p);
        String[] schemes = SslParametersMapper.getSignatureSchemes(p);
        String[] alpn = context.shared(p.getApplicationProtocols().clone());
        synchronized (configLock) {
            if (suites != null) {
                enabledCipherSuites = suites;
                cipherSuitesChosen = true;
            }
            if (protocols != null) {
                enabledProtocols = protocols;
                protocolsChosen = true;
            }
            if (p.getNeedClientAuth()) {
                clientAuth = ClientAuth.REQUIRED;
            } else {
                clientAuth = p.getWantClientAuth() ? ClientAuth.WANTED : ClientAuth.NONE;
            }
            endpointIdentificationAlgorithm = p.getEndpointIdentificationAlgorithm();
            algorithmConstraints = p.getAlgorithmConstraints();
            if (p.getServerNames() != null) {
                serverNames = new ArrayList<>(p.getServerNames());
            }
            if (p.getSNIMatchers() != null) {
                sniMatchers = new ArrayList<>(p.getSNIMatchers());
            }
            useCipherSuitesOrder = p.getUseCipherSuitesOrder();
            applicationProtocols = alpn;
            maximumPacketSize = p.getMaximumPacketSize();
            enableRetransmissions = p.getEnableRetransmissions();
            namedGroups = groups == null ? null : context.shared(groups.clone());
            signatureSchemes = schemes == null ? null : context.shared(schemes.clone());
        }
    }

    @Override
    public String toString() {
        return "KeelSSLEngine[" + (getUseClientMode() ? "client" : "server") + ", peer=" + getPeerHost() + ":"
                + getPeerPort() + "]";
    }
}
