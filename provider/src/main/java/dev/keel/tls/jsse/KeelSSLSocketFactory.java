package dev.keel.tls.jsse;

import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/** Placeholder until the socket layer lands: Keel's {@code SSLSocketFactory} over an {@link EngineSource}. */
public final class KeelSSLSocketFactory extends SSLSocketFactory {
    private final EngineSource engines;

    public KeelSSLSocketFactory(EngineSource engines) {
        this.engines = engines;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return engines.defaultClientParameters().getCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engines.defaultClientParameters().getCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException("not yet");
    }
}
