package dev.keel.tls.jsse;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Service identity check of RFC 9525 (which obsoletes RFC 6125), used for endpoint identification
 * "HTTPS" and "LDAPS" when the application's trust manager is a plain {@code X509TrustManager}.
 *
 * <p>Rules, each from RFC 9525 section 6:
 * <ul>
 *   <li>only subjectAltName entries count; the subject common name is never used (6.2: CN-IDs are not
 *       supported);
 *   <li>a DNS name matches a dNSName entry, compared case-insensitively as ASCII (6.3), after
 *       converting an internationalised name to A-labels and removing one trailing dot on both sides;
 *   <li>a wildcard is allowed only as the complete left-most label ("*.example.com", 6.3); it
 *       matches exactly one non-empty label, never across dots; "*.com"-style wildcards with fewer
 *       than two labels after the "*" are refused (a public suffix cannot be a certificate's scope);
 *       "f*o.example.com" and "*.*.example.com" never match;
 *   <li>an IP address literal (IPv4 dotted quad, or IPv6 with or without brackets) matches only an
 *       iPAddress entry with the same octets (6.3, 6.4), never a dNSName and never by wildcard.
 * </ul>
 */
public final class HostnameChecker {
    private static final int SAN_DNS_NAME = 2;
    private static final int SAN_IP_ADDRESS = 7;

    private HostnameChecker() {
    }

    /** Throws unless {@code cert} is valid for {@code host}. */
    public static void check(String host, X509Certificate cert) throws CertificateException {
        if (!matches(host, cert)) {
            throw new CertificateException("No subject alternative name in the certificate matches "
                    + (isIpLiteral(host) ? "IP address " : "host name ") + host);
        }
    }

    /** True when {@code cert} carries a subjectAltName that matches {@code host}. */
    public static boolean matches(String host, X509Certificate cert) throws CertificateParsingException {
        if (host == null || host.isEmpty()) {
            return false;
        }
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans == null) {
            return false;
        }
        byte[] ip = parseIpLiteral(host);
        if (ip != null) {
            for (List<?> san : sans) {
                if (sanType(san) == SAN_IP_ADDRESS && san.get(1) instanceof String s
                        && Arrays.equals(ip, parseIpLiteral(s))) {
                    return true;
                }
            }
            return false;
        }
        String reference = normaliseReference(host);
        if (reference == null) {
            return false;
        }
        for (List<?> san : sans) {
            if (sanType(san) == SAN_DNS_NAME && san.get(1) instanceof String s && matchesDnsName(reference, s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the presented dNSName {@code presented} matches the reference host {@code reference}
     * (already normalised: lower case A-labels, no trailing dot).
     */
    static boolean matchesDnsName(String reference, String presented) {
        String p = normalisePresented(presented);
        if (p == null) {
            return false;
        }
        if (!p.startsWith("*.")) {
            return p.indexOf('*') < 0 && p.equals(reference);
        }
        String suffix = p.substring(1); // ".example.com"
        if (suffix.indexOf('*') >= 0 || countLabels(suffix.substring(1)) < 2) {
            return false;
        }
        if (!reference.endsWith(suffix)) {
            return false;
        }
        String first = reference.substring(0, reference.length() - suffix.length());
        return !first.isEmpty() && first.indexOf('.') < 0;
    }

    /** True for an IPv4 dotted quad or an IPv6 literal (optionally in brackets). */
    public static boolean isIpLiteral(String host) {
        return host != null && parseIpLiteral(host) != null;
    }

    /**
     * The octets of an IP literal, or {@code null} when {@code s} is not one. Never resolves a name:
     * only strings that are syntactically literals reach {@link InetAddress}, which then parses them
     * without any lookup.
     */
    static byte[] parseIpLiteral(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            String v6 = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
            if (v6.isEmpty() || !v6.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null; // also refuses scope ids ("%eth0"): certificates carry none
            }
            try {
                return InetAddress.getByName(v6).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return parseIpv4(s);
    }

    /** Strict dotted quad: four decimal parts 0..255, no leading zeros, no other forms. */
    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** The reference host as lower-case A-labels without a trailing dot, or {@code null} if invalid. */
    static String normaliseReference(String host) {
        String h = stripTrailingDot(host);
        if (h.isEmpty() || h.indexOf('*') >= 0) {
            return null;
        }
        if (!isAscii(h)) {
            try {
                h = IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        h = h.toLowerCase(Locale.ROOT);
        return hasEmptyLabel(h) ? null : h;
    }

    /** A presented dNSName as lower case without a trailing dot; {@code null} if unusable. */
    private static String normalisePresented(String presented) {
        String p = stripTrailingDot(presented);
        // Presented identifiers must already be A-labels (RFC 9525 6.3); U-labels never match.
        if (p.isEmpty() || !isAscii(p)) {
            return null;
        }
        p = p.toLowerCase(Locale.ROOT);
        return hasEmptyLabel(p) ? null : p;
    }

    private static String stripTrailingDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean hasEmptyLabel(String s) {
        return s.startsWith(".") || s.endsWith(".") || s.contains("..");
    }

    private static int countLabels(String s) {
        return s.isEmpty() ? 0 : s.split("\\.", -1).length;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    private static int sanType(List<?> san) {
        return san.size() >= 2 && san.get(0) instanceof Integer t ? t : -1;
    }
}
