package dev.keel.tls.alert;

/** Alert levels, RFC 5246 7.2. In TLS 1.3 every alert but close_notify and user_canceled is fatal. */
public enum AlertLevel {
    WARNING(1),
    FATAL(2);

    private final int code;

    AlertLevel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static AlertLevel fromCode(int code) {
        return switch (code) {
            case 1 -> WARNING;
            case 2 -> FATAL;
            default -> null;
        };
    }
}
