package dev.keel.tls.jsse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * Keel's {@link SSLServerSocket}: accepts TCP connections and returns them as {@link KeelSSLSocket}s
 * in server mode (or client mode, if so configured) that inherit this socket's configuration at the
 * time of {@code accept()}: enabled protocols and cipher suites, need/want client auth, session
 * creation and every other {@link SSLParameters} field.
 *
 * <p>The configuration is kept in a template engine that never handshakes, so setters validate their
 * arguments and merge {@code SSLParameters} exactly as an engine (and so an accepted socket) does.
 */
public final class KeelSSLServerSocket extends SSLServerSocket {
    private final EngineSource source;
    /** Holds the configuration; guarded by itself. Never used for a handshake. */
    private final SSLEngine template;

    /** An unbound server socket. */
    KeelSSLServerSocket(EngineSource source) throws IOException {
        this(source, serverTemplate(source));
    }

    private KeelSSLServerSocket(EngineSource source, SSLEngine template) throws IOException {
        super();
        this.source = source;
        this.template = template;
    }

    /** A server socket bound to {@code port} (0: ephemeral) on {@code bindAddress} (null: all). */
    KeelSSLServerSocket(EngineSource source, int port, int backlog, InetAddress bindAddress) throws IOException {
        this(source, serverTemplate(source), port, backlog, bindAddress);
    }

    private KeelSSLServerSocket(EngineSource source, SSLEngine template, int port, int backlog,
            InetAddress bindAddress) throws IOException {
        super(port, backlog, bindAddress);
        this.source = source;
        this.template = template;
    }

    private static SSLEngine serverTemplate(EngineSource source) {
        SSLEngine engine = source.createEngine(null, -1);
        engine.setUseClientMode(false);
        return engine;
    }

    /**
     * Waits for a connection and returns it as a {@link KeelSSLSocket} configured like this server
     * socket. The handshake happens later, on the accepted socket's first use.
     */
    @Override
    public Socket accept() throws IOException {
        Socket plain = super.accept();
        try {
            synchronized (template) {
                return KeelSSLSocket.accepted(source, plain, template.getUseClientMode(),
                        template.getSSLParameters(), template.getEnableSessionCreation());
            }
        } catch (RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    @Override
    public String[] getEnabledCipherSuites() {
        synchronized (template) {
            return template.getEnabledCipherSuites();
        }
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        synchronized (template) {
            template.setEnabledCipherSuites(suites);
        }
    }

    @Override
    public String[] getSupportedCipherSuites() {
        synchronized (template) {
            return template.getSupportedCipherSuites();
        }
    }

    @Override
    public String[] getSupportedProtocols() {
        synchronized (template) {
            return template.getSupportedProtocols();
        }
    }

    @Override
    public String[] getEnabledProtocols() {
        synchronized (template) {
            return template.getEnabledProtocols();
        }
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        synchronized (template) {
            template.setEnabledProtocols(protocols);
        }
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        synchronized (template) {
            template.setNeedClientAuth(need);
        }
    }

    @Override
    public boolean getNeedClientAuth() {
        synchronized (template) {
            return template.getNeedClientAuth();
        }
    }

    @Override
    public void setWantClientAuth(boolean want) {
        synchronized (template) {
            template.setWantClientAuth(want);
        }
    }

    @Override
    public boolean getWantClientAuth() {
        synchronized (template) {
            return template.getWantClientAuth();
        }
    }

    @Override
    public void setUseClientMode(boolean mode) {
        synchronized (template) {
            template.setUseClientMode(mode);
        }
    }

    @Override
    public boolean getUseClientMode() {
        synchronized (template) {
            return template.getUseClientMode();
        }
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        synchronized (template) {
            template.setEnableSessionCreation(flag);
        }
    }

    @Override
    public boolean getEnableSessionCreation() {
        synchronized (template) {
            return template.getEnableSessionCreation();
        }
    }

    @Override
    public SSLParameters getSSLParameters() {
        synchronized (template) {
            return template.getSSLParameters();
        }
    }

    @Override
    public void setSSLParameters(SSLParameters parameters) {
        synchronized (template) {
            template.setSSLParameters(parameters);
        }
    }

    @Override
    public String toString() {
        return "KeelSSLServerSocket[" + super.toString() + "]";
    }
}
