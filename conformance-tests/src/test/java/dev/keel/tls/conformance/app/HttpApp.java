package dev.keel.tls.conformance.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import javax.net.ssl.SSLSocket;

/**
 * The smallest HTTP server curl can talk to over the subject's TLS: HTTP/1.1 with Content-Length and
 * "Connection: close", and — when ALPN selected h2 — just enough HTTP/2 (RFC 9113) for one GET: the
 * connection preface, SETTINGS, and a response of HEADERS (":status: 200", HPACK static index 8) and
 * DATA on stream 1.
 */
public final class HttpApp {

    /** The body of every small response. */
    public static final String HELLO = "hello from the subject\n";

    private HttpApp() {
    }

    /** Serves one request: {@code /bulk} answers the 1 MiB payload (seed 2), anything else {@link #HELLO}. */
    public static void serve(SSLSocket socket, SocketServer.Served record) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        if ("h2".equals(socket.getApplicationProtocol())) {
            serveHttp2(in, out, record);
        } else {
            String head = readHead(in);
            String path = head.split(" ", 3)[1];
            int contentLength = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = EchoApp.readExactly(in, contentLength);
            record.bytesIn = body.length;
            record.sha256In = Payload.sha256(body);
            byte[] response = path.startsWith("/bulk") ? Payload.mebibyte(2) : Payload.ascii(HELLO);
            out.write(Payload.ascii("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + response.length + "\r\nConnection: close\r\n\r\n"));
            out.write(response);
            out.flush();
            record.bytesOut = response.length;
            record.notes.add("HTTP/1.1 " + head.split(" ", 2)[0] + " " + path);
        }
        socket.shutdownOutput(); // close_notify
        EchoApp.ReadEnd end = EchoApp.readToPeerClose(in, 1 << 16);
        record.peerClosed = end.failure() == null;
        record.closeFailure = end.failure(); // judged by the driver's close check, with the wire's view
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                return new String(h, StandardCharsets.ISO_8859_1);
            }
            if (n > 64 * 1024) {
                break;
            }
        }
        throw new IOException("no complete HTTP request head: " + head);
    }

    private static final byte[] PREFACE = Payload.ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    private static final int DATA = 0x0, HEADERS = 0x1, SETTINGS = 0x4, GOAWAY = 0x7;
    private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4;

    private static void serveHttp2(InputStream in, OutputStream out, SocketServer.Served record) throws IOException {
        byte[] preface = EchoApp.readExactly(in, PREFACE.length);
        if (!Arrays.equals(preface, PREFACE)) {
            throw new IOException("ALPN said h2 but the client did not send the HTTP/2 preface");
        }
        frame(out, SETTINGS, 0, 0, new byte[0]);
        while (true) { // read frames until the request's HEADERS (a GET ends the stream with them)
            byte[] header = EchoApp.readExactly(in, 9);
            int length = ((header[0] & 0xFF) << 16) | ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
            int type = header[3] & 0xFF;
            int flags = header[4] & 0xFF;
            int stream = ((header[5] & 0x7F) << 24) | ((header[6] & 0xFF) << 16) | ((header[7] & 0xFF) << 8)
                    | (header[8] & 0xFF);
            EchoApp.readExactly(in, length);
            if (type == SETTINGS && (flags & ACK) == 0) {
                frame(out, SETTINGS, ACK, 0, new byte[0]);
            } else if (type == HEADERS && stream == 1) {
                break;
            }
        }
        byte[] body = Payload.ascii(HELLO);
        frame(out, HEADERS, END_HEADERS, 1, new byte[] {(byte) 0x88}); // :status 200
        frame(out, DATA, END_STREAM, 1, body);
        frame(out, GOAWAY, 0, 0, new byte[] {0, 0, 0, 1, 0, 0, 0, 0}); // last stream 1, NO_ERROR
        out.flush();
        record.bytesOut = body.length;
        record.notes.add("HTTP/2 GET on stream 1");
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(new byte[] {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
            (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8),
            (byte) stream});
        out.write(payload);
    }
}
