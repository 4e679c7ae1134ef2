package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.matrix.CaseParams;
import dev.keel.tls.conformance.matrix.CertType;
import dev.keel.tls.conformance.matrix.Group;
import dev.keel.tls.conformance.matrix.Peer;
import dev.keel.tls.conformance.matrix.Role;
import dev.keel.tls.conformance.matrix.Suite;
import dev.keel.tls.conformance.matrix.TlsVersion;
import dev.keel.tls.conformance.matrix.Transport;
import dev.keel.tls.conformance.pki.TestPki;
import java.net.Socket;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.conscrypt.Conscrypt;

/**
 * Conscrypt 2.5.2 (BoringSSL). Its quirks: TLS 1.3 authType "GENERIC" reaches the trust manager (mapped
 * to the JDK's "UNKNOWN" by a wrapper); a server needs a TLS 1.2 suite enabled or fails with
 * NO_CERTIFICATE_SET; TLS 1.3 suites cannot be chosen (the subject's choice decides); resumption needs
 * session tickets switched on per engine; no FFDHE, no DHE suites, no API to choose groups.
 */
final class ConscryptKit extends JsseKit {

    private static final Provider PROVIDER = Conscrypt.newProvider();

    @Override
    Peer peer() {
        return Peer.CONSCRYPT;
    }

    @Override
    SSLContext context(TestPki.Identity identity) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS", PROVIDER);
        TrustManager[] jdk = TestPki.get().jdkTrustManagers();
        KeyManagerFactory kmf = null;
        if (identity != null) {
            // The JDK's "PKIX" key manager finds no key for Conscrypt's engines (NO_CERTIFICATE_SET); SunX509 does.
            kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(identity.keyStore(), TestPki.PASSWORD);
        }
        ctx.init(kmf == null ? null : kmf.getKeyManagers(),
                new TrustManager[] {new GenericAuthTypeTrustManager((X509ExtendedTrustManager) jdk[0])},
                new SecureRandom());
        return ctx;
    }

    @Override
    String notApplicable(Role role, Transport transport, CaseParams p) {
        if (p.scenario().isKeyUpdate()) {
            return "Conscrypt has no API to send a KeyUpdate on demand";
        }
        if (p.suite().isDhe()) {
            return "BoringSSL has no DHE key exchange";
        }
        if (p.group() == Group.FFDHE2048) {
            return "BoringSSL has no FFDHE groups";
        }
        if (p.cert() == CertType.ED25519) {
            return "Conscrypt 2.5.2 neither selects an Ed25519 server key (NO_CERTIFICATE_SET) nor offers Ed25519"
                    + " signatures as a client";
        }
        if (p.group() != null) {
            return "Conscrypt 2.5.2 has no API to choose groups, and the subject cannot restrict them per connection"
                    + " on JDK 17";
        }
        return null;
    }

    @Override
    SSLParameters parameters(SSLParameters p, CaseParams c, boolean client) {
        SSLParameters out = super.parameters(p, c, client);
        if (!client && c.version() == TlsVersion.TLS13) {
            // NO_CERTIFICATE_SET unless a TLS 1.2 suite is enabled too (PEERS.md); it is never negotiated.
            Suite extra = c.cert() == CertType.RSA_2048 ? Suite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                    : Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
            String[] suites = Arrays.copyOf(out.getCipherSuites(), out.getCipherSuites().length + 1);
            suites[suites.length - 1] = extra.jsseName();
            out.setCipherSuites(suites);
        }
        return out;
    }

    @Override
    SSLEngine engine(SSLContext context, CaseParams p, boolean client, String[] groups) {
        SSLEngine e = super.engine(context, p, client, groups);
        Conscrypt.setUseSessionTickets(e, true);
        String[] alpn = client ? p.scenario().clientAlpn() : p.scenario().serverAlpn();
        if (alpn != null) {
            Conscrypt.setApplicationProtocols(e, alpn);
        }
        return e;
    }

    /** BoringSSL's ALPN callback answers "no overlap" by ignoring ALPN (SSL_TLSEXT_ERR_NOACK), not with an alert. */
    @Override
    boolean refusesAlpnMismatch() {
        return false;
    }

    /**
     * Conscrypt's accepted sockets look up the peer's original host name by reflection into
     * java.net.InetAddress, which JDK 17 refuses; a socket layered over an accepted TCP socket is given
     * the host name and needs no reflection.
     */
    @Override
    dev.keel.tls.conformance.app.SocketServer socketServer(SSLContext context,
            java.util.function.UnaryOperator<SSLParameters> parameters,
            dev.keel.tls.conformance.app.SocketServer.Handler handler) throws java.io.IOException {
        return dev.keel.tls.conformance.app.SocketServer.layered(context, parameters, handler);
    }

    /**
     * Conscrypt's layered socket implements shutdownOutput() as a TCP half-close, with no close_notify
     * (the wire shows its last record is application data, then FIN). Kept as the matrix's peer that
     * closes without close_notify: the subject server must report the truncation.
     */
    @Override
    String clientCloseWithoutCloseNotify() {
        return "Conscrypt's layered socket: shutdownOutput() is a TCP half-close without close_notify";
    }

    @Override
    void prepareClientSocket(SSLSocket socket) {
        Conscrypt.setUseSessionTickets(socket, true);
    }

    /** Maps Conscrypt's TLS 1.3 authType "GENERIC" to the JDK's "UNKNOWN" (no key-exchange-specific check). */
    private static final class GenericAuthTypeTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        GenericAuthTypeTrustManager(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        private static String map(String authType) {
            return "GENERIC".equals(authType) ? "UNKNOWN" : authType;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkClientTrusted(chain, map(authType), socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkServerTrusted(chain, map(authType), socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, map(authType), engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, map(authType), engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, map(authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, map(authType));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
