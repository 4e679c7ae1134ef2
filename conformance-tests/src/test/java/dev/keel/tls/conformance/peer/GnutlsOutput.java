package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.matrix.CertType;
import dev.keel.tls.conformance.matrix.Observation;
import dev.keel.tls.conformance.matrix.Suite;

/**
 * Reads GnuTLS's account of a session (gnutls-cli's log, a gnutls-serv connection block), chiefly
 * its {@code - Description: (TLS1.3-X.509)-(ECDHE-X25519)-(ECDSA-SECP256R1-SHA256)-(AES-128-GCM)}.
 */
final class GnutlsOutput {

    private GnutlsOutput() {
    }

    /** Records version, suite, group, ALPN, resumption and certificates found in one session's text. */
    static void record(Observation o, String text, boolean alpnConfigured) {
        Observation.Source peer = Observation.Source.PEER;
        String description = ProcessPeers.find(text, "^- Description: (\\S+)");
        if (description != null) {
            // "(TLS1.3-X.509)-(ECDHE-X25519)-(ECDSA-SECP256R1-SHA256)-(AES-128-GCM)"; a resumed session
            // omits the key exchange and signature: "(TLS1.3-X.509)--(AES-128-GCM)".
            java.util.List<String> list = new java.util.ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(([^)]*)\\)").matcher(description);
            while (m.find()) {
                list.add(m.group(1));
            }
            String[] parts = list.toArray(new String[0]);
            String version = parts[0].startsWith("TLS1.3") ? "TLSv1.3" : parts[0].startsWith("TLS1.2") ? "TLSv1.2" : null;
            String cipher = parts[parts.length - 1];
            String kx = parts.length >= 3 ? parts[1] : "";
            String sig = parts.length >= 4 ? parts[2] : "";
            String keyExchangeLine = ProcessPeers.find(text, "^- Key Exchange: (\\S+)");
            o.saw(peer, Observation.VERSION, version);
            o.saw(peer, Observation.SUITE, suite(version, kx, sig, keyExchangeLine, cipher));
            o.saw(peer, Observation.GROUP, group(kx));
        }
        o.saw(peer, Observation.RESUMED, text.contains("*** This is a resumed session"));
        String alpn = ProcessPeers.find(text, "^- Application protocol: (\\S+)");
        if (alpn != null || alpnConfigured) {
            o.saw(peer, Observation.ALPN, alpn == null ? "none" : alpn);
        }
        String sni = ProcessPeers.find(text, "^- Given server name\\[1\\]: (\\S+)");
        if (sni != null) {
            o.saw(peer, Observation.SNI, sni);
        }
    }

    /** The server leaf's type from gnutls-cli's "Certificate[0] info" line. */
    static String serverCert(String text) {
        int at = text.indexOf("- Certificate[0] info:");
        if (at < 0) {
            return null;
        }
        String line = ProcessPeers.find(text.substring(at), "^ - subject .*?, (\\S+(?: \\(\\w+\\))? key \\d+ bits)");
        if (line == null) {
            return null;
        }
        if (line.startsWith("RSA key 2048")) {
            return CertType.RSA_2048.label();
        }
        if (line.startsWith("EC/ECDSA key 256")) {
            return CertType.ECDSA_P256.label();
        }
        if (line.startsWith("EC/ECDSA key 384")) {
            return CertType.ECDSA_P384.label();
        }
        if (line.startsWith("EdDSA (Ed25519)")) {
            return CertType.ED25519.label();
        }
        return line;
    }

    /** The subject of the client certificate in a gnutls-serv connection block, or "none". */
    static String clientCert(String block) {
        int at = block.indexOf("- Certificate[0] info:");
        if (at < 0) {
            return "none";
        }
        String subject = ProcessPeers.find(block.substring(at), "^\\s+Subject: (.+)$");
        return subject == null ? "unparsed" : subject.trim();
    }

    private static String group(String kx) {
        int dash = kx.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String g = kx.substring(dash + 1);
        switch (g) {
            case "X25519":
                return "x25519";
            case "SECP256R1":
                return "secp256r1";
            case "SECP384R1":
                return "secp384r1";
            case "FFDHE2048":
                return "ffdhe2048";
            default:
                return g.isEmpty() ? null : g.toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static String suite(String version, String kx, String sig, String keyExchangeLine, String cipher) {
        String bulk;
        switch (cipher) {
            case "AES-128-GCM":
                bulk = "AES_128_GCM_SHA256";
                break;
            case "AES-256-GCM":
                bulk = "AES_256_GCM_SHA384";
                break;
            case "CHACHA20-POLY1305":
                bulk = "CHACHA20_POLY1305_SHA256";
                break;
            default:
                return cipher;
        }
        if ("TLSv1.3".equals(version)) {
            return "TLS_" + bulk;
        }
        String exchange;
        if (keyExchangeLine != null) {
            exchange = keyExchangeLine.replace('-', '_');
        } else if (kx.startsWith("ECDHE")) {
            if (sig.startsWith("ECDSA") || sig.startsWith("EdDSA")) {
                exchange = "ECDHE_ECDSA";
            } else if (sig.startsWith("RSA")) {
                exchange = "ECDHE_RSA";
            } else {
                return null; // a resumed TLS 1.2 session names no signature
            }
        } else if (kx.startsWith("DHE")) {
            exchange = "DHE_RSA";
        } else if (kx.equals("RSA")) {
            exchange = "RSA";
        } else {
            return null;
        }
        String name = "TLS_" + exchange + "_WITH_" + bulk;
        return Suite.fromAnyName(name) != null ? name : name + "?";
    }
}
