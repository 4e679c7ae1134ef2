package dev.keel.tls.cli;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.HandshakeObserver;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.ApplicationLayerProtocols;
import dev.keel.tls.message.CertificateEntry;
import dev.keel.tls.message.CertificateMessage13;
import dev.keel.tls.message.CertificateVerify;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.EncryptedExtensions;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.KeyShareClientHello;
import dev.keel.tls.message.KeyShareEntry;
import dev.keel.tls.message.KeyShareHelloRetryRequest;
import dev.keel.tls.message.KeyShareServerHello;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.ServerNameList;
import dev.keel.tls.message.SupportedGroups;
import dev.keel.tls.message.SupportedVersionsClient;
import dev.keel.tls.message.SupportedVersionsServer;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Prints each handshake message as it is sent or received, in the words of a TLS tutorial: what the
 * client offered, what the server chose, the certificates, the signature, and the time since the
 * handshake started.
 */
final class HandshakeReport implements HandshakeObserver {
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long last = start;
    private boolean encryptedNoticeShown;

    HandshakeReport(PrintStream out) {
        this.out = out;
    }

    @Override
    public void message(boolean sent, RawHandshake m) {
        HandshakeType type = m.handshakeType();
        String name = type == null ? "handshake message " + m.type() : title(type);
        long now = System.nanoTime();
        out.printf(Locale.ROOT, "%s %-22s %8.2f ms  (+%.2f ms)%n", sent ? "  -> " : "  <- ", name,
                (now - start) / 1e6, (now - last) / 1e6);
        last = now;
        try {
            describe(sent, type, m);
        } catch (TlsAlertException | RuntimeException e) {
            out.println("       (could not be described: " + e.getMessage() + ")");
        }
    }

    @Override
    public void completed() {
        out.printf(Locale.ROOT, "  handshake complete after %.2f ms%n", (System.nanoTime() - start) / 1e6);
    }

    private static String title(HandshakeType t) {
        StringBuilder sb = new StringBuilder();
        for (String part : t.rfcName().split("_")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    private void describe(boolean sent, HandshakeType type, RawHandshake m) throws TlsAlertException {
        if (type == null) {
            return;
        }
        switch (type) {
            case CLIENT_HELLO -> describeClientHello(ClientHello.decode(m.reader()));
            case SERVER_HELLO -> describeServerHello(ServerHello.decode(m.reader()));
            case ENCRYPTED_EXTENSIONS -> describeEncryptedExtensions(EncryptedExtensions.decode(m.reader()));
            case CERTIFICATE -> describeCertificates(CertificateMessage13.decode(m.reader()), sent);
            case CERTIFICATE_VERIFY -> {
                CertificateVerify cv = CertificateVerify.decode(m.reader());
                line("signature over the transcript with %s (%d bytes): proves possession of the certificate's key",
                        schemeName(cv.signatureScheme()), cv.signature().length);
            }
            case FINISHED -> line("MAC over the whole transcript with %s handshake key: nothing was tampered with",
                    sent ? "our" : "the peer's");
            case CERTIFICATE_REQUEST -> line("the server asks for a client certificate");
            default -> {
            }
        }
    }

    private void describeClientHello(ClientHello ch) throws TlsAlertException {
        byte[] versions = ch.extensions().find(ExtensionType.SUPPORTED_VERSIONS);
        List<String> names = new ArrayList<>();
        if (versions != null) {
            for (int v : SupportedVersionsClient.decode(versions).versions()) {
                names.add(versionName(v));
            }
        }
        line("versions offered: %s", versions == null ? versionName(ch.legacyVersion()) : String.join(", ", names));
        List<String> suites = new ArrayList<>();
        for (int c : ch.cipherSuites()) {
            CipherSuite s = CipherSuite.fromCode(c);
            suites.add(s == null ? String.format("0x%04x", c) : s.name());
        }
        line("cipher suites offered: %s", String.join(", ", suites));
        line("client random: %s", HexFormat.of().formatHex(ch.random()));
        byte[] shares = ch.extensions().find(ExtensionType.KEY_SHARE);
        if (shares != null) {
            List<String> s = new ArrayList<>();
            for (KeyShareEntry e : KeyShareClientHello.decode(shares).shares()) {
                s.add(groupName(e.group()) + " (" + e.keyExchange().length + "-byte public key)");
            }
            line("key share: %s", String.join(", ", s));
        }
        byte[] groups = ch.extensions().find(ExtensionType.SUPPORTED_GROUPS);
        if (groups != null) {
            List<String> g = new ArrayList<>();
            for (int c : SupportedGroups.decode(groups).groups()) {
                g.add(groupName(c));
            }
            line("groups supported: %s", String.join(", ", g));
        }
        byte[] sni = ch.extensions().find(ExtensionType.SERVER_NAME);
        if (sni != null) {
            line("server name (SNI): %s", ServerNameList.decode(sni).names());
        }
        byte[] alpn = ch.extensions().find(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION);
        if (alpn != null) {
            line("application protocols (ALPN) offered: %s", ApplicationLayerProtocols.decode(alpn).protocols());
        }
    }

    private void describeServerHello(ServerHello sh) throws TlsAlertException {
        CipherSuite suite = CipherSuite.fromCode(sh.cipherSuite());
        String suiteName = suite == null ? String.format("0x%04x", sh.cipherSuite()) : suite.name();
        byte[] version = sh.extensions().find(ExtensionType.SUPPORTED_VERSIONS);
        String v = version == null ? versionName(sh.legacyVersion())
                : versionName(SupportedVersionsServer.decode(version).selectedVersion());
        byte[] share = sh.extensions().find(ExtensionType.KEY_SHARE);
        if (sh.isHelloRetryRequest()) {
            String group = share == null ? "(none)"
                    : groupName(KeyShareHelloRetryRequest.decode(share).selectedGroup());
            line("this is a HelloRetryRequest: the server wants a key share for %s; the client sends a new ClientHello",
                    group);
            return;
        }
        line("server chose: %s, %s", v, suiteName);
        if (share != null) {
            KeyShareEntry e = KeyShareServerHello.decode(share).share();
            line("server key share: %s (%d-byte public key); both sides now compute the shared secret",
                    groupName(e.group()), e.keyExchange().length);
        }
        line("server random: %s", HexFormat.of().formatHex(sh.random()));
        if (!encryptedNoticeShown && version != null) {
            line("from here on every handshake message is encrypted with keys from the shared secret");
            encryptedNoticeShown = true;
        }
    }

    private void describeEncryptedExtensions(EncryptedExtensions ee) throws TlsAlertException {
        byte[] alpn = ee.extensions().find(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION);
        line("application protocol (ALPN): %s", alpn == null ? "none"
                : ApplicationLayerProtocols.decode(alpn).protocols().get(0));
        if (ee.extensions().find(ExtensionType.SERVER_NAME) != null) {
            line("server acknowledged the server name (SNI)");
        }
    }

    private void describeCertificates(CertificateMessage13 cm, boolean sent) {
        if (cm.entries().isEmpty()) {
            line("no certificate");
            return;
        }
        line("%d certificate%s in the chain%s:", cm.entries().size(), cm.entries().size() == 1 ? "" : "s",
                sent ? " we send" : "");
        int i = 0;
        for (CertificateEntry e : cm.entries()) {
            try {
                X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(e.certData()));
                line("[%d] subject: %s", i, c.getSubjectX500Principal().getName());
                line("    issuer:  %s", c.getIssuerX500Principal().getName());
                line("    key:     %s; valid %s .. %s", KeyDescriptions.describe(c.getPublicKey()),
                        c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
            } catch (Exception ex) {
                line("[%d] (%d bytes, not decodable: %s)", i, e.certData().length, ex.getMessage());
            }
            i++;
        }
    }

    private void line(String format, Object... args) {
        out.println("       " + String.format(Locale.ROOT, format, args));
    }

    static String versionName(int code) {
        ProtocolVersion v = ProtocolVersion.fromCode(code);
        return v == null ? String.format("0x%04x", code) : v.javaName();
    }

    static String groupName(int code) {
        NamedGroup g = NamedGroup.fromCode(code);
        return g == null ? String.format("0x%04x", code) : g.rfcName();
    }

    static String schemeName(int code) {
        SignatureScheme s = SignatureScheme.fromCode(code);
        return s == null ? String.format("0x%04x", code) : s.rfcName();
    }
}
