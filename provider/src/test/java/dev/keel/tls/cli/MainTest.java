package dev.keel.tls.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.cli.Cli.Result;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code keel} usage (exit 2 for wrong arguments, with the usage text) and {@code keel demo}. */
class MainTest {
    @Test
    void noCommandPrintsUsageAndExits2() {
        Result r = Cli.run();
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.out().startsWith("usage: keel <command>"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "-h", "--help"})
    void helpPrintsUsageAndExits0(String flag) {
        Result r = Cli.run(flag);
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("connect HOST:PORT") && r.out().contains("serve") && r.out().contains("demo"),
                r.toString());
    }

    /** Each wrong command line: exit 2, "keel: " and a reason on stderr, then the usage text. */
    @ParameterizedTest
    @ValueSource(strings = {
        "frobnicate|unknown command 'frobnicate'",
        "connect|connect needs HOST:PORT",
        "connect localhost|'localhost' is not HOST:PORT",
        "connect localhost:|'localhost:' is not HOST:PORT",
        "connect localhost:https|port 'https' is not a number",
        "connect localhost:0|port 0 is out of range",
        "connect localhost:65536|port 65536 is out of range",
        "connect localhost:443 extra:1|unexpected argument 'extra:1'",
        "connect localhost:443 --bogus|unexpected argument '--bogus'",
        "connect localhost:443 --trust|--trust needs a value",
        "connect localhost:443 --alpn|--alpn needs a value",
        "serve --port|--port needs a value",
        "serve --port eighty|--port needs a number",
        "serve --port 70000|port 70000 is out of range",
        "serve --cert cert.pem|--cert and --key go together",
        "serve --key key.pem|--cert and --key go together",
        "serve --verbose|unexpected argument '--verbose'",
    })
    void wrongArgumentsExit2WithTheReasonAndTheUsage(String caseLine) {
        String[] parts = caseLine.split("\\|");
        Result r = Cli.run(parts[0].split(" "));
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("keel: "), r.toString());
        assertTrue(r.err().contains(parts[1]), "expected '" + parts[1] + "' in\n" + r);
        assertTrue(r.err().contains("usage: keel <command>"), r.toString());
        assertEquals("", r.out(), "nothing on stdout for a usage error");
    }

    /**
     * {@code keel demo}: a real handshake with a server on a free port, explained. The output names
     * the version, the suite, the certificate check, ALPN and times each step; the server's page,
     * fetched over the connection, reports the same version and suite from its side.
     */
    @Test
    void demoHandshakesWithItsOwnServerAndExplainsIt() {
        Result r = Cli.run("demo");
        assertEquals(0, r.status(), r.toString());
        String out = r.out();
        assertTrue(out.contains("keel serve: https://localhost:"), out);
        assertTrue(out.contains("keel connect localhost:"), out);
        assertTrue(out.contains("trust: the demo server's self-signed certificate"), out);
        for (String message : new String[] {"ClientHello", "ServerHello", "EncryptedExtensions", "Certificate",
            "CertificateVerify", "Finished"}) {
            assertTrue(Pattern.compile("(->|<-) +" + message + " +[0-9.]+ ms +\\(\\+[0-9.]+ ms\\)").matcher(out).find(),
                    "a timed line for " + message + " in\n" + out);
        }
        assertTrue(Pattern.compile("handshake complete after [0-9.]+ ms").matcher(out).find(), out);
        assertTrue(out.contains("protocol:     TLSv1.3"), out);
        String suite = field(out, "cipher suite: +(TLS_\\S+)");
        assertTrue(suite.matches("TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)"), suite);
        assertTrue(out.contains("ALPN:         http/1.1"), out);
        assertTrue(out.contains("certificate:  verified against the demo server's self-signed certificate,"
                + " host name 'localhost' matches"), out);
        // The server's page, printed as the HTTP response: its own view of the same connection.
        assertTrue(out.contains("| HTTP/1.1 200 OK"), out);
        assertEquals("TLSv1.3", field(out, "\\| protocol: +(\\S+)"), out);
        assertEquals(suite, field(out, "\\| cipher suite: +(\\S+)"), out);
        assertEquals("http/1.1", field(out, "\\| ALPN: +(\\S+)"), out);
        assertTrue(out.contains("| server name:      [type=host_name (0), value=localhost]"), out);
    }

    private static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in\n" + text);
        return m.group(1);
    }
}
