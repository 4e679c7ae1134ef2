package dev.keel.tls.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/** One HTTP/1.1 GET over an established TLS socket, printed (used by {@code demo}). */
final class HttpExchange {
    private static final int MAX_RESPONSE = 64 * 1024;

    private HttpExchange() {
    }

    static String get(SSLSocket socket, String host, String path, PrintStream out) throws IOException {
        OutputStream o = socket.getOutputStream();
        o.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        o.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; response.size() < MAX_RESPONSE && (n = in.read(buf)) > 0; ) {
            response.write(buf, 0, n);
        }
        String text = response.toString(StandardCharsets.UTF_8);
        out.println("  HTTP response over the encrypted connection:");
        for (String line : text.split("\r?\n")) {
            out.println("     | " + line);
        }
        return text;
    }
}
