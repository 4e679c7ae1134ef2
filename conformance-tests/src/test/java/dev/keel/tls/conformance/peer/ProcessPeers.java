package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.app.EchoApp;
import dev.keel.tls.conformance.app.Payload;
import dev.keel.tls.conformance.app.SocketServer;
import dev.keel.tls.conformance.wire.WireTap;
import dev.keel.tls.conformance.matrix.Observation;
import dev.keel.tls.conformance.process.PeerProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers shared by the process drivers. */
final class ProcessPeers {

    static final Duration START = Duration.ofSeconds(10);
    static final Duration STEP = Duration.ofSeconds(10);
    static final Duration BULK = Duration.ofSeconds(60);

    private ProcessPeers() {
    }

    /**
     * A command run under {@code stdbuf -oL -eL}: OpenSSL prints its trace through C stdio, which is
     * block-buffered on a pipe; line buffering makes each line visible as it happens, so that a server
     * reused across cases can be read case by case.
     */
    static java.util.List<String> lineBuffered(java.util.List<String> command) {
        dev.keel.tls.conformance.process.PeerBinaries.require(command.get(0));
        java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of("stdbuf", "-oL", "-eL"));
        out.addAll(command);
        return out;
    }

    /** The first group of a regex in a text, or null. */
    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** Writes bytes to a process's stdin on a separate thread (pipes are small; the peer echoes as we write). */
    static Thread writeInBackground(PeerProcess p, byte[] data, AtomicReference<IOException> failure) {
        Thread t = new Thread(() -> {
            try {
                for (int off = 0; off < data.length; off += 16 * 1024) {
                    byte[] chunk = java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + 16 * 1024));
                    p.writeStdin(chunk);
                }
            } catch (IOException e) {
                failure.set(e);
            }
        }, "stdin-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Notes what the subject's server side saw on one connection, fails on its error, and checks how
     * the peer client closed ({@link CloseCheck}: {@code knownSilent} says why this peer is known to
     * close without close_notify, null when it sends one).
     */
    static void recordServed(Observation o, SocketServer.Served served, String what, WireTap tap, int connection,
            String knownSilent) throws InterruptedException {
        if (served == null) {
            throw new AssertionError("the subject's server saw no connection for " + what);
        }
        if (served.error != null) {
            throw new AssertionError("the subject's server failed on " + what + ": " + served.error, served.error);
        }
        served.view.recordAs(o, Observation.Source.SUBJECT);
        o.note("subject server: " + served.bytesIn + " B in, " + served.bytesOut + " B out");
        served.notes.forEach(o::note);
        CloseCheck.subjectServer(o, served, tap, connection, knownSilent);
    }

    /** Checks that an echo round trip returned what was sent. */
    static void checkEcho(byte[] sent, byte[] got, String what) {
        if (!java.util.Arrays.equals(sent, got)) {
            throw new AssertionError(what + ": echo differs (sent sha " + Payload.sha256(sent) + ", got sha "
                    + Payload.sha256(got) + ")");
        }
    }

    /** A short, printable form of a failure for the report. */
    static String brief(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static byte[] roundTrip(javax.net.ssl.SSLSocket s, byte[] data) throws IOException, InterruptedException {
        return EchoApp.roundTrip(s, data);
    }
}
