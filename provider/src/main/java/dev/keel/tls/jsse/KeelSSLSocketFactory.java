package dev.keel.tls.jsse;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Objects;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;

/**
 * Keel's {@link SSLSocketFactory}: every socket it makes is a {@link KeelSSLSocket} over an engine from
 * the {@link EngineSource} (Keel's SSLContext, or any other context adapted to it).
 *
 * <p>Client sockets are connected, unconnected ({@link #createSocket()}, as {@code HttpsURLConnection}
 * uses them) or layered over an existing connection ({@link #createSocket(Socket, String, int, boolean)},
 * for proxy tunnels). {@link #createSocket(Socket, InputStream, boolean)} makes a server-side socket over
 * a connection whose first bytes the caller already read.
 */
public final class KeelSSLSocketFactory extends SSLSocketFactory {
    private final EngineSource engines;

    public KeelSSLSocketFactory(EngineSource engines) {
        this.engines = Objects.requireNonNull(engines, "engines");
    }

    /** The suites a new client socket enables: the source's default client parameters. */
    @Override
    public String[] getDefaultCipherSuites() {
        SSLParameters defaults = engines.defaultClientParameters();
        String[] suites = defaults.getCipherSuites();
        return suites != null ? suites : engines.createEngine(null, -1).getEnabledCipherSuites();
    }

    /** Every suite the engines support. */
    @Override
    public String[] getSupportedCipherSuites() {
        return engines.createEngine(null, -1).getSupportedCipherSuites();
    }

    /** An unconnected client socket; connect it with {@link Socket#connect}. */
    @Override
    public Socket createSocket() {
        return KeelSSLSocket.unconnected(engines);
    }

    /** A client socket connected to {@code host} (null: the loopback address), which is also the name
     * the engine uses for SNI and endpoint identification. */
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return KeelSSLSocket.connected(engines, host, resolve(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return KeelSSLSocket.connected(engines, host, resolve(host, port), new InetSocketAddress(localHost, localPort));
    }

    /** A client socket connected to {@code host}; the engine's peer name is the name the address was
     * created with (no reverse lookup), else its literal. */
    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return KeelSSLSocket.connected(engines, KeelSSLSocket.hostString(host), new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return KeelSSLSocket.connected(engines, KeelSSLSocket.hostString(address), new InetSocketAddress(address, port),
                new InetSocketAddress(localAddress, localPort));
    }

    /**
     * A client socket layered over the connected socket {@code s}; {@code host} and {@code port} name
     * the TLS server (for SNI, endpoint identification and session resumption). With {@code autoClose}
     * closing the TLS socket closes {@code s}.
     */
    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return KeelSSLSocket.layeredClient(engines, Objects.requireNonNull(s, "s"), host, port, autoClose);
    }

    /**
     * A server-mode socket layered over the connected socket {@code s}, from which the caller already
     * read {@code consumed} (may be null): those bytes are given to the engine before anything else read
     * from {@code s}, up to the end of {@code consumed}.
     */
    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        return KeelSSLSocket.layeredServer(engines, Objects.requireNonNull(s, "s"), consumed, autoClose);
    }

    private static InetSocketAddress resolve(String host, int port) throws UnknownHostException {
        InetSocketAddress address = host == null
                ? new InetSocketAddress(InetAddress.getByName(null), port)
                : new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        return address;
    }
}
