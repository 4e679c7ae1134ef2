package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.matrix.CaseParams;
import dev.keel.tls.conformance.matrix.Peer;
import dev.keel.tls.conformance.matrix.Role;
import dev.keel.tls.conformance.matrix.Scenario;
import dev.keel.tls.conformance.matrix.TlsVersion;
import dev.keel.tls.conformance.matrix.Transport;
import dev.keel.tls.conformance.pki.TestPki;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * Bouncy Castle JSSE 1.84 over the Bouncy Castle provider (over the JDK's crypto it lacks ChaCha20 and
 * some TLS 1.3 RSA setups), with its own PKIX key manager (the JDK's SunX509 never selects EC keys in
 * BCJSSE) and trust manager. Groups are set per engine through BCSSLParameters.
 */
final class BcJsseKit extends JsseKit {

    private static final Provider CRYPTO = new BouncyCastleProvider();
    private static final Provider PROVIDER = new BouncyCastleJsseProvider(CRYPTO);

    @Override
    Peer peer() {
        return Peer.BCJSSE;
    }

    @Override
    SSLContext context(TestPki.Identity identity) throws Exception {
        KeyManagerFactory kmf = null;
        if (identity != null) {
            // Keys as Bouncy Castle objects (loaded by BC's PKCS12): BCJSSE over the BC provider cannot sign
            // with the JDK's Ed25519 key objects.
            KeyStore ks = KeyStore.getInstance("PKCS12", CRYPTO);
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(identity.pkcs12())) {
                ks.load(in, TestPki.PASSWORD);
            }
            kmf = KeyManagerFactory.getInstance("PKIX", PROVIDER);
            kmf.init(ks, TestPki.PASSWORD);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", PROVIDER);
        tmf.init(TestPki.get().trustStore());
        SSLContext ctx = SSLContext.getInstance("TLS", PROVIDER);
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    @Override
    String notApplicable(Role role, Transport transport, CaseParams p) {
        if (p.scenario().isKeyUpdate()) {
            return "BCJSSE has no API to send a KeyUpdate on demand";
        }
        if (p.scenario() == Scenario.RESUMPTION && p.version() == TlsVersion.TLS13) {
            return "BCJSSE 1.84 does not resume TLS 1.3 sessions (it ignores NewSessionTicket)";
        }
        return null;
    }

    /**
     * BCJSSE also uses its named groups to decide which ECDSA curves it signs and verifies with: with
     * x25519 alone it refuses the P-256 leaf and the P-384 root. The wanted groups come first and BCJSSE
     * is told to prefer its own order, so a server still picks (or asks with a HelloRetryRequest for)
     * the wanted group, and a client sends its key share for it.
     */
    @Override
    String[] groups(String[] wanted) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(java.util.Arrays.asList(wanted));
        all.add("secp256r1");
        all.add("secp384r1");
        return all.toArray(new String[0]);
    }

    /**
     * A client sends its early key share only for the first wanted group (setEarlyKeyShares), so that
     * the extra curves above never take the key exchange.
     */
    @Override
    void restrictGroups(SSLEngine engine, String[] groups) {
        BCSSLEngine bc = (BCSSLEngine) engine;
        BCSSLParameters params = bc.getParameters();
        params.setNamedGroups(groups);
        params.setUseNamedGroupsOrder(true);
        if (engine.getUseClientMode()) {
            params.setEarlyKeyShares(new String[] {groups[0]});
        }
        bc.setParameters(params);
    }

    /**
     * BCJSSE's layered socket passes shutdownOutput() to TCP without a close_notify; its close() sends
     * close_notify, so the harness closes it fully (Conscrypt covers the TCP half-close instead).
     */
    @Override
    boolean clientHalfCloses() {
        return false;
    }
}
