package dev.keel.tls.config;

import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.ServerName;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one connection needs to know about local policy, free of JSSE types. The JSSE layer
 * builds one from {@code SSLParameters} and the context's key and trust managers when a handshake
 * starts; it is immutable afterwards.
 */
public final class TlsConfig {
    /** Default cap on one handshake message (certificate chains included): 64 KiB. */
    public static final int DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE = 1 << 16;

    private final boolean clientMode;
    private final List<ProtocolVersion> protocols;
    private final List<CipherSuite> cipherSuites;
    private final boolean useServerCipherSuiteOrder;
    private final List<NamedGroup> namedGroups;
    private final int clientKeyShareCount;
    private final List<SignatureScheme> signatureSchemes;
    private final List<SignatureScheme> signatureSchemesCert;
    private final List<String> applicationProtocols;
    private final ApplicationProtocolSelector applicationProtocolSelector;
    private final List<ServerName> serverNames;
    private final List<ServerNameMatcher> serverNameMatchers;
    private final ClientAuth clientAuth;
    private final CredentialSelector credentials;
    private final PeerVerifier peerVerifier;
    private final SecureRandom random;
    private final String peerHost;
    private final int peerPort;
    private final boolean middleboxCompatibility;
    private final int maxHandshakeMessageSize;
    private final HandshakeObserver observer;
    private final boolean requireExtendedMasterSecret;

    private TlsConfig(Builder b) {
        this.clientMode = b.clientMode;
        this.protocols = List.copyOf(b.protocols);
        this.cipherSuites = List.copyOf(b.cipherSuites);
        this.useServerCipherSuiteOrder = b.useServerCipherSuiteOrder;
        this.namedGroups = List.copyOf(b.namedGroups);
        this.clientKeyShareCount = b.clientKeyShareCount;
        this.signatureSchemes = List.copyOf(b.signatureSchemes);
        this.signatureSchemesCert = List.copyOf(b.signatureSchemesCert);
        this.applicationProtocols = List.copyOf(b.applicationProtocols);
        this.applicationProtocolSelector = b.applicationProtocolSelector;
        this.serverNames = List.copyOf(b.serverNames);
        this.serverNameMatchers = List.copyOf(b.serverNameMatchers);
        this.clientAuth = Objects.requireNonNull(b.clientAuth);
        this.credentials = Objects.requireNonNull(b.credentials);
        this.peerVerifier = b.peerVerifier;
        this.random = b.random != null ? b.random : DefaultRandom.INSTANCE;
        this.peerHost = b.peerHost;
        this.peerPort = b.peerPort;
        this.middleboxCompatibility = b.middleboxCompatibility;
        this.maxHandshakeMessageSize = b.maxHandshakeMessageSize;
        this.observer = Objects.requireNonNull(b.observer);
        this.requireExtendedMasterSecret = b.requireExtendedMasterSecret;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean clientMode() {
        return clientMode;
    }

    /** Enabled protocol versions. */
    public List<ProtocolVersion> protocols() {
        return protocols;
    }

    /** Enabled cipher suites, most preferred first. */
    public List<CipherSuite> cipherSuites() {
        return cipherSuites;
    }

    /** Server: pick the suite by our order rather than the client's (JSSE useCipherSuitesOrder). */
    public boolean useServerCipherSuiteOrder() {
        return useServerCipherSuiteOrder;
    }

    /** Enabled groups, most preferred first. */
    public List<NamedGroup> namedGroups() {
        return namedGroups;
    }

    /** How many key shares a client sends up front (the first N groups). */
    public int clientKeyShareCount() {
        return clientKeyShareCount;
    }

    /** Schemes we accept for CertificateVerify (signature_algorithms), most preferred first. */
    public List<SignatureScheme> signatureSchemes() {
        return signatureSchemes;
    }

    /** Schemes we accept in certificates (signature_algorithms_cert). */
    public List<SignatureScheme> signatureSchemesCert() {
        return signatureSchemesCert;
    }

    /** ALPN protocols: the client's offer, or the server's preference order. Empty: no ALPN. */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /** Server: the application's ALPN selector, or {@code null}. */
    public ApplicationProtocolSelector applicationProtocolSelector() {
        return applicationProtocolSelector;
    }

    /** Client: names to send in server_name. */
    public List<ServerName> serverNames() {
        return serverNames;
    }

    /** Server: SNI matchers; empty accepts any name. */
    public List<ServerNameMatcher> serverNameMatchers() {
        return serverNameMatchers;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    public CredentialSelector credentials() {
        return credentials;
    }

    /** Trust decisions; {@code null} means no trust manager was configured (peers cannot be trusted). */
    public PeerVerifier peerVerifier() {
        return peerVerifier;
    }

    public SecureRandom random() {
        return random;
    }

    /** The peer's host as the application named it, or {@code null}. */
    public String peerHost() {
        return peerHost;
    }

    /** The peer's port, or -1. */
    public int peerPort() {
        return peerPort;
    }

    /** RFC 8446 D.4: send a fake session id and a change_cipher_spec. On by default, like browsers. */
    public boolean middleboxCompatibility() {
        return middleboxCompatibility;
    }

    public int maxHandshakeMessageSize() {
        return maxHandshakeMessageSize;
    }

    /** Who watches the handshake messages; {@link HandshakeObserver#NONE} by default. */
    public HandshakeObserver observer() {
        return observer;
    }

    /**
     * TLS 1.2: refuse a full handshake without the extended master secret (RFC 7627 5.2) with
     * handshake_failure. On by default; turning it off lets Keel talk to legacy peers, whose sessions
     * are then open to the triple-handshake attack (RFC 7627 1).
     */
    public boolean requireExtendedMasterSecret() {
        return requireExtendedMasterSecret;
    }

    /** Builder with Keel's defaults. */
    /**
     * The SecureRandom of configurations that name none, made on first use and shared: SecureRandom is
     * thread-safe, and making one per connection would cost a provider lookup and a new DRBG each time.
     */
    private static final class DefaultRandom {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    public static final class Builder {
        // The defaults are shared immutable lists: a session keeps its configuration's signature
        // schemes, and one list per connection would be retained by every idle connection (issue 7).
        private static final List<ProtocolVersion> DEFAULT_PROTOCOLS =
                List.of(ProtocolVersion.TLS13, ProtocolVersion.TLS12);
        private static final List<CipherSuite> DEFAULT_CIPHER_SUITES = defaultCipherSuites();
        private static final List<NamedGroup> DEFAULT_NAMED_GROUPS = List.of(
                NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1, NamedGroup.X448,
                NamedGroup.FFDHE2048, NamedGroup.FFDHE3072);
        private static final List<SignatureScheme> DEFAULT_SIGNATURE_SCHEMES = List.of(
                SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.ECDSA_SECP384R1_SHA384,
                SignatureScheme.ECDSA_SECP521R1_SHA512, SignatureScheme.ED25519, SignatureScheme.ED448,
                SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA384,
                SignatureScheme.RSA_PSS_RSAE_SHA512, SignatureScheme.RSA_PSS_PSS_SHA256,
                SignatureScheme.RSA_PSS_PSS_SHA384, SignatureScheme.RSA_PSS_PSS_SHA512,
                SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.RSA_PKCS1_SHA384,
                SignatureScheme.RSA_PKCS1_SHA512);

        private boolean clientMode;
        private List<ProtocolVersion> protocols = DEFAULT_PROTOCOLS;
        private List<CipherSuite> cipherSuites = DEFAULT_CIPHER_SUITES;
        private boolean useServerCipherSuiteOrder = true;
        private List<NamedGroup> namedGroups = DEFAULT_NAMED_GROUPS;
        private int clientKeyShareCount = 1;
        private List<SignatureScheme> signatureSchemes = DEFAULT_SIGNATURE_SCHEMES;
        private List<SignatureScheme> signatureSchemesCert = List.of();
        private List<String> applicationProtocols = List.of();
        private ApplicationProtocolSelector applicationProtocolSelector;
        private List<ServerName> serverNames = List.of();
        private List<ServerNameMatcher> serverNameMatchers = List.of();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private CredentialSelector credentials = CredentialSelector.NONE;
        private PeerVerifier peerVerifier;
        /** {@code null}: {@link DefaultRandom} (a SecureRandom per builder costs kilobytes, issue 7). */
        private SecureRandom random;
        private String peerHost;
        private int peerPort = -1;
        private boolean middleboxCompatibility = true;
        private int maxHandshakeMessageSize = DEFAULT_MAX_HANDSHAKE_MESSAGE_SIZE;
        private HandshakeObserver observer = HandshakeObserver.NONE;
        private boolean requireExtendedMasterSecret = true;

        /** Every suite Keel implements that is enabled by default, in Keel's order. */
        private static List<CipherSuite> defaultCipherSuites() {
            List<CipherSuite> out = new ArrayList<>();
            for (CipherSuite s : CipherSuite.values()) {
                if (s.enabledByDefault()) {
                    out.add(s);
                }
            }
            return List.copyOf(out);
        }

        public Builder clientMode(boolean v) {
            clientMode = v;
            return this;
        }

        public Builder protocols(List<ProtocolVersion> v) {
            protocols = v;
            return this;
        }

        public Builder cipherSuites(List<CipherSuite> v) {
            cipherSuites = v;
            return this;
        }

        public Builder useServerCipherSuiteOrder(boolean v) {
            useServerCipherSuiteOrder = v;
            return this;
        }

        public Builder namedGroups(List<NamedGroup> v) {
            namedGroups = v;
            return this;
        }

        public Builder clientKeyShareCount(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("clientKeyShareCount must be at least 1");
            }
            clientKeyShareCount = v;
            return this;
        }

        /**
         * Schemes for signature_algorithms. rsa_pkcs1_* may be listed: in TLS 1.3 they are then only
         * offered for certificates, never used in CertificateVerify (RFC 8446 4.2.3).
         */
        public Builder signatureSchemes(List<SignatureScheme> v) {
            signatureSchemes = v;
            return this;
        }

        /** Schemes for signature_algorithms_cert; empty means "same as signature_algorithms". */
        public Builder signatureSchemesCert(List<SignatureScheme> v) {
            signatureSchemesCert = v;
            return this;
        }

        public Builder applicationProtocols(List<String> v) {
            applicationProtocols = v;
            return this;
        }

        public Builder applicationProtocolSelector(ApplicationProtocolSelector v) {
            applicationProtocolSelector = v;
            return this;
        }

        public Builder serverNames(List<ServerName> v) {
            serverNames = v;
            return this;
        }

        public Builder serverNameMatchers(List<ServerNameMatcher> v) {
            serverNameMatchers = v;
            return this;
        }

        public Builder clientAuth(ClientAuth v) {
            clientAuth = v;
            return this;
        }

        public Builder credentials(CredentialSelector v) {
            credentials = v;
            return this;
        }

        public Builder peerVerifier(PeerVerifier v) {
            peerVerifier = v;
            return this;
        }

        /** The randomness source; {@code null} (the default) means one SecureRandom shared by all configs. */
        public Builder random(SecureRandom v) {
            random = v;
            return this;
        }

        public Builder peer(String host, int port) {
            peerHost = host;
            peerPort = port;
            return this;
        }

        public Builder middleboxCompatibility(boolean v) {
            middleboxCompatibility = v;
            return this;
        }

        public Builder maxHandshakeMessageSize(int v) {
            maxHandshakeMessageSize = v;
            return this;
        }

        public Builder observer(HandshakeObserver v) {
            observer = v == null ? HandshakeObserver.NONE : v;
            return this;
        }

        public Builder requireExtendedMasterSecret(boolean v) {
            requireExtendedMasterSecret = v;
            return this;
        }

        public TlsConfig build() {
            return new TlsConfig(this);
        }
    }
}
