package dev.keel.tls.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.handshake.CertificateAlerts;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;
import org.junit.jupiter.api.Test;

class ExceptionsTest {
    @Test
    void duringTheHandshakeEveryAlertIsAHandshakeException() {
        TlsAlertException e = TlsAlertException.handshakeFailure("no cipher suite in common");
        SSLException x = Exceptions.toSslException(e, true);
        assertInstanceOf(SSLHandshakeException.class, x);
        assertEquals("no cipher suite in common", x.getMessage());
        assertSame(e, x.getCause());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, Exceptions.alertOf(x));
    }

    @Test
    void afterTheHandshakeProtocolViolationsAreProtocolExceptions() {
        SSLException x = Exceptions.toSslException(TlsAlertException.decodeError("record too short"), false);
        assertInstanceOf(SSLProtocolException.class, x);
        assertEquals("record too short", x.getMessage());
        SSLException y = Exceptions.toSslException(
                new TlsAlertException(AlertDescription.INTERNAL_ERROR, "out of memory"), false);
        assertEquals(SSLException.class, y.getClass());
    }

    @Test
    void receivedAlertsSayReceivedFatalAlert() {
        TlsAlertException received = TlsAlertException.received(AlertDescription.BAD_CERTIFICATE);
        SSLException during = Exceptions.toSslException(received, true);
        assertInstanceOf(SSLHandshakeException.class, during);
        assertEquals("Received fatal alert: bad_certificate", during.getMessage());
        SSLException after = Exceptions.toSslException(TlsAlertException.received(AlertDescription.DECODE_ERROR), false);
        assertEquals(SSLException.class, after.getClass(), "the peer's alert is not our protocol violation");
        assertEquals("Received fatal alert: decode_error", after.getMessage());
    }

    @Test
    void theCoreCauseIsTheCauseAndTheAlertStaysReachable() {
        CertificateException cause = new CertificateException("PKIX path building failed");
        TlsAlertException e = CertificateAlerts.rejected("server", cause);
        SSLException x = Exceptions.toSslException(e, true);
        assertSame(cause, x.getCause(), "applications match on the trust manager's exception, as with SunJSSE");
        assertSame(e, x.getSuppressed()[0]);
        assertEquals(AlertDescription.CERTIFICATE_UNKNOWN, Exceptions.alertOf(x));
        assertEquals("server certificate rejected: PKIX path building failed", x.getMessage());
    }

    @Test
    void unexpectedRuntimeExceptionsAreWrapped() {
        IllegalStateException bug = new IllegalStateException("oops");
        SSLException during = Exceptions.unexpected(bug, true);
        assertInstanceOf(SSLHandshakeException.class, during);
        assertSame(bug, during.getCause());
        SSLException after = Exceptions.unexpected(bug, false);
        assertEquals(SSLException.class, after.getClass());
        assertNull(Exceptions.alertOf(after));
    }
}
