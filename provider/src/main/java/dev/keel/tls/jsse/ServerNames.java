package dev.keel.tls.jsse;

import dev.keel.tls.config.ServerNameMatcher;
import dev.keel.tls.message.ServerName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.StandardConstants;

/**
 * Server Name Indication (RFC 6066 section 3) between JSSE's {@code SNIServerName}/{@code SNIMatcher}
 * and the core's {@link ServerName}/{@link ServerNameMatcher}.
 */
final class ServerNames {
    private ServerNames() {
    }

    /**
     * The host_name a client sends when the application set no server names: the peer host, when it
     * is a DNS name with at least one dot (like SunJSSE: a bare "localhost" or single-label name is
     * not sent), not an IP literal (RFC 6066 3: "Literal IPv4 and IPv6 addresses are not permitted"),
     * and valid for {@link SNIHostName}; one trailing dot is removed (RFC 6066: no trailing dot).
     * Returns {@code null} otherwise.
     */
    static SNIHostName defaultHostName(String peerHost) {
        if (peerHost == null) {
            return null;
        }
        String h = peerHost.endsWith(".") ? peerHost.substring(0, peerHost.length() - 1) : peerHost;
        if (h.indexOf('.') <= 0 || HostnameChecker.isIpLiteral(h)) {
            return null;
        }
        try {
            return new SNIHostName(h);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static List<ServerName> toCore(Collection<SNIServerName> names) {
        List<ServerName> out = new ArrayList<>(names.size());
        for (SNIServerName n : names) {
            out.add(new ServerName(n.getType(), n.getEncoded()));
        }
        return out;
    }

    /** The JSSE form of a name the peer sent; host names become {@link SNIHostName} when valid. */
    static SNIServerName toJsse(ServerName name) {
        if (name.type() == StandardConstants.SNI_HOST_NAME) {
            try {
                return new SNIHostName(name.encoded());
            } catch (IllegalArgumentException e) {
                // Not a valid host name: still report it, as an opaque name of that type.
            }
        }
        return new OpaqueServerName(name.type(), name.encoded());
    }

    static List<SNIServerName> toJsse(List<ServerName> names) {
        List<SNIServerName> out = new ArrayList<>(names.size());
        for (ServerName n : names) {
            out.add(toJsse(n));
        }
        return out;
    }

    static List<ServerNameMatcher> toCoreMatchers(Collection<SNIMatcher> matchers) {
        List<ServerNameMatcher> out = new ArrayList<>(matchers.size());
        for (SNIMatcher m : matchers) {
            out.add(new MatcherAdapter(m));
        }
        return out;
    }

    /** An {@link SNIMatcher} seen through the core's interface. */
    private record MatcherAdapter(SNIMatcher matcher) implements ServerNameMatcher {
        @Override
        public int type() {
            return matcher.getType();
        }

        @Override
        public boolean matches(ServerName name) {
            return matcher.matches(toJsse(name));
        }
    }

    /** A server name of a type JSSE has no class for (or a host name that is not valid). */
    private static final class OpaqueServerName extends SNIServerName {
        OpaqueServerName(int type, byte[] encoded) {
            super(type, encoded);
        }
    }
}
