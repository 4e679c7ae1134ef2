package dev.keel.tls.jsse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Objects;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;

/**
 * Keel's {@link SSLServerSocketFactory}: makes {@link KeelSSLServerSocket}s whose accepted connections
 * are {@link KeelSSLSocket}s over engines from the {@link EngineSource}.
 */
public final class KeelSSLServerSocketFactory extends SSLServerSocketFactory {
    /** The backlog {@link ServerSocket} uses when none is given. */
    private static final int DEFAULT_BACKLOG = 50;

    private final EngineSource engines;

    public KeelSSLServerSocketFactory(EngineSource engines) {
        this.engines = Objects.requireNonNull(engines, "engines");
    }

    /** The suites a new server socket enables: the source's default server parameters. */
    @Override
    public String[] getDefaultCipherSuites() {
        SSLParameters defaults = engines.defaultServerParameters();
        String[] suites = defaults.getCipherSuites();
        if (suites != null) {
            return suites;
        }
        javax.net.ssl.SSLEngine engine = engines.createEngine(null, -1);
        engine.setUseClientMode(false);
        return engine.getEnabledCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engines.createEngine(null, -1).getSupportedCipherSuites();
    }

    /** An unbound server socket; bind it with {@link ServerSocket#bind}. */
    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new KeelSSLServerSocket(engines);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new KeelSSLServerSocket(engines, port, DEFAULT_BACKLOG, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return new KeelSSLServerSocket(engines, port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
        return new KeelSSLServerSocket(engines, port, backlog, ifAddress);
    }
}
