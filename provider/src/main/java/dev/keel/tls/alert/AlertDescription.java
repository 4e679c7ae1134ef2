package dev.keel.tls.alert;

/**
 * Alert descriptions, RFC 8446 section 6 (plus the TLS 1.2 values of RFC 5246 7.2 that are still
 * meaningful to receive).
 */
public enum AlertDescription {
    CLOSE_NOTIFY(0),
    UNEXPECTED_MESSAGE(10),
    BAD_RECORD_MAC(20),
    RECORD_OVERFLOW(22),
    HANDSHAKE_FAILURE(40),
    BAD_CERTIFICATE(42),
    UNSUPPORTED_CERTIFICATE(43),
    CERTIFICATE_REVOKED(44),
    CERTIFICATE_EXPIRED(45),
    CERTIFICATE_UNKNOWN(46),
    ILLEGAL_PARAMETER(47),
    UNKNOWN_CA(48),
    ACCESS_DENIED(49),
    DECODE_ERROR(50),
    DECRYPT_ERROR(51),
    PROTOCOL_VERSION(70),
    INSUFFICIENT_SECURITY(71),
    INTERNAL_ERROR(80),
    INAPPROPRIATE_FALLBACK(86),
    USER_CANCELED(90),
    NO_RENEGOTIATION(100),
    MISSING_EXTENSION(109),
    UNSUPPORTED_EXTENSION(110),
    UNRECOGNIZED_NAME(112),
    BAD_CERTIFICATE_STATUS_RESPONSE(113),
    UNKNOWN_PSK_IDENTITY(115),
    CERTIFICATE_REQUIRED(116),
    NO_APPLICATION_PROTOCOL(120);

    private static final AlertDescription[] BY_CODE = new AlertDescription[256];

    static {
        for (AlertDescription d : values()) {
            BY_CODE[d.code] = d;
        }
    }

    private final int code;

    AlertDescription(int code) {
        this.code = code;
    }

    /** The one-byte wire value. */
    public int code() {
        return code;
    }

    /** The RFC name, as used in messages: "handshake_failure". */
    public String rfcName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The description for a wire value, or {@code null} when the value is not one we know. */
    public static AlertDescription fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
