package dev.keel.tls.hostile;

import dev.keel.tls.config.Credential;
import dev.keel.tls.config.CredentialSelector;
import dev.keel.tls.config.PeerVerifier;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.Identity;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Core configurations for the hostile-peer tests: a Keel client that trusts the test CA, and a Keel
 * server holding one of the test certificates. The peer verifier here is the test's own (the leaf must
 * be signed by the test CA and currently valid), so the tests depend on no JSSE trust manager.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** Trusts chains whose leaf the test CA signed. */
    static final PeerVerifier VERIFIER = new PeerVerifier() {
        @Override
        public void verifyServer(X509Certificate[] chain, String authType) throws CertificateException {
            verify(chain);
        }

        @Override
        public void verifyClient(X509Certificate[] chain, String authType) throws CertificateException {
            verify(chain);
        }

        private void verify(X509Certificate[] chain) throws CertificateException {
            if (chain.length == 0) {
                throw new CertificateException("empty chain");
            }
            chain[0].checkValidity();
            try {
                chain[0].verify(TestPki.caCertificate().getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new CertificateException("not issued by the test CA", e);
            }
        }
    };

    /** A client: default Keel policy, the test verifier, peer localhost:443. */
    static TlsConfig.Builder client() {
        return TlsConfig.builder().clientMode(true).peerVerifier(VERIFIER).peer(TestPki.HOST, 443);
    }

    /** A client that can answer a CertificateRequest with the test client certificate. */
    static TlsConfig.Builder clientWithCertificate() {
        return client().credentials(credentials(TestPki.client()));
    }

    /** A server with the test certificate of {@code key}. */
    static TlsConfig.Builder server(KeyType key) {
        return TlsConfig.builder().clientMode(false).credentials(credentials(TestPki.server(key)))
                .peerVerifier(VERIFIER);
    }

    /**
     * Offers the one identity for every key type; the handshake itself checks that the certificate's
     * key fits the signature scheme it picks.
     */
    static CredentialSelector credentials(Identity id) {
        Credential c = new Credential(List.of(id.chain()), id.privateKey());
        return new CredentialSelector() {
            @Override
            public Credential chooseServerCredential(String keyType, Principal[] issuers) {
                return c;
            }

            @Override
            public Credential chooseClientCredential(String[] keyTypes, Principal[] issuers) {
                return c;
            }
        };
    }
}
