package dev.keel.tls.jsse;

import dev.keel.tls.config.Credential;
import dev.keel.tls.config.CredentialSelector;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.EdECKey;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The core's {@link CredentialSelector} over the application's key manager.
 *
 * <p>An {@link X509ExtendedKeyManager} is asked through {@code chooseEngineServerAlias} /
 * {@code chooseEngineClientAlias} with the engine (or, for a socket, {@code chooseServerAlias} /
 * {@code chooseClientAlias} with the socket), so it can consult the handshake session. A plain
 * {@link X509KeyManager} is asked with a {@code null} socket.
 *
 * <p>Key types: the core asks in JCA key algorithm names ("EC", "RSA", "RSASSA-PSS", "Ed25519",
 * "Ed448"). The JDK's key managers know EdDSA keys as "EdDSA" (both curves), so for "Ed25519" and
 * "Ed448" the curve name is tried first, then "EdDSA"; whatever the key manager returns is checked:
 * the leaf's key must really be of the asked type and curve, and the private key must be there.
 */
public final class KeyManagerCredentials implements CredentialSelector {
    private final X509KeyManager keyManager;
    private final SSLEngine engine;
    private final SSLSocket socket;

    /** For an engine: extended key managers get {@code chooseEngine*Alias(..., engine)}. */
    public KeyManagerCredentials(X509KeyManager keyManager, SSLEngine engine) {
        this(keyManager, engine, null);
    }

    /** For a socket: key managers get {@code choose*Alias(..., socket)}. */
    public KeyManagerCredentials(X509KeyManager keyManager, SSLSocket socket) {
        this(keyManager, null, socket);
    }

    private KeyManagerCredentials(X509KeyManager keyManager, SSLEngine engine, SSLSocket socket) {
        if (keyManager == null) {
            throw new IllegalArgumentException("keyManager is null");
        }
        this.keyManager = keyManager;
        this.engine = engine;
        this.socket = socket;
    }

    @Override
    public Credential chooseServerCredential(String keyType, Principal[] issuers) {
        for (String kmType : keyManagerKeyTypes(keyType)) {
            Credential c = credentialFor(chooseServerAlias(kmType, issuers), keyType);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    @Override
    public Credential chooseClientCredential(String[] keyTypes, Principal[] issuers) {
        // One key type at a time, so the core's preference order wins over the key manager's.
        for (String keyType : keyTypes) {
            for (String kmType : keyManagerKeyTypes(keyType)) {
                Credential c = credentialFor(chooseClientAlias(kmType, issuers), keyType);
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The key type names to ask a JDK-style key manager for, most specific first. */
    static List<String> keyManagerKeyTypes(String jcaKeyType) {
        return switch (jcaKeyType) {
            case "Ed25519", "Ed448" -> List.of(jcaKeyType, "EdDSA");
            default -> List.of(jcaKeyType);
        };
    }

    /**
     * The key algorithm of {@code key} in the core's names: "EC", "RSA", "RSASSA-PSS", "Ed25519",
     * "Ed448"; other algorithms as the key names them. EdDSA keys are told apart by their curve
     * (from {@link EdECKey}, else from the OID in the encoded SubjectPublicKeyInfo, RFC 8410 3).
     */
    static String keyAlgorithm(PublicKey key) {
        String alg = key.getAlgorithm();
        if (!"EdDSA".equalsIgnoreCase(alg)) {
            return alg;
        }
        if (key instanceof EdECKey ed) {
            return ed.getParams().getName();
        }
        byte[] spki = key.getEncoded();
        // SEQUENCE { SEQUENCE { OID 1.3.101.112|113 } ... }: the OID's last byte is at offset 8.
        if (spki != null && spki.length > 8 && spki[4] == 0x06 && spki[5] == 0x03 && spki[6] == 0x2B
                && spki[7] == 0x65) {
            if (spki[8] == 0x70) {
                return "Ed25519";
            }
            if (spki[8] == 0x71) {
                return "Ed448";
            }
        }
        return alg;
    }

    private String chooseServerAlias(String kmType, Principal[] issuers) {
        if (keyManager instanceof X509ExtendedKeyManager x && engine != null) {
            return x.chooseEngineServerAlias(kmType, issuers, engine);
        }
        return keyManager.chooseServerAlias(kmType, issuers, socket);
    }

    private String chooseClientAlias(String kmType, Principal[] issuers) {
        String[] types = {kmType};
        if (keyManager instanceof X509ExtendedKeyManager x && engine != null) {
            return x.chooseEngineClientAlias(types, issuers, engine);
        }
        return keyManager.chooseClientAlias(types, issuers, socket);
    }

    /** The credential under {@code alias} if it is complete and of {@code keyType}, else null. */
    private Credential credentialFor(String alias, String keyType) {
        if (alias == null) {
            return null;
        }
        X509Certificate[] chain = keyManager.getCertificateChain(alias);
        PrivateKey key = keyManager.getPrivateKey(alias);
        if (chain == null || chain.length == 0 || key == null
                || Arrays.stream(chain).anyMatch(c -> c == null)
                || !keyType.equalsIgnoreCase(keyAlgorithm(chain[0].getPublicKey()))) {
            return null;
        }
        return new Credential(Arrays.asList(chain), key);
    }
}
