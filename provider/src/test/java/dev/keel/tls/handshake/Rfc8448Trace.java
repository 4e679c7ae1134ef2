package dev.keel.tls.handshake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of an RFC 8448 trace (copied verbatim into {@code src/test/resources/rfc8448/}) into
 * its steps ("{server}  derive secret "tls13 c hs traffic"") and their named hex values ("expanded
 * (32 octets): ..."). Values may continue over page breaks; the octet count says where they end.
 */
public final class Rfc8448Trace {

    /** One named value of one step. */
    public record Entry(String step, String name, byte[] value) {
    }

    private static final Pattern STEP = Pattern.compile("^   (\\{(?:client|server)\\}.*)$");
    private static final Pattern VALUE = Pattern.compile("^\\s{4,}([A-Za-z][^():]*?) \\((\\d+) octets?\\):\\s*(.*)$");
    private static final Pattern HEX_LINE = Pattern.compile("^\\s*[0-9a-f]{2}(?: [0-9a-f]{2})*\\s*$");

    private final List<Entry> entries;

    private Rfc8448Trace(List<Entry> entries) {
        this.entries = entries;
    }

    /** Loads a trace from the test class path, e.g. "/rfc8448/section3-simple-1rtt.txt". */
    public static Rfc8448Trace load(String resource) {
        try (InputStream in = Rfc8448Trace.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<String> lines = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
            return new Rfc8448Trace(parse(lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Entry> parse(List<String> lines) {
        List<Entry> out = new ArrayList<>();
        String step = null;
        boolean stepContinues = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher s = STEP.matcher(line);
            if (s.matches()) {
                step = s.group(1);
                stepContinues = true;
                continue;
            }
            Matcher v = VALUE.matcher(line);
            if (v.matches() && step != null) {
                stepContinues = false;
                int octets = Integer.parseInt(v.group(2));
                byte[] value = new byte[octets];
                int filled = addHex(v.group(3), value, 0);
                while (filled < octets) {
                    String next = lines.get(++i);
                    if (STEP.matcher(next).matches() || VALUE.matcher(next).matches()) {
                        throw new IllegalStateException("value '" + v.group(1) + "' of step " + step
                                + " ends after " + filled + " of " + octets + " octets");
                    }
                    if (HEX_LINE.matcher(next).matches()) {
                        filled = addHex(next, value, filled);
                    } // else a blank line or a page header/footer
                }
                out.add(new Entry(normalize(step), v.group(1), value));
                continue;
            }
            if (stepContinues && !line.isBlank()) {
                step = step + " " + line.trim(); // a step title wrapped onto the next line
            } else {
                stepContinues = false;
            }
        }
        return out;
    }

    private static int addHex(String text, byte[] into, int at) {
        String t = text.trim();
        if (t.isEmpty() || !HEX_LINE.matcher(t).matches()) {
            return at;
        }
        for (String b : t.split("\\s+")) {
            into[at++] = (byte) Integer.parseInt(b, 16);
        }
        return at;
    }

    private static String normalize(String step) {
        String s = step.trim().replaceAll("\\s+", " ");
        return s.endsWith(":") ? s.substring(0, s.length() - 1) : s;
    }

    /** Every value called {@code name} of every step titled {@code step}, in trace order. */
    public List<byte[]> all(String step, String name) {
        String want = normalize(step);
        List<byte[]> found = new ArrayList<>();
        for (Entry e : entries) {
            if (e.step().equals(want) && e.name().equals(name)) {
                found.add(e.value().clone());
            }
        }
        return found;
    }

    /** The one value called {@code name} of the one step titled {@code step}. */
    public byte[] get(String step, String name) {
        List<byte[]> found = all(step, name);
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.size() + " values '" + name + "' for step '" + step + "'");
        }
        return found.get(0);
    }

    /** The {@code occurrence}-th (0-based) value called {@code name} of steps titled {@code step}. */
    public byte[] get(String step, String name, int occurrence) {
        List<byte[]> found = all(step, name);
        if (occurrence >= found.size()) {
            throw new IllegalArgumentException("only " + found.size() + " values '" + name + "' for step '" + step + "'");
        }
        return found.get(occurrence);
    }

    /** All entries, for inspection. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Decodes hex, ignoring whitespace. */
    public static byte[] hex(String s) {
        String t = s.replaceAll("\\s+", "");
        byte[] out = new byte[t.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Concatenates arrays. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
