package dev.keel.tls.jsse;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * What the socket layer needs from an SSLContext: fresh engines and the context's default parameters.
 * {@code KeelSSLSocket} is built on an engine from here, so sockets and engines share one protocol
 * implementation.
 */
public interface EngineSource {
    /** A new engine for the given peer (host may be null, port -1), not yet in client or server mode. */
    SSLEngine createEngine(String peerHost, int peerPort);

    SSLParameters defaultClientParameters();

    SSLParameters defaultServerParameters();
}
