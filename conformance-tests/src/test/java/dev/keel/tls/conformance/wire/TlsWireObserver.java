package dev.keel.tls.conformance.wire;

import dev.keel.tls.conformance.matrix.CertType;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.nio.charset.StandardCharsets;

/**
 * Reads the plaintext part of one TLS connection, fed with the bytes each side sends (in the order
 * they travel: feed before forwarding). It never alters or blocks traffic; what it cannot parse it
 * reports in {@link WireFacts#parseError()}.
 *
 * <p>What is plaintext: every record of content type handshake(22) in TLS 1.3 (protected handshake
 * messages travel as application_data(23), RFC 8446 5.1), and in TLS 1.2 every record before the
 * sender's ChangeCipherSpec (RFC 5246 7.1).
 */
public final class TlsWireObserver {

    /** ServerHello.random of a HelloRetryRequest: SHA-256("HelloRetryRequest"), RFC 8446 4.1.3. */
    private static final byte[] HRR_RANDOM = HexFormat.of()
            .parseHex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    /** The leading 128 bits of every RFC 7919 ffdhe prime (Appendix A). */
    private static final byte[] FFDHE_PREFIX = HexFormat.of().parseHex("FFFFFFFFFFFFFFFFADF85458A2BB4A9A");

    private static final int MAX_RECORD = (1 << 14) + 2048;

    private final Direction fromClient = new Direction(true);
    private final Direction fromServer = new Direction(false);

    private int clientHellos;
    private boolean helloRetryRequest;
    private int versionCode;
    private int suiteCode = -1;
    private String group;
    private boolean serverHelloSeen;
    private boolean pskSelected;
    private boolean serverCertificateSeen;
    private boolean serverChangeCipherSpecSeen;
    private String sni;
    private List<String> offeredAlpn = List.of();
    private String selectedAlpn;
    private String serverCertKey;
    private Boolean clientCertSent;
    private List<String> keyShareGroups = List.of();
    private final List<String> alerts = new ArrayList<>();
    private String parseError;
    private boolean pskOffered;

    public synchronized void fromClient(byte[] bytes, int offset, int length) {
        fromClient.feed(bytes, offset, length);
    }

    public synchronized void fromServer(byte[] bytes, int offset, int length) {
        fromServer.feed(bytes, offset, length);
    }

    /** What the connection has shown so far. */
    public synchronized WireFacts facts() {
        String version = versionCode == 0x0304 ? "TLSv1.3" : versionCode == 0x0303 ? "TLSv1.2"
                : versionCode == 0 ? null : String.format("0x%04x", versionCode);
        Boolean resumed = null;
        if (serverHelloSeen && versionCode == 0x0304) {
            resumed = pskSelected;
        } else if (serverHelloSeen && serverChangeCipherSpecSeen) {
            resumed = !serverCertificateSeen; // abbreviated handshake: CCS right after ServerHello
        }
        return new WireFacts(clientHellos, helloRetryRequest, version, suiteCode < 0 ? null : TlsNames.suite(suiteCode),
                group, resumed, sni, offeredAlpn, versionCode == 0x0303 ? (selectedAlpn == null ? "none" : selectedAlpn)
                        : null,
                serverCertKey, versionCode == 0x0303 ? clientCertSent : null, keyShareGroups, List.copyOf(alerts),
                parseError, pskOffered);
    }

    private boolean tls12() {
        return versionCode == 0x0303;
    }

    /** One direction's reassembly of records and handshake messages. */
    private final class Direction {
        private final boolean client;
        private byte[] records = new byte[0];
        private byte[] handshake = new byte[0];
        private boolean encrypted;
        private boolean stopped;

        Direction(boolean client) {
            this.client = client;
        }

        void feed(byte[] bytes, int offset, int length) {
            if (stopped || encrypted) {
                return; // nothing after this side's TLS 1.2 ChangeCipherSpec is plaintext
            }
            records = concat(records, bytes, offset, length);
            try {
                while (records.length >= 5) {
                    int type = records[0] & 0xFF;
                    int len = ((records[3] & 0xFF) << 8) | (records[4] & 0xFF);
                    if (type < 20 || type > 24 || len > MAX_RECORD) {
                        stop(String.format("%s sent a non-TLS record header %02x %02x%02x %04x",
                                side(), type, records[1], records[2], len));
                        return;
                    }
                    if (records.length < 5 + len) {
                        return;
                    }
                    byte[] fragment = Arrays.copyOfRange(records, 5, 5 + len);
                    records = Arrays.copyOfRange(records, 5 + len, records.length);
                    record(type, fragment);
                    if (encrypted) {
                        records = new byte[0];
                        return;
                    }
                }
            } catch (RuntimeException e) {
                stop(side() + ": unparseable handshake: " + e.getMessage());
            }
        }

        private void record(int type, byte[] fragment) {
            switch (type) {
                case 20: // change_cipher_spec: in TLS 1.2 everything after it from this side is protected
                    if (!client) {
                        serverChangeCipherSpecSeen = true;
                    }
                    if (tls12()) {
                        encrypted = true;
                    }
                    break;
                case 21:
                    if (fragment.length == 2) {
                        alerts.add(side() + " " + (fragment[0] == 2 ? "fatal " : "warning ")
                                + TlsNames.alert(fragment[1] & 0xFF));
                    }
                    break;
                case 22:
                    handshake = concat(handshake, fragment, 0, fragment.length);
                    while (handshake.length >= 4) {
                        int len = ((handshake[1] & 0xFF) << 16) | ((handshake[2] & 0xFF) << 8) | (handshake[3] & 0xFF);
                        if (handshake.length < 4 + len) {
                            break;
                        }
                        int msgType = handshake[0] & 0xFF;
                        byte[] body = Arrays.copyOfRange(handshake, 4, 4 + len);
                        handshake = Arrays.copyOfRange(handshake, 4 + len, handshake.length);
                        if (client) {
                            clientMessage(msgType, body);
                        } else {
                            serverMessage(msgType, body);
                        }
                    }
                    break;
                default:
                    break; // application_data (or heartbeat): opaque
            }
        }

        private String side() {
            return client ? "client→server" : "server→client";
        }

        private void stop(String why) {
            stopped = true;
            if (parseError == null) {
                parseError = why;
            }
        }
    }

    private void clientMessage(int type, byte[] body) {
        if (type == 1) {
            clientHello(new Cursor(body));
        } else if (type == 11 && tls12()) {
            Cursor c = new Cursor(body);
            clientCertSent = c.u24() > 0;
        }
    }

    private void serverMessage(int type, byte[] body) {
        switch (type) {
            case 2:
                serverHello(new Cursor(body));
                break;
            case 11:
                if (tls12()) {
                    serverCertificateSeen = true;
                    serverCertKey = leafKey(new Cursor(body));
                }
                break;
            case 12:
                if (tls12()) {
                    serverKeyExchange(new Cursor(body));
                }
                break;
            default:
                break;
        }
    }

    /** RFC 8446 4.1.2 / RFC 5246 7.4.1.2. */
    private void clientHello(Cursor c) {
        clientHellos++;
        c.skip(2 + 32);
        c.skip(c.u8()); // legacy_session_id
        c.skip(c.u16()); // cipher_suites
        c.skip(c.u8()); // legacy_compression_methods
        if (c.remaining() == 0) {
            return;
        }
        Cursor exts = c.sub(c.u16());
        while (exts.remaining() > 0) {
            int extType = exts.u16();
            Cursor e = exts.sub(exts.u16());
            switch (extType) {
                case 0: { // server_name, RFC 6066 3
                    Cursor list = e.sub(e.u16());
                    while (list.remaining() > 0) {
                        int nameType = list.u8();
                        byte[] name = list.bytes(list.u16());
                        if (nameType == 0) {
                            sni = new String(name, StandardCharsets.US_ASCII);
                        }
                    }
                    break;
                }
                case 16: { // application_layer_protocol_negotiation, RFC 7301 3.1
                    List<String> names = new ArrayList<>();
                    Cursor list = e.sub(e.u16());
                    while (list.remaining() > 0) {
                        names.add(new String(list.bytes(list.u8()), StandardCharsets.US_ASCII));
                    }
                    offeredAlpn = List.copyOf(names);
                    break;
                }
                case 41: // pre_shared_key, RFC 8446 4.2.11
                    pskOffered = true;
                    break;
                case 35: // session_ticket, RFC 5077 3.2: a non-empty one is a TLS 1.2 resumption attempt
                    if (e.remaining() > 0) {
                        pskOffered = true;
                    }
                    break;
                case 51: { // key_share, RFC 8446 4.2.8
                    if (clientHellos == 1) {
                        List<String> groups = new ArrayList<>();
                        Cursor shares = e.sub(e.u16());
                        while (shares.remaining() > 0) {
                            groups.add(TlsNames.group(shares.u16()));
                            shares.skip(shares.u16());
                        }
                        keyShareGroups = List.copyOf(groups);
                    }
                    break;
                }
                default:
                    break;
            }
        }
    }

    private void serverHello(Cursor c) {
        int legacyVersion = c.u16();
        byte[] random = c.bytes(32);
        c.skip(c.u8());
        int suite = c.u16();
        c.skip(1);
        boolean hrr = Arrays.equals(random, HRR_RANDOM);
        int version = legacyVersion;
        String keyShareGroup = null;
        boolean psk = false;
        String alpn = null;
        if (c.remaining() > 0) {
            Cursor exts = c.sub(c.u16());
            while (exts.remaining() > 0) {
                int extType = exts.u16();
                Cursor e = exts.sub(exts.u16());
                switch (extType) {
                    case 43: // supported_versions: selected_version
                        version = e.u16();
                        break;
                    case 51: // key_share: HRR selected_group, or the server's share
                        keyShareGroup = TlsNames.group(e.u16());
                        break;
                    case 41: // pre_shared_key: selected_identity
                        psk = true;
                        break;
                    case 16: {
                        Cursor list = e.sub(e.u16());
                        alpn = new String(list.bytes(list.u8()), StandardCharsets.US_ASCII);
                        break;
                    }
                    default:
                        break;
                }
            }
        }
        if (hrr) {
            helloRetryRequest = true;
            return;
        }
        serverHelloSeen = true;
        versionCode = version;
        suiteCode = suite;
        pskSelected = psk;
        selectedAlpn = alpn;
        if (keyShareGroup != null) {
            group = keyShareGroup;
        }
    }

    /** RFC 8422 5.4 (ECDHE: curve_type named_curve(3), then the NamedGroup) and RFC 5246 7.4.3 (DHE: dh_p first). */
    private void serverKeyExchange(Cursor c) {
        String name = TlsNames.suite(suiteCode);
        if (name.startsWith("TLS_ECDHE_")) {
            if (c.u8() == 3) {
                group = TlsNames.group(c.u16());
            }
        } else if (name.startsWith("TLS_DHE_")) {
            byte[] p = c.bytes(c.u16());
            boolean rfc7919 = p.length >= 16 && Arrays.equals(Arrays.copyOf(p, 16), FFDHE_PREFIX);
            group = rfc7919 && p.length == 256 ? "ffdhe2048" : "DH-" + (p.length * 8) + (rfc7919 ? "(RFC 7919)" : "");
        }
    }

    private static String leafKey(Cursor c) {
        Cursor list = c.sub(c.u24());
        if (list.remaining() == 0) {
            return "none";
        }
        byte[] der = list.bytes(list.u24());
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            CertType t = CertType.of(cert.getPublicKey());
            return t != null ? t.label() : cert.getPublicKey().getAlgorithm();
        } catch (CertificateException e) {
            return "unparseable certificate";
        }
    }

    private static byte[] concat(byte[] a, byte[] b, int offset, int length) {
        byte[] out = Arrays.copyOf(a, a.length + length);
        System.arraycopy(b, offset, out, a.length, length);
        return out;
    }

    /** A bounds-checked reader over one message. */
    private static final class Cursor {
        private final byte[] data;
        private int pos;
        private final int end;

        Cursor(byte[] data) {
            this(data, 0, data.length);
        }

        private Cursor(byte[] data, int from, int end) {
            this.data = data;
            this.pos = from;
            this.end = end;
        }

        int remaining() {
            return end - pos;
        }

        private void need(int n) {
            if (n < 0 || n > remaining()) {
                throw new IllegalArgumentException("message truncated: need " + n + " bytes, have " + remaining());
            }
        }

        int u8() {
            need(1);
            return data[pos++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        int u24() {
            need(3);
            int v = ((data[pos] & 0xFF) << 16) | ((data[pos + 1] & 0xFF) << 8) | (data[pos + 2] & 0xFF);
            pos += 3;
            return v;
        }

        byte[] bytes(int n) {
            need(n);
            byte[] out = Arrays.copyOfRange(data, pos, pos + n);
            pos += n;
            return out;
        }

        void skip(int n) {
            need(n);
            pos += n;
        }

        Cursor sub(int n) {
            need(n);
            Cursor c = new Cursor(data, pos, pos + n);
            pos += n;
            return c;
        }
    }
}
