package dev.keel.tls.jsse.socket;

import dev.keel.tls.jsse.EngineSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link SSLEngine} that delegates to a real one and misbehaves on request, to drive the socket
 * layer down paths a well-sized, well-behaved engine never takes:
 * <ul>
 *   <li>until the handshake begins, its session reports tiny buffer sizes, so the socket starts with
 *       buffers too small for real records and must handle BUFFER_OVERFLOW and a full BUFFER_UNDERFLOW;
 *   <li>{@link #failNextUnwrap} makes unwrap throw a raw runtime exception, as a buggy engine might.
 * </ul>
 */
final class InstrumentedEngine extends SSLEngine {
    static final int TINY_BUFFER = 64;

    private final SSLEngine delegate;
    private final boolean undersized;
    private volatile boolean handshakeBegun;
    private volatile RuntimeException unwrapFailure;

    InstrumentedEngine(SSLEngine delegate, boolean undersized) {
        super(delegate.getPeerHost(), delegate.getPeerPort());
        this.delegate = delegate;
        this.undersized = undersized;
    }

    /** An engine source over {@code context} whose engines are instrumented; {@code made} collects them. */
    static EngineSource source(SSLContext context, boolean undersized, List<InstrumentedEngine> made) {
        ContextEngineSource plain = new ContextEngineSource(context);
        return new EngineSource() {
            @Override
            public SSLEngine createEngine(String peerHost, int peerPort) {
                InstrumentedEngine engine = new InstrumentedEngine(plain.createEngine(peerHost, peerPort), undersized);
                made.add(engine);
                return engine;
            }

            @Override
            public SSLParameters defaultClientParameters() {
                return plain.defaultClientParameters();
            }

            @Override
            public SSLParameters defaultServerParameters() {
                return plain.defaultServerParameters();
            }
        };
    }

    void failNextUnwrap(RuntimeException failure) {
        this.unwrapFailure = failure;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        return delegate.wrap(srcs, offset, length, dst);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        RuntimeException failure = unwrapFailure;
        if (failure != null) {
            unwrapFailure = null;
            throw failure;
        }
        return delegate.unwrap(src, dsts, offset, length);
    }

    @Override
    public SSLSession getSession() {
        SSLSession real = delegate.getSession();
        if (!undersized || handshakeBegun) {
            return real;
        }
        return (SSLSession) Proxy.newProxyInstance(SSLSession.class.getClassLoader(), new Class<?>[] {SSLSession.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getPacketBufferSize")
                            || method.getName().equals("getApplicationBufferSize")) {
                        return TINY_BUFFER;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public void beginHandshake() throws SSLException {
        handshakeBegun = true;
        delegate.beginHandshake();
    }

    @Override
    public Runnable getDelegatedTask() {
        return delegate.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        delegate.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return delegate.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        delegate.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return delegate.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return delegate.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        delegate.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return delegate.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return delegate.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        delegate.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getHandshakeSession() {
        return delegate.getHandshakeSession();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return delegate.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        delegate.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return delegate.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        delegate.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return delegate.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        delegate.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return delegate.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        delegate.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return delegate.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return delegate.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        delegate.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return delegate.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return delegate.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        delegate.setHandshakeApplicationProtocolSelector(
                selector == null ? null : (engine, offered) -> selector.apply(this, offered));
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return delegate.getHandshakeApplicationProtocolSelector();
    }
}
