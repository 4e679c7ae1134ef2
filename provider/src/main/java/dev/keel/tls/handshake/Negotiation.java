package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.ApplicationProtocolSelector;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.KeyExchangeAlgorithm;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.KeyShareEntry;
import dev.keel.tls.message.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Negotiation as pure functions of the two offers and the local policy (DESIGN.md): no I/O, no state,
 * unit-tested on their own.
 */
public final class Negotiation {
    private Negotiation() {
    }

    /**
     * The TLS 1.3 suite for a server: the first of {@code enabled} the client offered when the server's
     * order wins, else the first offered by the client that is enabled. {@code null} when none.
     */
    public static CipherSuite chooseCipherSuite13(List<Integer> offered, List<CipherSuite> enabled,
            boolean serverOrder) {
        if (serverOrder) {
            for (CipherSuite s : enabled) {
                if (s.isTls13() && containsCode(offered, s.code())) {
                    return s;
                }
            }
            return null;
        }
        for (int i = 0, n = offered.size(); i < n; i++) {
            CipherSuite s = CipherSuite.fromCode(offered.get(i));
            if (s != null && s.isTls13() && enabled.contains(s)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The server's group choice (RFC 8446 4.2.8): {@code share} is the client's share to use, or
     * {@code null} when the client must be asked for a share of {@code group} with a
     * HelloRetryRequest.
     */
    public record GroupChoice(NamedGroup group, KeyShareEntry share) {
    }

    /**
     * Prefers, in the server's order, a group for which the client already sent a share (saving a
     * round trip); else the server's most preferred group that the client supports (HRR). {@code null}
     * when the two have no group in common.
     */
    public static GroupChoice chooseGroup(List<Integer> clientGroups, List<KeyShareEntry> clientShares,
            List<NamedGroup> serverGroups) {
        for (NamedGroup g : serverGroups) {
            for (KeyShareEntry e : clientShares) {
                if (e.group() == g.code()) {
                    return new GroupChoice(g, e);
                }
            }
        }
        for (NamedGroup g : serverGroups) {
            if (containsCode(clientGroups, g.code())) {
                return new GroupChoice(g, null);
            }
        }
        return null;
    }

    /**
     * ALPN on the server (RFC 7301 3.2). Returns the protocol, or {@code ""} when none is negotiated.
     * Throws no_application_protocol when the client offered protocols and neither the application's
     * selector nor the server's list accepts any of them.
     */
    public static String chooseApplicationProtocol(List<String> offered, List<String> serverProtocols,
            ApplicationProtocolSelector selector) throws TlsAlertException {
        if (offered.isEmpty()) {
            return "";
        }
        if (selector != null) {
            String chosen = selector.select(List.copyOf(offered));
            if (chosen == null) {
                throw new TlsAlertException(AlertDescription.NO_APPLICATION_PROTOCOL,
                        "the application's protocol selector accepted none of " + offered);
            }
            if (!chosen.isEmpty() && !offered.contains(chosen)) {
                throw new TlsAlertException(AlertDescription.NO_APPLICATION_PROTOCOL,
                        "the application's protocol selector chose '" + chosen
                                + "', which the client did not offer (" + offered + ")");
            }
            return chosen;
        }
        if (serverProtocols.isEmpty()) {
            return "";
        }
        for (String p : serverProtocols) {
            if (offered.contains(p)) {
                return p;
            }
        }
        throw new TlsAlertException(AlertDescription.NO_APPLICATION_PROTOCOL,
                "client offered application protocols " + offered + " but the server supports only "
                        + serverProtocols);
    }

    /**
     * Schemes that may sign a TLS 1.3 CertificateVerify: those the peer offered, in our order, that
     * TLS 1.3 allows (rsa_pkcs1_* never, RFC 8446 4.2.3).
     */
    public static List<SignatureScheme> certificateVerifySchemes13(List<Integer> peerOffered,
            List<SignatureScheme> local) {
        List<SignatureScheme> out = new ArrayList<>();
        for (SignatureScheme s : local) {
            if (s.allowedInTls13CertificateVerify() && containsCode(peerOffered, s.code())) {
                out.add(s);
            }
        }
        return out;
    }

    /** Known schemes among wire code points, in the given order (unknown and GREASE values dropped). */
    public static List<SignatureScheme> knownSchemes(List<Integer> codes) {
        List<SignatureScheme> out = new ArrayList<>();
        for (int c : codes) {
            SignatureScheme s = SignatureScheme.fromCode(c);
            if (s != null && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ versions (TLS 1.3 and 1.2)

    /**
     * The versions a side can actually negotiate, highest first: those enabled for which at least one
     * enabled cipher suite exists (a TLS 1.3 suite for TLS 1.3, a TLS 1.2 suite for TLS 1.2). Keel
     * implements nothing below TLS 1.2 (RFC 8996).
     */
    public static List<ProtocolVersion> usableVersions(List<ProtocolVersion> enabled, List<CipherSuite> suites) {
        boolean anyTls13 = false;
        boolean anyTls12 = false;
        for (int i = 0, n = suites.size(); i < n; i++) { // indexed, no stream: this runs per handshake
            if (suites.get(i).isTls13()) {
                anyTls13 = true;
            } else {
                anyTls12 = true;
            }
        }
        List<ProtocolVersion> out = new ArrayList<>(2);
        if (anyTls13 && enabled.contains(ProtocolVersion.TLS13)) {
            out.add(ProtocolVersion.TLS13);
        }
        if (anyTls12 && enabled.contains(ProtocolVersion.TLS12)) {
            out.add(ProtocolVersion.TLS12);
        }
        return out;
    }

    /**
     * The server's version choice. With supported_versions the client's list decides and
     * legacy_version is ignored (RFC 8446 4.2.1); without it the client's highest version is
     * legacy_version and at most TLS 1.2 may be negotiated (RFC 8446 4.2.1, RFC 5246 E.1).
     *
     * @param supportedVersions the client's supported_versions, or {@code null} when absent
     * @param usable the server's usable versions, highest first
     * @throws TlsAlertException protocol_version when there is no common version, with a reason that
     *     names RFC 8996 when the client offers only TLS 1.1 or older
     */
    public static ProtocolVersion chooseServerVersion(int legacyVersion, List<Integer> supportedVersions,
            List<ProtocolVersion> usable) throws TlsAlertException {
        if (supportedVersions != null) {
            for (ProtocolVersion v : usable) {
                if (containsCode(supportedVersions, v.code())) {
                    return v;
                }
            }
            int highest = 0;
            for (int code : supportedVersions) {
                if (ProtocolVersion.fromCode(code) != null) {
                    highest = Math.max(highest, code);
                }
            }
            throw noCommonVersion(highest, usable);
        }
        if (legacyVersion >= ProtocolVersion.TLS12.code() && usable.contains(ProtocolVersion.TLS12)) {
            return ProtocolVersion.TLS12;
        }
        throw noCommonVersion(Math.min(legacyVersion, ProtocolVersion.TLS12.code()), usable);
    }

    private static TlsAlertException noCommonVersion(int clientHighest, List<ProtocolVersion> usable) {
        if (clientHighest != 0 && clientHighest < ProtocolVersion.TLS12.code()) {
            return new TlsAlertException(AlertDescription.PROTOCOL_VERSION, "the client offers at most "
                    + versionName(clientHighest) + "; TLS 1.0, TLS 1.1 and SSL 3.0 are deprecated and refused"
                    + " (RFC 8996), this side supports " + names(usable));
        }
        return new TlsAlertException(AlertDescription.PROTOCOL_VERSION, "no protocol version in common: the client"
                + " offers at most " + (clientHighest == 0 ? "no known version" : versionName(clientHighest))
                + ", this side enables " + names(usable));
    }

    /** "TLSv1.1", or the hex value of an unknown version. */
    static String versionName(int code) {
        ProtocolVersion v = ProtocolVersion.fromCode(code);
        return v != null ? v.javaName() : String.format("0x%04x", code);
    }

    private static String names(List<ProtocolVersion> versions) {
        List<String> out = new ArrayList<>();
        versions.forEach(v -> out.add(v.javaName()));
        return out.toString();
    }

    /**
     * RFC 7507 3: a ClientHello carrying TLS_FALLBACK_SCSV whose version is below the highest the
     * server supports is a downgrade (the client retried after a failure an attacker may have caused):
     * inappropriate_fallback.
     */
    public static void checkFallback(List<Integer> offeredSuites, ProtocolVersion chosen,
            List<ProtocolVersion> usable) throws TlsAlertException {
        if (containsCode(offeredSuites, CipherSuite.TLS_FALLBACK_SCSV) && !usable.isEmpty()
                && usable.get(0).code() > chosen.code()) {
            throw new TlsAlertException(AlertDescription.INAPPROPRIATE_FALLBACK, "the client signalled a fallback"
                    + " (TLS_FALLBACK_SCSV) to " + chosen.javaName() + ", but this server supports "
                    + usable.get(0).javaName() + ": a downgrade (RFC 7507)");
        }
    }

    /** {@code codes.contains(code)} without boxing {@code code}. */
    static boolean containsCode(List<Integer> codes, int code) {
        for (int i = 0, n = codes.size(); i < n; i++) {
            if (codes.get(i) == code) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ TLS 1.2

    /**
     * TLS 1.2 suites both sides enable, in the order the server tries them: the server's order when it
     * wins (JSSE useCipherSuitesOrder), else the client's. Whether a suite is then usable (group,
     * certificate, signature scheme) is the server's next check.
     */
    public static List<CipherSuite> candidateSuites12(List<Integer> offered, List<CipherSuite> enabled,
            boolean serverOrder) {
        List<CipherSuite> out = new ArrayList<>();
        if (serverOrder) {
            for (CipherSuite s : enabled) {
                if (!s.isTls13() && containsCode(offered, s.code())) {
                    out.add(s);
                }
            }
            return out;
        }
        for (int i = 0, n = offered.size(); i < n; i++) {
            CipherSuite s = CipherSuite.fromCode(offered.get(i));
            if (s != null && !s.isTls13() && enabled.contains(s) && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The ECDHE group for a TLS 1.2 server (RFC 8422 5.1.1): the server's most preferred elliptic
     * curve group the client lists. A client that sent no supported_groups lets the server choose
     * (RFC 8422 4); Keel then uses secp256r1, which every ECC implementation supports, if enabled.
     *
     * @param clientGroups the client's supported_groups, or {@code null} when absent
     */
    public static NamedGroup chooseEcdheGroup(List<Integer> clientGroups, List<NamedGroup> serverGroups) {
        if (clientGroups == null) {
            return serverGroups.contains(NamedGroup.SECP256R1) ? NamedGroup.SECP256R1 : null;
        }
        for (NamedGroup g : serverGroups) {
            if (!g.isFiniteField() && containsCode(clientGroups, g.code())) {
                return g;
            }
        }
        return null;
    }

    /**
     * The finite-field group for a TLS 1.2 DHE server (RFC 7919 4): when the client lists any FFDHE
     * code point (0x0100-0x01FF), the server's most preferred of those it lists, or none at all (then
     * DHE must not be chosen); when it lists none, the client does not know RFC 7919 and the server
     * may pick: Keel's most preferred enabled FFDHE group.
     *
     * @param clientGroups the client's supported_groups, or {@code null} when absent
     */
    public static NamedGroup chooseFfdheGroup(List<Integer> clientGroups, List<NamedGroup> serverGroups) {
        boolean clientKnowsFfdhe = clientGroups != null
                && clientGroups.stream().anyMatch(c -> c >= 0x0100 && c <= 0x01FF);
        for (NamedGroup g : serverGroups) {
            if (g.isFiniteField() && (!clientKnowsFfdhe || containsCode(clientGroups, g.code()))) {
                return g;
            }
        }
        return null;
    }

    /**
     * Schemes that may sign a TLS 1.2 ServerKeyExchange for {@code kex}: those the peer offered in
     * signature_algorithms, in our order, whose key type the exchange requires (RFC 5246 7.4.1.4.1,
     * RFC 8422 5.4). A client without signature_algorithms accepts only SHA-1 (RFC 5246 7.4.1.4.1),
     * which Keel does not sign with: the list is then empty.
     */
    public static List<SignatureScheme> serverKeyExchangeSchemes(List<Integer> peerOffered,
            List<SignatureScheme> local, KeyExchangeAlgorithm kex) {
        List<SignatureScheme> out = new ArrayList<>();
        for (SignatureScheme s : local) {
            if (containsCode(peerOffered, s.code()) && kex.acceptsServerKeyExchangeSignature(s) && !isSha1(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** SHA-1 schemes are accepted for certificates only, never for handshake signatures. */
    static boolean isSha1(SignatureScheme s) {
        return s == SignatureScheme.RSA_PKCS1_SHA1 || s == SignatureScheme.ECDSA_SHA1;
    }

    /** Group code points as a person reads them: "[x25519, secp256r1, 0x4a4a]". */
    public static String groupNames(List<Integer> codes) {
        if (codes == null) {
            return "(none: no supported_groups)";
        }
        List<String> out = new ArrayList<>();
        for (int c : codes) {
            NamedGroup g = NamedGroup.fromCode(c);
            out.add(g != null ? g.rfcName() : String.format("0x%04x", c));
        }
        return out.toString();
    }

    /** Enabled groups by their RFC names. */
    public static String groupList(List<NamedGroup> groups) {
        List<String> out = new ArrayList<>();
        groups.forEach(g -> out.add(g.rfcName()));
        return out.toString();
    }

    /** Enabled versions by their JSSE names. */
    public static String versionList(List<ProtocolVersion> versions) {
        List<String> out = new ArrayList<>();
        versions.forEach(v -> out.add(v.javaName()));
        return out.toString();
    }
}
