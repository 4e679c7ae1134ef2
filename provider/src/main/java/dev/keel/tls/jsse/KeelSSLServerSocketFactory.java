package dev.keel.tls.jsse;

import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/** Placeholder until the socket layer lands: Keel's {@code SSLServerSocketFactory} over an {@link EngineSource}. */
public final class KeelSSLServerSocketFactory extends SSLServerSocketFactory {
    private final EngineSource engines;

    public KeelSSLServerSocketFactory(EngineSource engines) {
        this.engines = engines;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return engines.defaultServerParameters().getCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engines.defaultServerParameters().getCipherSuites();
    }

    @Override
    public ServerSocket createServerSocket(int port) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) {
        throw new UnsupportedOperationException("not yet");
    }
}
