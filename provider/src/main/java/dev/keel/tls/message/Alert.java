package dev.keel.tls.message;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.AlertLevel;
import dev.keel.tls.alert.TlsAlertException;

/**
 * The body of an alert record, RFC 8446 section 6:
 * {@code struct { AlertLevel level; AlertDescription description; } Alert;} (two bytes).
 * Values are kept as wire numbers so that unknown ones can be reported; {@link #alertLevel()} and
 * {@link #alertDescription()} give the known enums.
 */
public record Alert(int level, int description) {
    public static final int LENGTH = 2;

    public Alert {
        Fields.u8(level, "alert level");
        Fields.u8(description, "alert description");
    }

    public static Alert of(AlertLevel level, AlertDescription description) {
        return new Alert(level.code(), description.code());
    }

    /** A fatal alert. */
    public static Alert fatal(AlertDescription description) {
        return of(AlertLevel.FATAL, description);
    }

    /**
     * The alert to send for a description: close_notify and user_canceled are warnings, everything else
     * fatal (RFC 8446 6: in TLS 1.3 the level of the others is implicitly fatal; they are sent as fatal).
     */
    public static Alert forDescription(AlertDescription description) {
        boolean warning = description == AlertDescription.CLOSE_NOTIFY || description == AlertDescription.USER_CANCELED;
        return of(warning ? AlertLevel.WARNING : AlertLevel.FATAL, description);
    }

    /** close_notify, sent at the warning level (RFC 8446 6.1). */
    public static Alert closeNotify() {
        return of(AlertLevel.WARNING, AlertDescription.CLOSE_NOTIFY);
    }

    /** Exactly two bytes; anything else is a decode_error. */
    public static Alert decode(TlsReader r) throws TlsAlertException {
        if (r.remaining() != LENGTH) {
            throw TlsAlertException.decodeError("alert record of " + r.remaining() + " bytes; an alert is 2 bytes");
        }
        return new Alert(r.u8("alert level"), r.u8("alert description"));
    }

    public static Alert decode(byte[] fragment) throws TlsAlertException {
        return decode(new TlsReader(fragment));
    }

    public void encode(TlsWriter w) {
        w.u8(level).u8(description);
    }

    public byte[] encode() {
        return new byte[] {(byte) level, (byte) description};
    }

    /** The level, or {@code null} when the wire value is not warning(1) or fatal(2). */
    public AlertLevel alertLevel() {
        return AlertLevel.fromCode(level);
    }

    /** The description, or {@code null} when the wire value is unknown. */
    public AlertDescription alertDescription() {
        return AlertDescription.fromCode(description);
    }

    @Override
    public String toString() {
        AlertLevel l = alertLevel();
        AlertDescription d = alertDescription();
        return "Alert[" + (l == null ? "level " + level : l.name().toLowerCase(java.util.Locale.ROOT)) + ", "
                + (d == null ? "description " + description : d.rfcName()) + "]";
    }
}
