package dev.keel.tls.alert;

/**
 * The one internal error type of Keel's protocol core (DESIGN.md, "Errors").
 *
 * <p>Whoever detects a problem throws this with the alert the RFC names and a reason a person can act
 * on. The connection sends the alert (unless {@link #receivedFromPeer()}), moves to a closed state and
 * never accepts more input; the JSSE layer maps it to an {@code SSLException} subtype keeping the reason.
 */
public final class TlsAlertException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AlertDescription alert;
    private final boolean receivedFromPeer;

    public TlsAlertException(AlertDescription alert, String reason) {
        this(alert, reason, null, false);
    }

    public TlsAlertException(AlertDescription alert, String reason, Throwable cause) {
        this(alert, reason, cause, false);
    }

    private TlsAlertException(AlertDescription alert, String reason, Throwable cause, boolean received) {
        super(reason, cause);
        this.alert = alert;
        this.receivedFromPeer = received;
    }

    /** An alert the peer sent us: "Received fatal alert: handshake_failure". */
    public static TlsAlertException received(AlertDescription alert) {
        return new TlsAlertException(alert, "Received fatal alert: " + alert.rfcName(), null, true);
    }

    /** An alert the peer sent us whose description Keel does not know. */
    public static TlsAlertException receivedUnknown(int code) {
        return new TlsAlertException(AlertDescription.HANDSHAKE_FAILURE,
                "Received fatal alert: unknown alert " + code, null, true);
    }

    /** The alert to send (or that was received). */
    public AlertDescription alert() {
        return alert;
    }

    /** True when the peer sent this alert; nothing must be sent back. */
    public boolean receivedFromPeer() {
        return receivedFromPeer;
    }

    // Shorthands for the alerts thrown most often; they read well at call sites.

    public static TlsAlertException decodeError(String reason) {
        return new TlsAlertException(AlertDescription.DECODE_ERROR, reason);
    }

    public static TlsAlertException illegalParameter(String reason) {
        return new TlsAlertException(AlertDescription.ILLEGAL_PARAMETER, reason);
    }

    public static TlsAlertException unexpectedMessage(String reason) {
        return new TlsAlertException(AlertDescription.UNEXPECTED_MESSAGE, reason);
    }

    public static TlsAlertException handshakeFailure(String reason) {
        return new TlsAlertException(AlertDescription.HANDSHAKE_FAILURE, reason);
    }

    public static TlsAlertException internalError(String reason, Throwable cause) {
        return new TlsAlertException(AlertDescription.INTERNAL_ERROR, reason, cause);
    }
}
