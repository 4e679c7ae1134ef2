package dev.keel.tls.message;

/** Record content types, RFC 8446 section 5.1. */
public enum ContentType {
    CHANGE_CIPHER_SPEC(20),
    ALERT(21),
    HANDSHAKE(22),
    APPLICATION_DATA(23);

    private final int code;

    ContentType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The content type for a wire value, or {@code null} when unknown. */
    public static ContentType fromCode(int code) {
        return switch (code) {
            case 20 -> CHANGE_CIPHER_SPEC;
            case 21 -> ALERT;
            case 22 -> HANDSHAKE;
            case 23 -> APPLICATION_DATA;
            default -> null;
        };
    }
}
