package dev.keel.tls.conformance.wire;

import dev.keel.tls.conformance.matrix.Suite;
import java.util.Map;

/** Names for wire code points (RFC 8446, RFC 8422, RFC 7919 and the IANA TLS registries). */
public final class TlsNames {

    private static final Map<Integer, String> GROUPS = Map.ofEntries(
            Map.entry(0x0017, "secp256r1"), Map.entry(0x0018, "secp384r1"), Map.entry(0x0019, "secp521r1"),
            Map.entry(0x001D, "x25519"), Map.entry(0x001E, "x448"), Map.entry(0x0100, "ffdhe2048"),
            Map.entry(0x0101, "ffdhe3072"), Map.entry(0x0102, "ffdhe4096"), Map.entry(0x0103, "ffdhe6144"),
            Map.entry(0x0104, "ffdhe8192"), Map.entry(0x11EC, "X25519MLKEM768"));

    private static final Map<Integer, String> ALERTS = Map.ofEntries(
            Map.entry(0, "close_notify"), Map.entry(10, "unexpected_message"), Map.entry(20, "bad_record_mac"),
            Map.entry(22, "record_overflow"), Map.entry(40, "handshake_failure"), Map.entry(42, "bad_certificate"),
            Map.entry(43, "unsupported_certificate"), Map.entry(44, "certificate_revoked"),
            Map.entry(45, "certificate_expired"), Map.entry(46, "certificate_unknown"),
            Map.entry(47, "illegal_parameter"), Map.entry(48, "unknown_ca"), Map.entry(49, "access_denied"),
            Map.entry(50, "decode_error"), Map.entry(51, "decrypt_error"), Map.entry(70, "protocol_version"),
            Map.entry(71, "insufficient_security"), Map.entry(80, "internal_error"),
            Map.entry(86, "inappropriate_fallback"), Map.entry(90, "user_canceled"),
            Map.entry(109, "missing_extension"), Map.entry(110, "unsupported_extension"),
            Map.entry(112, "unrecognized_name"), Map.entry(116, "certificate_required"),
            Map.entry(120, "no_application_protocol"));

    private TlsNames() {
    }

    public static String group(int code) {
        return GROUPS.getOrDefault(code, String.format("group 0x%04x", code));
    }

    public static String suite(int code) {
        Suite s = Suite.fromCode(code);
        return s != null ? s.jsseName() : String.format("suite 0x%04x", code);
    }

    /** Record content types (RFC 8446 5.1). */
    public static String contentType(int type) {
        return switch (type) {
            case 20 -> "change_cipher_spec";
            case 21 -> "alert";
            case 22 -> "handshake";
            case 23 -> "application_data";
            default -> "type " + type;
        };
    }

    public static String alert(int code) {
        return ALERTS.getOrDefault(code, "alert " + code);
    }
}
