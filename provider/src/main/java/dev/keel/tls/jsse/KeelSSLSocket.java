package dev.keel.tls.jsse;

import dev.keel.tls.config.HandshakeObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Keel's {@link SSLSocket}: a TLS connection over a TCP socket, built on an {@link SSLEngine} from an
 * {@link EngineSource}, so sockets and engines share one protocol implementation. Client or server
 * side; created by {@link KeelSSLSocketFactory} and {@link KeelSSLServerSocket#accept()}.
 *
 * <p>Behaviour, following the {@code SSLSocket} contract as SunJSSE implements it:
 * <ul>
 *   <li>The handshake runs on {@link #startHandshake()}, or lazily on the first read, write or
 *       {@link #getSession()}. {@code getSession()} returns an invalid session (cipher suite
 *       {@code SSL_NULL_WITH_NULL_NULL}) if the handshake fails.</li>
 *   <li>{@link HandshakeCompletedListener}s are notified on a new thread for each completed handshake,
 *       as SunJSSE does, so a listener may block or use the socket without stalling the handshake.</li>
 *   <li>{@code setSoTimeout} bounds each blocking read of the transport, during the handshake and
 *       during reads; a {@link java.net.SocketTimeoutException} leaves the socket usable.</li>
 *   <li>One thread may read while another writes; a handshake either triggers is run once.</li>
 *   <li>A peer that ends the TCP stream without close_notify is reported as an {@link SSLException}
 *       (possible truncation), never as a clean end of stream; after the peer's close_notify reads
 *       return -1.</li>
 *   <li>{@link #shutdownOutput()} sends close_notify and keeps reading possible (TLS 1.3 half-close,
 *       RFC 8446 section 6.1). {@link #close()} sends close_notify without ever hanging: if a writer
 *       is stuck on a peer that does not read, close_notify is skipped, and the final write is bounded
 *       by {@link SocketCloseTimer}.</li>
 *   <li>Every configuration method (protocols, suites, client auth, parameters, ALPN) is the engine's.
 *       </li>
 * </ul>
 *
 * <p>A fatal error (an {@link SSLException} from the engine, or the transport failing) sends the
 * engine's alert, closes this socket and rethrows; later calls report "Connection has been shut down".
 *
 * <p>A layered socket (over a caller's connected {@code Socket}) closes that socket, on {@code close()}
 * or a fatal error, only if created with {@code autoClose}. Two consequences: closing it does not
 * unblock a thread reading through it unless the underlying socket is closed too; and the one case
 * where the underlying socket is closed regardless is a close_notify or alert that could not be
 * written within {@link SocketCloseTimer#WRITE_LIMIT_MILLIS} (the peer stopped reading).
 */
public final class KeelSSLSocket extends DelegatingSSLSocket {
    private final EngineSource source;
    /** Over a caller's socket: connect() is not ours to call. */
    private final boolean layered;
    /** Closing this socket closes the transport (our own transport, or layered with autoClose). */
    private final boolean ownsTransport;
    /** Bytes the caller already read from the transport; the engine sees them first. May be null. */
    private final InputStream consumed;

    private final Object stateLock = new Object();
    private final List<HandshakeCompletedListener> listeners = new CopyOnWriteArrayList<>();
    private final InputStream appInput = new AppInputStream();
    private final OutputStream appOutput = new AppOutputStream();

    private volatile SSLEngine engine;
    private boolean enginePeerKnown; // guarded by stateLock
    private boolean serverNamesChosen; // guarded by stateLock
    private BiFunction<SSLSocket, List<String>, String> selector; // guarded by stateLock
    private SocketEngineDriver driver; // guarded by stateLock; created when the first handshake starts
    private volatile boolean closed;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;

    private KeelSSLSocket(EngineSource source, SSLEngine engine, boolean enginePeerKnown, Socket transport,
            boolean layered, boolean ownsTransport, InputStream consumed) {
        super(transport);
        this.source = source;
        this.engine = engine;
        this.enginePeerKnown = enginePeerKnown;
        this.layered = layered;
        this.ownsTransport = ownsTransport;
        this.consumed = consumed;
        attach(engine);
    }

    private volatile HandshakeObserver observer = HandshakeObserver.NONE;

    /**
     * Keel's own engines learn which socket they serve, so key and trust managers get the socket (as
     * with SunJSSE sockets), and carry the handshake observer.
     */
    private void attach(SSLEngine e) {
        if (e instanceof KeelSSLEngine k) {
            k.attachSocket(this);
            k.setHandshakeObserver(observer);
        }
    }

    /**
     * Keel extension: watch the handshake message by message (Keel's command line uses it). Takes
     * effect for a handshake that has not started yet.
     */
    public void setHandshakeObserver(HandshakeObserver observer) {
        synchronized (stateLock) {
            this.observer = observer == null ? HandshakeObserver.NONE : observer;
            attach(engine);
        }
    }

    // ---------------------------------------------------------------- creation (for the factories)

    /** An unconnected client socket; the engine learns the peer on {@link #connect}. */
    static KeelSSLSocket unconnected(EngineSource source) {
        return new KeelSSLSocket(source, newEngine(source, null, -1, true), false, new Socket(), false, true, null);
    }

    /**
     * A client socket connected to {@code remote}, optionally bound to {@code local} first.
     * {@code peerHost} is the name given for the server (SNI, endpoint identification).
     */
    static KeelSSLSocket connected(EngineSource source, String peerHost, InetSocketAddress remote,
            SocketAddress local) throws IOException {
        Socket transport = new Socket();
        try {
            String host = peerHost != null ? peerHost : remote.getHostString();
            KeelSSLSocket socket = new KeelSSLSocket(source, newEngine(source, host, remote.getPort(), true),
                    true, transport, false, true, null);
            if (local != null) {
                transport.bind(local);
            }
            transport.connect(remote);
            return socket;
        } catch (IOException | RuntimeException e) {
            closeQuietly(transport);
            throw e;
        }
    }

    /** A client socket layered over a connected socket (a proxy tunnel, STARTTLS). */
    static KeelSSLSocket layeredClient(EngineSource source, Socket transport, String peerHost, int peerPort,
            boolean autoClose) throws IOException {
        requireConnected(transport);
        String host = peerHost != null ? peerHost : hostString(transport.getInetAddress());
        return new KeelSSLSocket(source, newEngine(source, host, peerPort, true), true, transport, true, autoClose,
                null);
    }

    /**
     * A server socket layered over a connected socket from which the caller already read
     * {@code consumed} (for example to sniff the ClientHello); those bytes are fed to the engine first.
     */
    static KeelSSLSocket layeredServer(EngineSource source, Socket transport, InputStream consumed,
            boolean autoClose) throws IOException {
        requireConnected(transport);
        SSLEngine engine = newEngine(source, transport.getInetAddress().getHostAddress(), transport.getPort(), false);
        return new KeelSSLSocket(source, engine, true, transport, true, autoClose, consumed);
    }

    /** A socket for a connection accepted by a {@link KeelSSLServerSocket}, configured like it. */
    static KeelSSLSocket accepted(EngineSource source, Socket transport, boolean clientMode, SSLParameters parameters,
            boolean enableSessionCreation) {
        SSLEngine engine = source.createEngine(transport.getInetAddress().getHostAddress(), transport.getPort());
        engine.setUseClientMode(clientMode);
        engine.setSSLParameters(parameters);
        engine.setEnableSessionCreation(enableSessionCreation);
        return new KeelSSLSocket(source, engine, true, transport, false, true, null);
    }

    /** The engine's side is set first: engines pick their default protocols and suites per side. */
    private static SSLEngine newEngine(EngineSource source, String peerHost, int peerPort, boolean clientMode) {
        SSLEngine engine = source.createEngine(peerHost, peerPort);
        engine.setUseClientMode(clientMode);
        return engine;
    }

    private static void requireConnected(Socket transport) throws SocketException {
        if (!transport.isConnected()) {
            throw new SocketException("Underlying socket is not connected");
        }
    }

    /**
     * The name the address was created with, without a reverse DNS lookup, else its literal.
     * {@link InetAddress#toString()} is specified as "hostname/literal", with an empty hostname when
     * none is known.
     */
    static String hostString(InetAddress address) {
        String text = address.toString();
        int slash = text.indexOf('/');
        return slash > 0 ? text.substring(0, slash) : address.getHostAddress();
    }

    /** Longest a failed socket spends draining the peer's data before it closes (see below). */
    private static final long DRAIN_NANOS = 250_000_000L;

    /**
     * After a fatal alert: send FIN, then read and drop, briefly, what the peer had already sent.
     * Closing a TCP socket with unread data makes the kernel send a reset, and a reset destroys the
     * alert in the peer's receive buffer before it reads it; the peer would then see "connection
     * reset" instead of the alert that says why.
     */
    private static void closeAfterAlert(Socket t) {
        try {
            t.shutdownOutput();
            t.setSoTimeout(50);
            InputStream in = t.getInputStream();
            byte[] sink = new byte[8192];
            long deadline = System.nanoTime() + DRAIN_NANOS;
            for (int total = 0; total < (1 << 20) && System.nanoTime() < deadline; ) {
                int n = in.read(sink);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            // A timeout or a peer already gone: nothing more to drain.
        }
        closeQuietly(t);
    }

    // ---------------------------------------------------------------- connecting

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (layered) {
            throw new SocketException("Already connected");
        }
        if (!(endpoint instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("Unsupported address type: " + endpoint);
        }
        InetSocketAddress remote = (InetSocketAddress) endpoint;
        transport.connect(remote, timeout);
        learnPeer(remote.getHostString(), remote.getPort());
    }

    /**
     * An engine's peer is fixed when it is created, but an unconnected socket only learns it on connect:
     * replace the engine by one for the peer, carrying over everything configured so far. Server names
     * carry over only if the application chose them; otherwise the new engine's own (from the host) stay.
     */
    private void learnPeer(String host, int port) {
        synchronized (stateLock) {
            if (enginePeerKnown || driver != null) {
                return;
            }
            SSLEngine old = engine;
            SSLEngine fresh = source.createEngine(host, port);
            fresh.setUseClientMode(old.getUseClientMode());
            SSLParameters parameters = old.getSSLParameters();
            if (!serverNamesChosen) {
                parameters.setServerNames(null); // null leaves the engine's server names unchanged
            }
            fresh.setSSLParameters(parameters);
            fresh.setEnableSessionCreation(old.getEnableSessionCreation());
            installSelector(fresh);
            attach(fresh);
            engine = fresh;
            enginePeerKnown = true;
        }
    }

    // ---------------------------------------------------------------- handshake

    @Override
    public void startHandshake() throws IOException {
        SocketEngineDriver d = driver();
        if (d.isInitialHandshakeDone()) {
            d.rehandshake();
        } else {
            d.ensureInitialHandshake();
        }
    }

    /** The driver, created on first use (the engine and transport are final by then). */
    private SocketEngineDriver driver() throws IOException {
        synchronized (stateLock) {
            if (closed) {
                if (driver != null) {
                    driver.checkUsable(); // a failed connection says why
                }
                throw new SocketException("Socket is closed");
            }
            if (driver == null) {
                if (!transport.isConnected()) {
                    throw new SocketException("Socket is not connected");
                }
                InputStream network = consumed == null
                        ? transport.getInputStream()
                        : new SequenceInputStream(consumed, transport.getInputStream());
                driver = new SocketEngineDriver(engine, network, transport.getOutputStream(), new DriverEvents());
            }
            return driver;
        }
    }

    /** The driver after the initial handshake. */
    private SocketEngineDriver connectedDriver() throws IOException {
        SocketEngineDriver d = driver();
        d.ensureInitialHandshake();
        return d;
    }

    /** The driver if one was created, without creating it. */
    private SocketEngineDriver existingDriver() {
        synchronized (stateLock) {
            return driver;
        }
    }

    /**
     * The session of the completed handshake, performing the handshake first if needed; after a failed
     * handshake (or on a socket that can no longer handshake) a session that is not valid.
     */
    @Override
    public SSLSession getSession() {
        SocketEngineDriver existing = existingDriver();
        if (existing != null && existing.isInitialHandshakeDone()) {
            return engine.getSession(); // still the session after close, as with JSSE sockets
        }
        try {
            connectedDriver();
            return engine.getSession();
        } catch (IOException e) {
            SSLSession sizes = engine.getSession();
            return new NullSocketSession(engine.getPeerHost(), engine.getPeerPort(), sizes.getPacketBufferSize(),
                    sizes.getApplicationBufferSize());
        }
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine.getHandshakeSession();
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        if (!listeners.remove(Objects.requireNonNull(listener, "listener"))) {
            throw new IllegalArgumentException("Listener not registered");
        }
    }

    /** One new thread per completed handshake, as SunJSSE does; the event carries the new session. */
    private void notifyHandshakeCompleted() {
        if (listeners.isEmpty()) {
            return;
        }
        List<HandshakeCompletedListener> snapshot = List.copyOf(listeners);
        HandshakeCompletedEvent event = new HandshakeCompletedEvent(this, engine.getSession());
        Thread notifier = new Thread(() -> {
            for (HandshakeCompletedListener listener : snapshot) {
                listener.handshakeCompleted(event);
            }
        }, "keel-handshake-completed");
        notifier.setDaemon(true);
        notifier.start();
    }

    // ---------------------------------------------------------------- configuration: the engine's

    @Override
    public String[] getSupportedCipherSuites() {
        return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return engine.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        engine.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return engine.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        engine.setEnabledProtocols(protocols);
    }

    @Override
    public void setUseClientMode(boolean mode) {
        engine.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return engine.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        engine.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        engine.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return engine.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        engine.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return engine.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return engine.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters parameters) {
        synchronized (stateLock) {
            SSLEngine e = engine;
            if (parameters.getServerNames() != null
                    && !parameters.getServerNames().equals(e.getSSLParameters().getServerNames())) {
                serverNamesChosen = true;
            }
            e.setSSLParameters(parameters);
        }
    }

    @Override
    public String getApplicationProtocol() {
        return engine.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return engine.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
        synchronized (stateLock) {
            this.selector = selector;
            installSelector(engine);
        }
    }

    @Override
    public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
        synchronized (stateLock) {
            return selector;
        }
    }

    /** The engine's selector calls the socket-level one with this socket. Caller holds stateLock. */
    private void installSelector(SSLEngine target) {
        BiFunction<SSLSocket, List<String>, String> socketSelector = selector;
        if (socketSelector == null) {
            if (target.getHandshakeApplicationProtocolSelector() != null) {
                target.setHandshakeApplicationProtocolSelector(null);
            }
            return;
        }
        target.setHandshakeApplicationProtocolSelector(
                (ignoredEngine, offered) -> socketSelector.apply(this, offered));
    }

    // ---------------------------------------------------------------- streams

    @Override
    public InputStream getInputStream() throws IOException {
        checkOpenAndConnected();
        if (inputShutdown) {
            throw new SocketException("Socket input is shut down");
        }
        return appInput;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        checkOpenAndConnected();
        if (outputShutdown) {
            throw new SocketException("Socket output is shut down");
        }
        return appOutput;
    }

    private void checkOpenAndConnected() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (!transport.isConnected()) {
            throw new SocketException("Socket is not connected");
        }
    }

    /** After a fatal error the error is the story ("Connection has been shut down: ..."), else "closed". */
    private void checkNotClosed() throws IOException {
        if (closed) {
            SocketEngineDriver d = existingDriver();
            if (d != null) {
                d.checkUsable();
            }
            throw new SocketException("Socket is closed");
        }
    }

    private int readApplicationData(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        checkNotClosed();
        if (inputShutdown) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        return connectedDriver().read(b, off, len);
    }

    private void writeApplicationData(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        checkNotClosed();
        if (outputShutdown) {
            throw new SocketException("Socket output is shut down");
        }
        SocketEngineDriver d = connectedDriver();
        if (len > 0) {
            d.write(b, off, len);
        }
    }

    /** Plaintext from the peer. Closing it closes the socket, as with JSSE sockets. */
    private final class AppInputStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = readApplicationData(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return readApplicationData(b, off, len);
        }

        /** Decrypted bytes already buffered: a read of that many will not block. */
        @Override
        public int available() throws IOException {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            SocketEngineDriver d = existingDriver();
            return d == null || inputShutdown ? 0 : d.available();
        }

        @Override
        public void close() throws IOException {
            KeelSSLSocket.this.close();
        }
    }

    /** Plaintext to the peer, sent in records of up to 2^14 bytes as soon as written. */
    private final class AppOutputStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            writeApplicationData(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeApplicationData(b, off, len);
        }

        /** Records are written as they are made; only the transport's flush remains. */
        @Override
        public void flush() throws IOException {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            SocketEngineDriver d = existingDriver();
            if (d != null) {
                d.flush();
            }
        }

        @Override
        public void close() throws IOException {
            KeelSSLSocket.this.close();
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Sends close_notify and stops writing; reading goes on until the peer's close_notify (TLS 1.3
     * half-close). The transport's output is shut down too when this socket owns it.
     */
    @Override
    public void shutdownOutput() throws IOException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (outputShutdown) {
            return;
        }
        outputShutdown = true;
        SocketEngineDriver d = existingDriver();
        if (d != null) {
            d.sendCloseNotify(false);
        } else {
            engine.closeOutbound();
        }
        if (ownsTransport && !transport.isOutputShutdown()) {
            transport.shutdownOutput();
        }
    }

    /**
     * Stops reading: later reads return -1. Throws {@link SSLException} (after shutting input down) if
     * the peer's close_notify had not arrived, since the peer's data may then be incomplete.
     */
    @Override
    public void shutdownInput() throws IOException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (inputShutdown) {
            return;
        }
        inputShutdown = true;
        if (ownsTransport && !transport.isInputShutdown()) {
            transport.shutdownInput();
        }
        SocketEngineDriver d = existingDriver();
        if (d != null && d.isInitialHandshakeDone() && !d.isInboundDone()) {
            throw new SSLException("Closing inbound before receiving the peer's close_notify");
        }
    }

    @Override
    public boolean isInputShutdown() {
        return inputShutdown || (ownsTransport && transport.isInputShutdown());
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown || (ownsTransport && transport.isOutputShutdown());
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Sends close_notify (best effort, bounded in time) and closes; the transport is closed if this
     * socket owns it. Never throws for a peer that is already gone.
     */
    @Override
    public void close() throws IOException {
        SocketEngineDriver d;
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
            d = driver;
        }
        if (d == null) {
            closeTransportIfOwned();
            return;
        }
        d.markClosed();
        try {
            if (!outputShutdown) {
                SocketCloseTimer.runBounded(() -> d.sendCloseNotify(true), this::abortTransport);
            }
        } catch (IOException ignored) {
            // close_notify is a courtesy; the peer may already be gone.
        } finally {
            closeTransportIfOwned();
            d.releaseInbound();
        }
    }

    private void closeTransportIfOwned() throws IOException {
        if (ownsTransport) {
            transport.close();
        }
    }

    private void abortTransport() {
        closeQuietly(transport);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to do for a socket being abandoned.
        }
    }

    @Override
    public String toString() {
        SSLSession session = engine.getSession();
        return "KeelSSLSocket[" + (engine.getUseClientMode() ? "client" : "server")
                + ", " + session.getProtocol() + ", " + session.getCipherSuite()
                + (layered ? ", layered over " : ", ") + transport + "]";
    }

    /** What the driver reports back: handshakes done, and fatal errors (the socket closes). */
    private final class DriverEvents implements SocketEngineDriver.Events {
        @Override
        public void handshakeFinished() {
            notifyHandshakeCompleted();
        }

        @Override
        public void fatalError() {
            SocketEngineDriver d;
            synchronized (stateLock) {
                closed = true;
                d = driver;
            }
            if (d != null) {
                d.markClosed();
            }
            if (ownsTransport) {
                closeAfterAlert(transport);
            }
        }

        @Override
        public void abortTransport() {
            KeelSSLSocket.this.abortTransport();
        }
    }
}
