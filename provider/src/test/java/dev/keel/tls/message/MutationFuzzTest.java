package dev.keel.tls.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random mutations (fixed seed, bounded count) of the RFC 8448 messages and of the extension bodies
 * inside them. Decoding must either fail with a {@link TlsAlertException} carrying a parse alert, or
 * succeed with a value that re-encodes to exactly the input bytes.
 */
class MutationFuzzTest {
    private static final long SEED = 0x6b65656cL; // "keel"
    private static final int ITERATIONS = 20_000;
    private static final Set<AlertDescription> PARSE_ALERTS =
            EnumSet.of(AlertDescription.DECODE_ERROR, AlertDescription.ILLEGAL_PARAMETER,
                    AlertDescription.MISSING_EXTENSION);

    private record Target(String name, Codecs.Decoder decoder, byte[] input) {
    }

    private static List<Target> targets() throws TlsAlertException {
        List<Target> targets = new ArrayList<>();
        for (Map.Entry<String, byte[]> v : Rfc8448Messages.all().entrySet()) {
            if (v.getKey().endsWith("ClientHelloPrefix")) {
                continue;
            }
            byte[] wire = v.getValue();
            Codecs.Decoder decoder = Codecs.message(wire[0] & 0xFF);
            byte[] body = Rfc8448Messages.bodyOf(wire);
            targets.add(new Target(v.getKey(), decoder, body));
            Codecs.extensionBlocks(decoder.decode(body)).forEach((context, blocks) -> blocks.forEach(b -> {
                for (Extension e : b.list()) {
                    Codecs.Decoder d = Codecs.extension(context, e.type());
                    if (d != null) {
                        targets.add(new Target(v.getKey() + "/" + ExtensionType.nameOf(e.type()), d, e.data()));
                    }
                }
            }));
        }
        return targets;
    }

    @Test
    void mutatedInputOnlyEverFailsWithAnAlert() throws TlsAlertException {
        List<Target> targets = targets();
        Random random = new Random(SEED);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            Target t = targets.get(random.nextInt(targets.size()));
            byte[] input = t.input();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                input = mutate(input, random);
            }
            Object decoded;
            try {
                decoded = t.decoder().decode(input);
            } catch (TlsAlertException e) {
                assertTrue(PARSE_ALERTS.contains(e.alert()), t.name() + ": " + e.alert() + " " + e.getMessage());
                rejected++;
                continue;
            } catch (RuntimeException | Error e) {
                throw new AssertionError(t.name() + " threw " + e + " for " + HexFormat.of().formatHex(input), e);
            }
            accepted++;
            checkAccepted(t, input, decoded);
        }
        // Both outcomes occur: the mutations are neither all fatal nor all harmless.
        assertTrue(accepted > 1000 && rejected > 1000, "accepted " + accepted + ", rejected " + rejected);
    }

    private static void checkAccepted(Target t, byte[] input, Object decoded) {
        byte[] encoded = Codecs.encode(decoded);
        if (!helloWithEmptyExtensionBlock(decoded)) {
            assertArrayEquals(input, encoded, t.name() + " accepted " + HexFormat.of().formatHex(input));
        }
        try {
            assertEquals(decoded, t.decoder().decode(encoded), t.name());
        } catch (TlsAlertException e) {
            fail(t.name() + ": own encoding rejected: " + e.getMessage());
        }
    }

    /** "00 00" after a hello's compression method decodes as no extensions and encodes as nothing. */
    private static boolean helloWithEmptyExtensionBlock(Object decoded) {
        return decoded instanceof ClientHello c && c.extensions().isEmpty()
                || decoded instanceof ServerHello s && s.extensions().isEmpty();
    }

    private static byte[] mutate(byte[] in, Random r) {
        int n = in.length;
        int at = n == 0 ? 0 : r.nextInt(n);
        switch (r.nextInt(8)) {
            case 0 -> { // flip one bit
                if (n > 0) {
                    byte[] out = in.clone();
                    out[at] ^= (byte) (1 << r.nextInt(8));
                    return out;
                }
                return in;
            }
            case 1 -> { // a byte to 0x00, 0xFF or anything
                if (n > 0) {
                    byte[] out = in.clone();
                    int choice = r.nextInt(3);
                    out[at] = (byte) (choice == 0 ? 0 : choice == 1 ? 0xFF : r.nextInt(256));
                    return out;
                }
                return in;
            }
            case 2 -> { // nudge a byte, as if a length were off by one
                if (n > 0) {
                    byte[] out = in.clone();
                    out[at] += (byte) (r.nextBoolean() ? 1 : -1);
                    return out;
                }
                return in;
            }
            case 3 -> { // insert a byte
                byte[] out = new byte[n + 1];
                System.arraycopy(in, 0, out, 0, at);
                out[at] = (byte) r.nextInt(256);
                System.arraycopy(in, at, out, at + 1, n - at);
                return out;
            }
            case 4 -> { // delete a byte
                if (n == 0) {
                    return in;
                }
                byte[] out = new byte[n - 1];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + 1, out, at, n - at - 1);
                return out;
            }
            case 5 -> { // truncate
                return Arrays.copyOf(in, at);
            }
            case 6 -> { // append a few random bytes
                byte[] out = Arrays.copyOf(in, n + 1 + r.nextInt(4));
                for (int i = n; i < out.length; i++) {
                    out[i] = (byte) r.nextInt(256);
                }
                return out;
            }
            default -> { // repeat a slice (duplicates extensions, entries, list items)
                if (n == 0) {
                    return in;
                }
                int len = 1 + r.nextInt(Math.min(16, n - at));
                byte[] out = new byte[n + len];
                System.arraycopy(in, 0, out, 0, at + len);
                System.arraycopy(in, at, out, at + len, n - at);
                return out;
            }
        }
    }
}
