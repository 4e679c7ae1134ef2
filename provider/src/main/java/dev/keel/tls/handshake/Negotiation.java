package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.ApplicationProtocolSelector;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.KeyShareEntry;
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
                if (s.isTls13() && offered.contains(s.code())) {
                    return s;
                }
            }
            return null;
        }
        for (int code : offered) {
            CipherSuite s = CipherSuite.fromCode(code);
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
            if (clientGroups.contains(g.code())) {
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
            if (s.allowedInTls13CertificateVerify() && peerOffered.contains(s.code())) {
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
}
