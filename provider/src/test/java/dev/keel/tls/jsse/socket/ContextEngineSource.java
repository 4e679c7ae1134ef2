package dev.keel.tls.jsse.socket;

import dev.keel.tls.jsse.EngineSource;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * An {@link EngineSource} over any {@link SSLContext}. The socket tests run Keel's socket layer over
 * SunJSSE engines through it; pointed at Keel's own context, the same tests exercise Keel end to end.
 */
public final class ContextEngineSource implements EngineSource {
    private final SSLContext context;

    public ContextEngineSource(SSLContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public SSLEngine createEngine(String peerHost, int peerPort) {
        return peerHost == null ? context.createSSLEngine() : context.createSSLEngine(peerHost, peerPort);
    }

    @Override
    public SSLParameters defaultClientParameters() {
        return context.getDefaultSSLParameters();
    }

    @Override
    public SSLParameters defaultServerParameters() {
        return context.getDefaultSSLParameters();
    }
}
