package dev.keel.tls.jsse;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;

/**
 * Maps the core's {@link TlsAlertException} to the {@code SSLException} subtypes applications and
 * libraries catch (DESIGN.md, "Errors"):
 * <ul>
 *   <li>during the handshake: {@link SSLHandshakeException};
 *   <li>after it, a peer that broke the protocol: {@link SSLProtocolException};
 *   <li>anything else after it: {@link SSLException}.
 * </ul>
 * The message is the core's reason ("Received fatal alert: handshake_failure" for a peer alert). The
 * cause is what the core saw (a {@code CertificateException} from the trust manager, say) so that
 * code matching on causes works as with SunJSSE; when the core had no cause, the cause is the
 * {@code TlsAlertException} itself, so the alert is always reachable through {@link #alertOf}.
 */
public final class Exceptions {
    private Exceptions() {
    }

    /** The SSLException for an alert thrown by the core. */
    public static SSLException toSslException(TlsAlertException e, boolean duringHandshake) {
        String message = e.getMessage() != null ? e.getMessage() : e.alert().rfcName();
        SSLException out;
        if (duringHandshake) {
            out = new SSLHandshakeException(message);
        } else if (!e.receivedFromPeer() && isProtocolViolation(e.alert())) {
            out = new SSLProtocolException(message);
        } else {
            out = new SSLException(message);
        }
        if (e.getCause() != null) {
            out.initCause(e.getCause());
            out.addSuppressed(e);
        } else {
            out.initCause(e);
        }
        return out;
    }

    /**
     * Any other exception that reached the JSSE layer unexpectedly (a bug, or a key or trust manager
     * that threw a runtime exception): never let it escape raw (DESIGN.md).
     */
    public static SSLException unexpected(RuntimeException e, boolean duringHandshake) {
        String message = "Keel internal error: " + e;
        SSLException out = duringHandshake ? new SSLHandshakeException(message) : new SSLException(message);
        out.initCause(e);
        return out;
    }

    /**
     * The alert behind an exception thrown by Keel, or {@code null}: looks at the cause and the
     * suppressed exceptions, where {@link #toSslException} keeps the {@code TlsAlertException}.
     */
    public static AlertDescription alertOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TlsAlertException a) {
                return a.alert();
            }
            for (Throwable s : c.getSuppressed()) {
                if (s instanceof TlsAlertException a) {
                    return a.alert();
                }
            }
        }
        return null;
    }

    /** Alerts that mean "the peer sent something the protocol forbids" (RFC 8446 6.2). */
    private static boolean isProtocolViolation(AlertDescription alert) {
        return switch (alert) {
            case UNEXPECTED_MESSAGE, BAD_RECORD_MAC, RECORD_OVERFLOW, DECODE_ERROR, ILLEGAL_PARAMETER,
                    PROTOCOL_VERSION, MISSING_EXTENSION, UNSUPPORTED_EXTENSION, NO_RENEGOTIATION -> true;
            default -> false;
        };
    }
}
