package dev.keel.tls.conformance.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
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

    /** Server side: echo until end of stream. */
    public static void serve(SSLSocket socket, SocketServer.Served record) throws IOException {
        MessageDigest md = sha256();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
            out.write(buf, 0, n);
            out.flush();
            record.bytesIn += n;
            record.bytesOut += n;
        }
        record.peerClosed = true;
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
     * Client close: close_notify via shutdownOutput (a TLS 1.3 half-close, RFC 8446 6.1), then read
     * until the server's close_notify. Returns a note for the report.
     */
    public static String closeAndAwaitPeer(SSLSocket socket) throws IOException {
        try {
            socket.shutdownOutput();
        } catch (UnsupportedOperationException | SocketException e) {
            socket.close();
            return "close_notify sent (duplex close: " + e.getMessage() + ")";
        }
        byte[] rest = readToEnd(socket.getInputStream(), 1 << 20);
        socket.close();
        if (rest.length > 0) {
            throw new IOException("unexpected " + rest.length + " bytes before the peer's close: "
                    + new String(Arrays.copyOf(rest, Math.min(rest.length, 80)), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return "close_notify both ways";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
