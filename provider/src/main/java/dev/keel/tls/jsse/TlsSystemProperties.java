package dev.keel.tls.jsse;

import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.ProtocolVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The system properties Keel honours, read once when a context or an engine is created (never cached
 * for the life of the JVM, so a test or an application may change them between contexts).
 *
 * <p>Standard JDK properties: {@code jdk.tls.namedGroups}, {@code jdk.tls.client.SignatureSchemes},
 * {@code jdk.tls.server.SignatureSchemes}, {@code jdk.tls.client.protocols},
 * {@code jdk.tls.server.protocols}, {@code jdk.tls.client.cipherSuites},
 * {@code jdk.tls.server.cipherSuites}: comma-separated names, optionally in double quotes; names Keel
 * does not know are ignored. A property that is unset or blank means "Keel's default".
 *
 * <p>Keel's own: {@code keel.tls.client.keyShares}, how many key shares a client sends in its first
 * ClientHello (the first N enabled groups); a positive integer, default 1.
 * {@code keel.tls.allowLegacyMasterSecret} ({@link #allowLegacyMasterSecret()}, read when an engine is
 * created): "true" accepts TLS 1.2 peers without the extended master secret.
 * Resumption, read when a context is created: {@value #RESUMPTION}, {@value #SERVER_TICKET_COUNT},
 * {@value #CLIENT_REUSE_TICKETS}, {@value #SERVER_SESSION_TICKETS}, {@value #CLIENT_SESSION_TICKETS}
 * (see each constant).
 *
 * @param namedGroups groups in preference order, or {@code null} when the property is unset
 * @param clientSignatureSchemes client signature_algorithms, or {@code null}
 * @param serverSignatureSchemes server signature_algorithms, or {@code null}
 * @param clientProtocols client protocol versions, or {@code null}
 * @param serverProtocols server protocol versions, or {@code null}
 * @param clientCipherSuites client suites, or {@code null}
 * @param serverCipherSuites server suites, or {@code null}
 * @param clientKeyShares key shares a client sends up front (at least 1)
 */
public record TlsSystemProperties(
        List<NamedGroup> namedGroups,
        List<SignatureScheme> clientSignatureSchemes,
        List<SignatureScheme> serverSignatureSchemes,
        List<ProtocolVersion> clientProtocols,
        List<ProtocolVersion> serverProtocols,
        List<CipherSuite> clientCipherSuites,
        List<CipherSuite> serverCipherSuites,
        int clientKeyShares) {

    public static final String NAMED_GROUPS = "jdk.tls.namedGroups";
    public static final String CLIENT_SIGNATURE_SCHEMES = "jdk.tls.client.SignatureSchemes";
    public static final String SERVER_SIGNATURE_SCHEMES = "jdk.tls.server.SignatureSchemes";
    public static final String CLIENT_PROTOCOLS = "jdk.tls.client.protocols";
    public static final String SERVER_PROTOCOLS = "jdk.tls.server.protocols";
    public static final String CLIENT_CIPHER_SUITES = "jdk.tls.client.cipherSuites";
    public static final String SERVER_CIPHER_SUITES = "jdk.tls.server.cipherSuites";
    /** Keel's own: number of key shares in the client's first ClientHello. */
    public static final String CLIENT_KEY_SHARES = "keel.tls.client.keyShares";
    public static final int DEFAULT_CLIENT_KEY_SHARES = 1;
    /**
     * Keel's own: "true" lets TLS 1.2 handshakes go on without the extended master secret (RFC 7627)
     * with peers that lack it; by default Keel refuses them with handshake_failure.
     */
    public static final String ALLOW_LEGACY_MASTER_SECRET = "keel.tls.allowLegacyMasterSecret";

    /** Whether {@link #ALLOW_LEGACY_MASTER_SECRET} is "true" now. */
    public static boolean allowLegacyMasterSecret() {
        return Boolean.parseBoolean(System.getProperty(ALLOW_LEGACY_MASTER_SECRET, "false").trim());
    }

    /** Keel's own: "false" turns session resumption off on both sides (default true). */
    public static final String RESUMPTION = "keel.tls.resumption";
    /**
     * Keel's own: TLS 1.3 NewSessionTicket messages a server sends after each handshake, 0..10
     * (default 1; 0 issues none). {@code jdk.tls.server.newSessionTicketCount} is read when this is unset.
     */
    public static final String SERVER_TICKET_COUNT = "keel.tls.server.newSessionTicketCount";
    /**
     * Keel's own: "true" lets a TLS 1.3 client use a ticket more than once (default false: single use,
     * RFC 8446 C.4).
     */
    public static final String CLIENT_REUSE_TICKETS = "keel.tls.client.reuseTickets";
    /**
     * Keel's own: "false" stops the TLS 1.2 session_ticket extension (RFC 5077) on the server /
     * client (default true); the JDK's {@code jdk.tls.server.enableSessionTicketExtension} /
     * {@code jdk.tls.client.enableSessionTicketExtension} are read when these are unset.
     */
    public static final String SERVER_SESSION_TICKETS = "keel.tls.server.enableSessionTicketExtension";
    public static final String CLIENT_SESSION_TICKETS = "keel.tls.client.enableSessionTicketExtension";

    /** Applies the resumption properties, read now, to a new context's store. */
    public static void applyResumptionProperties(dev.keel.tls.session.SessionStore store, boolean client) {
        store.setEnabled(bool(RESUMPTION, null, true));
        if (client) {
            store.setSingleUseTickets(!bool(CLIENT_REUSE_TICKETS, null, false));
            store.setSessionTickets12(bool(CLIENT_SESSION_TICKETS, "jdk.tls.client.enableSessionTicketExtension", true));
        } else {
            store.setSessionTickets12(bool(SERVER_SESSION_TICKETS, "jdk.tls.server.enableSessionTicketExtension", true));
            String count = firstSet(SERVER_TICKET_COUNT, "jdk.tls.server.newSessionTicketCount");
            if (count != null) {
                try {
                    int n = Integer.parseInt(count.trim());
                    if (n >= 0 && n <= 10) {
                        store.setTicketCount(n);
                    }
                } catch (NumberFormatException e) {
                    // not a number: keep the default, as with other malformed properties
                }
            }
        }
    }

    private static boolean bool(String name, String fallback, boolean dflt) {
        String v = firstSet(name, fallback);
        return v == null ? dflt : Boolean.parseBoolean(v.trim());
    }

    private static String firstSet(String name, String fallback) {
        String v = System.getProperty(name);
        if ((v == null || v.isBlank()) && fallback != null) {
            v = System.getProperty(fallback);
        }
        return v == null || v.isBlank() ? null : v;
    }

    /** The properties {@link #read()} looks at, in the order of the record's components. */
    private static final String[] READ_PROPERTIES = {NAMED_GROUPS, CLIENT_SIGNATURE_SCHEMES,
        SERVER_SIGNATURE_SCHEMES, CLIENT_PROTOCOLS, SERVER_PROTOCOLS, CLIENT_CIPHER_SUITES, SERVER_CIPHER_SUITES,
        CLIENT_KEY_SHARES};

    /** The last reading and the property values it was parsed from. */
    private record Reading(List<String> values, TlsSystemProperties parsed) {
    }

    private static volatile Reading lastReading;

    /**
     * Reads the properties now. While they keep their values, every caller shares one parsed,
     * immutable instance (each engine reads them when it is made: retained heap, issue 7).
     */
    public static TlsSystemProperties read() {
        String[] raw = new String[READ_PROPERTIES.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = System.getProperty(READ_PROPERTIES[i]);
        }
        List<String> values = Arrays.asList(raw);
        Reading last = lastReading;
        if (last != null && last.values().equals(values)) {
            return last.parsed();
        }
        TlsSystemProperties parsed = new TlsSystemProperties(
                parseList(raw[0], NamedGroup::fromName),
                parseList(raw[1], SignatureScheme::fromName),
                parseList(raw[2], SignatureScheme::fromName),
                parseList(raw[3], ProtocolVersion::fromJavaName),
                parseList(raw[4], ProtocolVersion::fromJavaName),
                parseList(raw[5], CipherSuite::fromJavaName),
                parseList(raw[6], CipherSuite::fromJavaName),
                parsePositiveInt(raw[7], DEFAULT_CLIENT_KEY_SHARES));
        lastReading = new Reading(values, parsed);
        return parsed;
    }

    /**
     * Parses a comma-separated list of names: surrounding double quotes (as the JDK allows) and
     * blanks are removed, unknown names and duplicates are dropped. Returns {@code null} for an unset
     * or blank property, and an empty list when no name was known (the caller then has nothing
     * enabled, as the user asked, rather than a silently widened default).
     */
    static <T> List<T> parseList(String value, Function<String, T> lookup) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1).trim();
        }
        if (v.isEmpty()) {
            return null;
        }
        List<T> out = new ArrayList<>();
        for (String name : v.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            T item = lookup.apply(n);
            if (item != null && !out.contains(item)) {
                out.add(item);
            }
        }
        return List.copyOf(out);
    }

    /** A positive integer, or {@code fallback} when unset, malformed or not positive. */
    static int parsePositiveInt(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n >= 1 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
