package dev.keel.tls.config;

import java.security.Principal;

/**
 * Chooses our certificate and key; the JSSE layer implements it over the user's
 * {@code X509ExtendedKeyManager} ({@code chooseEngineServerAlias} / {@code chooseEngineClientAlias}).
 *
 * <p>Key types are JCA key algorithm names: "EC", "RSA", "RSASSA-PSS", "Ed25519", "Ed448" (see
 * {@link dev.keel.tls.crypto.SignatureScheme#keyAlgorithm()}). The handshake session is up to date
 * when these are called, so a key manager may consult it.
 */
public interface CredentialSelector {
    /** A server credential whose key is of {@code keyType}, or {@code null} when there is none. */
    Credential chooseServerCredential(String keyType, Principal[] issuers);

    /** A client credential of one of {@code keyTypes}, or {@code null} when there is none. */
    Credential chooseClientCredential(String[] keyTypes, Principal[] issuers);

    /** A selector that has no credentials. */
    CredentialSelector NONE = new CredentialSelector() {
        @Override
        public Credential chooseServerCredential(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public Credential chooseClientCredential(String[] keyTypes, Principal[] issuers) {
            return null;
        }
    };
}
