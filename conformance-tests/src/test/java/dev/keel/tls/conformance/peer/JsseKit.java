package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.app.JsseConfig;
import dev.keel.tls.conformance.matrix.CaseParams;
import dev.keel.tls.conformance.matrix.Peer;
import dev.keel.tls.conformance.matrix.Role;
import dev.keel.tls.conformance.matrix.Transport;
import dev.keel.tls.conformance.pki.TestPki;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * How to use one in-process JSSE provider as a peer: its SSLContext with the test PKI, and its quirks
 * (key managers, group selection, ticket switches) — see /work/shared/PEERS.md for where they come from.
 */
abstract class JsseKit {

    abstract Peer peer();

    /** A context holding {@code identity} (null: none) and trusting only the test root. */
    abstract SSLContext context(TestPki.Identity identity) throws Exception;

    /** Why this provider cannot take part in a combination, or null. */
    abstract String notApplicable(Role role, Transport transport, CaseParams p);

    /** Whether a server of this provider refuses an ALPN mismatch with no_application_protocol. */
    boolean refusesAlpnMismatch() {
        return true;
    }

    /** The parameters of a case for this provider (version, suite, ALPN, SNI, client auth). */
    SSLParameters parameters(SSLParameters p, CaseParams c, boolean client) {
        return JsseConfig.apply(p, c, client);
    }

    /** A configured engine; {@code groups} (null: the provider's default) restricts the groups if possible. */
    SSLEngine engine(SSLContext context, CaseParams p, boolean client, String[] groups) {
        SSLEngine e = client ? context.createSSLEngine("localhost", 443) : context.createSSLEngine();
        e.setUseClientMode(client);
        e.setSSLParameters(parameters(e.getSSLParameters(), p, client));
        if (groups != null) {
            restrictGroups(e, groups(groups));
        }
        return e;
    }

    /** The group list to give this provider when a case wants {@code wanted} (some need extra curves). */
    String[] groups(String[] wanted) {
        return wanted;
    }

    /** Restricts an engine's groups; providers that cannot never get a group case (see notApplicable). */
    void restrictGroups(SSLEngine engine, String[] groups) {
        throw new UnsupportedOperationException(peer().label() + " cannot restrict groups per connection");
    }

    /** A socket server of this provider running {@code handler}. */
    dev.keel.tls.conformance.app.SocketServer socketServer(SSLContext context,
            java.util.function.UnaryOperator<SSLParameters> parameters,
            dev.keel.tls.conformance.app.SocketServer.Handler handler) throws java.io.IOException {
        return new dev.keel.tls.conformance.app.SocketServer(context, parameters, handler);
    }

    /**
     * Whether the harness ends this provider's client connection with {@code shutdownOutput()} and then
     * reads to the subject's close (a TLS 1.3 half-close, where the provider sends close_notify there);
     * false: with a full {@code close()}, which sends close_notify, without reading the subject's.
     */
    boolean clientHalfCloses() {
        return true;
    }

    /**
     * Why this provider's client, closed as {@link #clientHalfCloses} says, sends no close_notify (the
     * subject must then report the truncation: {@link CloseCheck}); null when it sends one.
     */
    String clientCloseWithoutCloseNotify() {
        return null;
    }

    /** Provider-specific preparation of a client socket before its handshake. */
    void prepareClientSocket(SSLSocket socket) {
    }
}
