package dev.keel.tls.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handshake messages of RFC 8448, copied into {@code rfc8448/msg-handshake-messages.txt}: a name
 * line ("s3.client.ClientHello") followed by indented hex lines; '#' starts a comment.
 */
final class Rfc8448Messages {
    private static final String RESOURCE = "/rfc8448/msg-handshake-messages.txt";
    private static final Map<String, byte[]> ALL = load();

    private Rfc8448Messages() {
    }

    /** Every message, in RFC order, with its 4-byte handshake header. */
    static Map<String, byte[]> all() {
        return ALL;
    }

    /** One message with its 4-byte handshake header (a fresh copy). */
    static byte[] get(String name) {
        byte[] b = ALL.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no RFC 8448 vector " + name);
        }
        return b.clone();
    }

    /** The body of a message: the header checked and removed. */
    static byte[] body(String name) {
        return bodyOf(get(name));
    }

    static byte[] bodyOf(byte[] wire) {
        int length = ((wire[1] & 0xFF) << 16) | ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF);
        if (length != wire.length - 4) {
            throw new IllegalStateException("header length " + length + " for a body of " + (wire.length - 4));
        }
        return java.util.Arrays.copyOfRange(wire, 4, wire.length);
    }

    private static Map<String, byte[]> load() {
        try (InputStream in = Rfc8448Messages.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            Map<String, byte[]> out = new LinkedHashMap<>();
            String name = null;
            StringBuilder hex = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (Character.isWhitespace(line.charAt(0))) {
                    hex.append(line.replaceAll("\\s", ""));
                } else {
                    if (name != null) {
                        out.put(name, HexFormat.of().parseHex(hex));
                    }
                    name = line.trim();
                    hex.setLength(0);
                }
            }
            out.put(name, HexFormat.of().parseHex(hex));
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String... parts) {
        return HexFormat.of().parseHex(String.join("", parts).replaceAll("\\s", ""));
    }
}
