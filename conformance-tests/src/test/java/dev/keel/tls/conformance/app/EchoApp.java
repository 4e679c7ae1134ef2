package dev.keel.tls.conformance.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;

/**
 * The echo application, both ends. The server echoes every byte until the client's close_notify,
 * then closes (its own close_notify). The client sends, reads the echo, half-closes, and reads until
 * the server's close_notify.
 */
public final class EchoApp {

    private EchoApp() {
    }

    /**
     * Server side: echo until end of stream. A failed read ends the echo too and is kept in
     * {@link SocketServer.Served#closeFailure} (a truncation, for the close check to judge).
     */
    public static void serve(SSLSocket socket, SocketServer.Served record) throws IOException {
        MessageDigest md = sha256();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buf = new byte[16 * 1024];
        int n;
        while (true) {
            try {
                n = in.read(buf);
            } catch (IOException e) {
                record.closeFailure = e; // judged by the driver's close check, with the wire's view
                break;
            }
            if (n < 0) {
                record.peerClosed = true;
                break;
            }
            md.update(buf, 0, n);
            out.write(buf, 0, n);
            out.flush();
            record.bytesIn += n;
            record.bytesOut += n;
        }
        record.sha256In = HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    /**
     * Client side: writes {@code data} (on a second thread, so that a large echo cannot dead-lock on
     * full TCP buffers) and reads the same number of bytes back. Returns what was read.
     */
    public static byte[] roundTrip(SSLSocket socket, byte[] data) throws IOException, InterruptedException {
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (int off = 0; off < data.length; off += 16 * 1024) {
                    out.write(data, off, Math.min(16 * 1024, data.length - off));
                }
                out.flush();
            } catch (IOException e) {
                writeFailure.set(e);
            }
        }, "echo-writer");
        writer.setDaemon(true);
        writer.start();
        byte[] got = readExactly(socket.getInputStream(), data.length);
        writer.join(SocketServer.SO_TIMEOUT_MILLIS);
        if (writeFailure.get() != null) {
            throw writeFailure.get();
        }
        return got;
    }

    /** Reads exactly n bytes; fails with what arrived when the stream ends first. */
    public static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(out, got, n - got);
            if (r < 0) {
                throw new IOException("stream ended after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return out;
    }

    /** Reads everything until end of stream (bounded by the socket timeout and a size cap). */
    public static byte[] readToEnd(InputStream in, int cap) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            if (out.size() > cap) {
                throw new IOException("more than " + cap + " bytes before end of stream");
            }
        }
        return out.toByteArray();
    }

    /**
     * How reading up to the peer's close ended: {@code rest} is what arrived first; {@code failure}
     * is null when the read returned end of stream (for Keel: the peer's close_notify arrived), else
     * what the read threw (for Keel, a TCP close without close_notify is an SSLException). Judged by
     * the drivers' close check against the wire's view.
     */
    public record ReadEnd(byte[] rest, IOException failure) {
        /** "end of stream" or "SSLException: ...". */
        public String describe() {
            return failure == null ? "end of stream (-1)"
                    : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
    }

    /** Reads until end of stream or a failure (bounded by the socket timeout and a size cap); never throws. */
    public static ReadEnd readToPeerClose(InputStream in, int cap) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > cap) {
                    return new ReadEnd(out.toByteArray(), new IOException("more than " + cap
                            + " bytes before end of stream"));
                }
            }
            return new ReadEnd(out.toByteArray(), null);
        } catch (IOException e) {
            return new ReadEnd(out.toByteArray(), e);
        }
    }

    /**
     * Client close: close_notify via shutdownOutput (a TLS 1.3 half-close, RFC 8446 6.1), then read
     * until the server's close. Bytes before the close fail here; how the read ended is returned for
     * the close check (the socket is closed either way).
     */
    public static ReadEnd closeAndAwaitPeer(SSLSocket socket) throws IOException {
        socket.shutdownOutput();
        ReadEnd end = readToPeerClose(socket.getInputStream(), 1 << 20);
        socket.close();
        if (end.rest().length > 0) {
            throw new IOException("unexpected " + end.rest().length + " bytes before the peer's close: "
                    + new String(Arrays.copyOf(end.rest(), Math.min(end.rest().length, 80)),
                            java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return end;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
