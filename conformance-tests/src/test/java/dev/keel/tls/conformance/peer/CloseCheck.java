package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.app.EchoApp;
import dev.keel.tls.conformance.app.SocketServer;
import dev.keel.tls.conformance.matrix.Observation;
import dev.keel.tls.conformance.subject.Subject;
import dev.keel.tls.conformance.wire.RecordTrail;
import dev.keel.tls.conformance.wire.TlsWireObserver;
import dev.keel.tls.conformance.wire.WireTap;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The close of a connection, as the subject saw it, checked against the wire. Two witnesses: what the
 * subject's read waiting for the peer's close returned (end of stream, or an exception), and the
 * record framing the {@link WireTap} relayed from the peer before its TCP close ({@link RecordTrail}:
 * is the last record an alert?). For Keel the read is decisive — it returns end of stream only after
 * close_notify and reports a TCP close without one as an SSLException (its provider tests prove
 * both); the wire corroborates, and is decisive against a subject that reads a bare TCP close as end
 * of stream (SunJSSE), wherever it is conclusive.
 *
 * <ul>
 *   <li>A peer that sends close_notify: the subject must read end of stream, and the wire must not show
 *       a close without an alert. An exception instead fails the case: the subject missed a
 *       close_notify that was sent (or the peer did not send it; the wire says which).</li>
 *   <li>A peer known to close without close_notify (the driver says why): the data was checked
 *       before the close; the wire must not show an alert; Keel must report the truncation as an
 *       SSLException (RFC 8446 6.1: without close_notify the data may have been cut short). SunJSSE
 *       reads end of stream instead (its default). The evidence says "peer closed without
 *       close_notify".</li>
 * </ul>
 */
final class CloseCheck {

    /** How long to wait for both directions of a relayed connection to end. */
    private static final Duration WIRE_END = Duration.ofSeconds(2);

    private CloseCheck() {
    }

    /** The subject was the client: its read of the peer server's close, and the server→client wire. */
    static void subjectClient(Observation o, EchoApp.ReadEnd end, WireTap tap, int connection, String knownSilent)
            throws InterruptedException {
        check(o, end.failure(), tap, connection, 1, knownSilent);
    }

    /** The subject was the server: how its read of the peer client's close ended, and the client→server wire. */
    static void subjectServer(Observation o, SocketServer.Served served, WireTap tap, int connection,
            String knownSilent) throws InterruptedException {
        check(o, served.peerClosed ? null : served.closeFailure, tap, connection, 0, knownSilent);
    }

    private static void check(Observation o, IOException failure, WireTap tap, int connection, int direction,
            String knownSilent) throws InterruptedException {
        RecordTrail[] both = tap.trail(connection, WIRE_END);
        TlsWireObserver observer = tap.connection(connection, WIRE_END);
        if (both == null || observer == null) {
            throw new AssertionError("the wire tap saw no connection to judge the close by");
        }
        RecordTrail peerSide = both[direction];
        Boolean alert = peerSide.lastIsAlert(observer.facts().version());
        String wire = "wire " + peerSide + (alert == null ? " (TLS 1.3: a padded alert or data)" : "");
        String read = failure == null ? "end of stream" : brief(failure);
        Subject subject = Subject.current();
        if (knownSilent == null) {
            if (failure != null) {
                throw new AssertionError("the subject's read failed where the peer closes with close_notify: " + read
                        + " (" + wire + ")", failure);
            }
            if (Boolean.FALSE.equals(alert)) {
                throw new AssertionError("the peer closed without close_notify, which it is expected to send ("
                        + wire + "); subject " + subject.name() + " read end of stream");
            }
            o.note("peer's close_notify: received (subject read end of stream; " + wire + ")");
            return;
        }
        String why = "peer closed without close_notify (" + knownSilent + "; " + wire + ")";
        if (Boolean.TRUE.equals(alert)) {
            throw new AssertionError("the peer, expected to close without close_notify, sent an alert last (" + wire
                    + "); subject's read: " + read, failure);
        }
        if (failure == null) {
            if (!subject.readsEndOfStreamAsCloseNotify()) {
                throw new AssertionError(why + ", yet subject " + subject.name()
                        + " read a clean end of stream instead of reporting the truncation");
            }
            o.note(why + "; subject " + subject.name() + " read end of stream (it takes TCP EOF as close_notify)");
            return;
        }
        if (!(failure instanceof SSLException)) {
            throw new AssertionError(why + ", and the subject reported it as " + read + ", not as an SSLException",
                    failure);
        }
        o.note(why + "; subject reported the truncation: " + read);
    }

    private static String brief(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
