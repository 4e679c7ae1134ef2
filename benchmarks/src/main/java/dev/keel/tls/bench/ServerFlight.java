package dev.keel.tls.bench;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * What a server's plaintext handshake messages say it negotiated, read straight off the wire so that
 * every provider is checked the same way, without trusting its own reporting.
 *
 * <p>Reads the TLS records the server wrote during a handshake up to the first record that is not a
 * plaintext handshake record (ChangeCipherSpec or encrypted data), and from the handshake messages in
 * them: the ServerHello (RFC 8446 4.1.3: legacy_version, random, cipher_suite, and the supported_versions,
 * key_share and pre_shared_key extensions), whether a Certificate was sent in the clear (TLS 1.2 full
 * handshake, RFC 5246 7.4.2) and the named curve of a TLS 1.2 ECDHE ServerKeyExchange (RFC 8422 5.4).
 */
public record ServerFlight(
        int legacyVersion,
        int selectedVersion,
        int cipherSuite,
        int keyShareGroup,
        boolean pskAccepted,
        boolean helloRetryRequest,
        boolean certificateInClear,
        int serverKeyExchangeGroup) {

    /** "Not present" for the int fields. */
    public static final int ABSENT = -1;

    private static final int HANDSHAKE_RECORD = 22;
    private static final int SERVER_HELLO = 2;
    private static final int CERTIFICATE = 11;
    private static final int SERVER_KEY_EXCHANGE = 12;
    private static final int EXT_PRE_SHARED_KEY = 41;
    private static final int EXT_SUPPORTED_VERSIONS = 43;
    private static final int EXT_KEY_SHARE = 51;
    private static final int NAMED_CURVE = 3;

    /** RFC 8446 4.1.3: the ServerHello.random of a HelloRetryRequest, SHA-256("HelloRetryRequest"). */
    private static final byte[] HELLO_RETRY_REQUEST_RANDOM = hex(
            "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    private static final Map<Integer, String> SUITES = Map.of(
            0x1301, "TLS_AES_128_GCM_SHA256",
            0x1302, "TLS_AES_256_GCM_SHA384",
            0x1303, "TLS_CHACHA20_POLY1305_SHA256",
            0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final Map<Integer, String> GROUPS = Map.of(
            0x0017, "secp256r1",
            0x0018, "secp384r1",
            0x0019, "secp521r1",
            0x001D, "x25519",
            0x001E, "x448",
            0x0100, "ffdhe2048",
            0x0101, "ffdhe3072",
            0x11EC, "X25519MLKEM768");

    /** Parses the bytes a server wrote during a handshake. */
    public static ServerFlight parse(byte[] serverBytes) {
        try {
            return parseHandshakeMessages(plaintextHandshakeBytes(ByteBuffer.wrap(serverBytes)));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the server's handshake records are truncated or malformed ("
                    + serverBytes.length + " bytes)", e);
        }
    }

    /** The protocol version in JSSE spelling: "TLSv1.3", "TLSv1.2", ... */
    public String version() {
        int v = selectedVersion != ABSENT ? selectedVersion : legacyVersion;
        switch (v) {
            case 0x0304: return "TLSv1.3";
            case 0x0303: return "TLSv1.2";
            case 0x0302: return "TLSv1.1";
            case 0x0301: return "TLSv1";
            default: return String.format("0x%04X", v);
        }
    }

    public String cipherSuiteName() {
        return SUITES.getOrDefault(cipherSuite, String.format("0x%04X", cipherSuite));
    }

    /** The key-exchange group: TLS 1.3 key_share, TLS 1.2 ServerKeyExchange curve, or "none". */
    public String groupName() {
        int g = keyShareGroup != ABSENT ? keyShareGroup : serverKeyExchangeGroup;
        return g == ABSENT ? "none" : GROUPS.getOrDefault(g, String.format("0x%04X", g));
    }

    /**
     * Whether the server resumed a session: in TLS 1.3 it accepted a PSK (RFC 8446 4.2.11); in TLS 1.2 it
     * went straight to ChangeCipherSpec without a Certificate (the abbreviated handshake, RFC 5246 7.3).
     */
    public boolean resumed() {
        return "TLSv1.3".equals(version()) ? pskAccepted : !certificateInClear;
    }

    /** TLS 1.3 psk_dhe_ke: the server accepted a PSK and still sent a key share (RFC 8446 4.2.9). */
    public boolean pskWithKeyExchange() {
        return pskAccepted && keyShareGroup != ABSENT;
    }

    @Override
    public String toString() {
        return version() + " " + cipherSuiteName() + " " + groupName() + (resumed() ? " resumed" : " full")
                + (helloRetryRequest ? " after a HelloRetryRequest" : "");
    }

    /** Concatenates the bodies of the leading plaintext handshake records. */
    private static ByteBuffer plaintextHandshakeBytes(ByteBuffer records) {
        ByteBuffer messages = ByteBuffer.allocate(records.remaining());
        while (records.remaining() >= 5) {
            int type = u8(records);
            records.getShort(); // legacy_record_version
            int length = u16(records);
            if (type != HANDSHAKE_RECORD) {
                break;
            }
            messages.put(slice(records, length));
        }
        return messages.flip();
    }

    private static ServerFlight parseHandshakeMessages(ByteBuffer messages) {
        int legacyVersion = ABSENT;
        int selectedVersion = ABSENT;
        int suite = ABSENT;
        int keyShare = ABSENT;
        int skeGroup = ABSENT;
        boolean psk = false;
        boolean hrr = false;
        boolean certificate = false;
        boolean sawServerHello = false;
        while (messages.remaining() >= 4) {
            int type = u8(messages);
            ByteBuffer body = slice(messages, u24(messages));
            if (type == SERVER_HELLO) {
                sawServerHello = true;
                legacyVersion = u16(body);
                byte[] random = new byte[32];
                body.get(random);
                if (Arrays.equals(random, HELLO_RETRY_REQUEST_RANDOM)) {
                    hrr = true;
                }
                slice(body, u8(body)); // legacy_session_id_echo
                suite = u16(body);
                u8(body); // legacy_compression_method
                if (body.remaining() >= 2) {
                    ByteBuffer extensions = slice(body, u16(body));
                    while (extensions.remaining() >= 4) {
                        int extType = u16(extensions);
                        ByteBuffer data = slice(extensions, u16(extensions));
                        if (extType == EXT_SUPPORTED_VERSIONS) {
                            selectedVersion = u16(data);
                        } else if (extType == EXT_KEY_SHARE) {
                            keyShare = u16(data);
                        } else if (extType == EXT_PRE_SHARED_KEY) {
                            psk = true;
                        }
                    }
                }
            } else if (type == CERTIFICATE) {
                certificate = true;
            } else if (type == SERVER_KEY_EXCHANGE && body.remaining() >= 3 && u8(body) == NAMED_CURVE) {
                skeGroup = u16(body);
            }
        }
        if (!sawServerHello) {
            throw new IllegalArgumentException("the server sent no plaintext ServerHello");
        }
        return new ServerFlight(legacyVersion, selectedVersion, suite, keyShare, psk, hrr, certificate, skeGroup);
    }

    private static ByteBuffer slice(ByteBuffer b, int length) {
        if (length > b.remaining()) {
            throw new BufferUnderflowException();
        }
        ByteBuffer s = b.slice();
        s.limit(length);
        b.position(b.position() + length);
        return s;
    }

    private static int u8(ByteBuffer b) {
        return b.get() & 0xFF;
    }

    private static int u16(ByteBuffer b) {
        return b.getShort() & 0xFFFF;
    }

    private static int u24(ByteBuffer b) {
        return (u8(b) << 16) | u16(b);
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
