package dev.keel.tls.conformance.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Application data of the cases. The 1 MiB payload is 1024 lines of 1023 digits and a newline: line
 * based (echo servers, openssl -rev) and free of the letters openssl s_client/s_server read as
 * commands (Q, R, k, K, ...).
 */
public final class Payload {

    public static final int MIB = 1 << 20;
    public static final int LINE = 1024;

    private Payload() {
    }

    /** 1 MiB: line i is "%07d:" then digits, 1024 bytes with its newline. {@code seed} varies the digits. */
    public static byte[] mebibyte(int seed) {
        byte[] out = new byte[MIB];
        for (int line = 0; line < MIB / LINE; line++) {
            int base = line * LINE;
            byte[] head = String.format("%07d:", line).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, out, base, head.length);
            for (int i = head.length; i < LINE - 1; i++) {
                out[base + i] = (byte) ('0' + ((i * 7 + line * 13 + seed) % 10));
            }
            out[base + LINE - 1] = '\n';
        }
        return out;
    }

    /** The reversed lines openssl s_server -rev answers with. */
    public static byte[] reversedLines(byte[] lines) {
        byte[] out = new byte[lines.length];
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] == '\n') {
                for (int j = start; j < i; j++) {
                    out[j] = lines[i - 1 - (j - start)];
                }
                out[i] = '\n';
                start = i + 1;
            }
        }
        return out;
    }

    public static String sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static String sha256(byte[] data, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, offset, length);
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Why {@code haystack} does not contain {@code needle}: where its first line starts and the first
     * byte that differs from there, with some context — for failure messages.
     */
    public static String mismatch(byte[] haystack, byte[] needle) {
        int start = indexOf(haystack, java.util.Arrays.copyOf(needle, Math.min(needle.length, 64)));
        if (start < 0) {
            return "the payload's first line is not in the output (" + haystack.length + " B)";
        }
        int i = 0;
        while (i < needle.length && start + i < haystack.length && haystack[start + i] == needle[i]) {
            i++;
        }
        int from = Math.max(0, start + i - 40);
        int to = Math.min(haystack.length, start + i + 80);
        return "output (" + haystack.length + " B) matches the payload from offset " + start + " for " + i
                + " bytes; then: '" + new String(haystack, from, to - from, StandardCharsets.ISO_8859_1)
                        .replace("\n", "\\n") + "'";
    }

    /** The index of {@code needle} in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
