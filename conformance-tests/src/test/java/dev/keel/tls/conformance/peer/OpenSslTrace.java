package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.wire.TlsNames;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OpenSSL's {@code -trace} output: a sequence of "Sent Record" / "Received Record" blocks,
 * each with the handshake messages and alerts it carried, decrypted (OpenSSL traces its own view).
 */
final class OpenSslTrace {

    /** One handshake message or alert, as sent or received by the traced OpenSSL. */
    record Event(boolean sent, String kind, List<String> lines) {
    }

    private static final Pattern MESSAGE = Pattern.compile("^\\s{4}(\\w+), Length=\\d+");
    private static final Pattern ALERT = Pattern.compile("Level=(\\w+)\\(\\d+\\), description=([\\w ]+)\\(\\d+\\)");
    private static final Pattern CODE = Pattern.compile("\\((\\d+)\\)\\s*$");
    private static final Pattern SUITE = Pattern.compile("cipher_suite \\{0x([0-9A-Fa-f]{2}), 0x([0-9A-Fa-f]{2})\\}");

    private final List<Event> events = new ArrayList<>();

    OpenSslTrace(String text) {
        Boolean sent = null;
        Event current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("Sent Record")) {
                sent = true;
                current = null;
                continue;
            }
            if (line.startsWith("Received Record")) {
                sent = false;
                current = null;
                continue;
            }
            if (sent == null) {
                continue;
            }
            Matcher m = MESSAGE.matcher(line);
            Matcher a = ALERT.matcher(line);
            if (m.find()) {
                current = new Event(sent, m.group(1), new ArrayList<>());
                events.add(current);
            } else if (a.find()) {
                events.add(new Event(sent, "Alert " + a.group(2).trim(), List.of(line)));
                current = null;
            } else if (current != null) {
                current.lines().add(line);
            }
        }
    }

    /**
     * Drops the events before the first ClientHello: on an s_server reused across cases, the tail of the
     * previous connection (its close_notify) can be printed after this case took its output mark.
     */
    OpenSslTrace fromFirstClientHello() {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).kind().equals("ClientHello")) {
                events.subList(0, i).clear();
                break;
            }
        }
        return this;
    }

    List<Event> events() {
        return events;
    }

    int count(boolean sent, String kind) {
        return (int) events.stream().filter(e -> e.sent() == sent && e.kind().equals(kind)).count();
    }

    /** The last real ServerHello (not a HelloRetryRequest, whose key_share is 2 bytes long). */
    private Event serverHello(boolean sent) {
        Event last = null;
        for (Event e : events) {
            if (e.sent() == sent && e.kind().equals("ServerHello")) {
                boolean hrr = e.lines().stream().anyMatch(OpenSslTrace::isHrrKeyShare);
                if (!hrr) {
                    last = e;
                }
            }
        }
        return last;
    }

    /** A HelloRetryRequest's key_share holds only the 2-byte selected group (RFC 8446 4.2.8). */
    private static boolean isHrrKeyShare(String line) {
        return line.trim().equals("extension_type=key_share(51), length=2");
    }

    boolean helloRetryRequest(boolean serverSent) {
        return events.stream().anyMatch(e -> e.sent() == serverSent && e.kind().equals("ServerHello")
                && e.lines().stream().anyMatch(OpenSslTrace::isHrrKeyShare));
    }

    /** The version from the ServerHello ({@code serverSent}: the traced side is the server). */
    String version(boolean serverSent) {
        Event sh = serverHello(serverSent);
        if (sh == null) {
            return null;
        }
        for (int i = 0; i < sh.lines().size(); i++) {
            if (sh.lines().get(i).contains("supported_versions(43)") && i + 1 < sh.lines().size()) {
                return sh.lines().get(i + 1).contains("TLS 1.3") ? "TLSv1.3" : null;
            }
        }
        return sh.lines().stream().anyMatch(l -> l.contains("server_version=0x303")) ? "TLSv1.2" : null;
    }

    String suite(boolean serverSent) {
        Event sh = serverHello(serverSent);
        if (sh == null) {
            return null;
        }
        for (String l : sh.lines()) {
            Matcher m = SUITE.matcher(l);
            if (m.find()) {
                return TlsNames.suite(Integer.parseInt(m.group(1) + m.group(2), 16));
            }
        }
        return null;
    }

    /** TLS 1.3: the ServerHello's key_share group; TLS 1.2: ServerKeyExchange's named_curve. */
    String group(boolean serverSent) {
        Event sh = serverHello(serverSent);
        if (sh != null) {
            for (String l : sh.lines()) {
                if (l.contains("NamedGroup:")) {
                    return code(l);
                }
            }
        }
        for (Event e : events) {
            if (e.sent() == serverSent && e.kind().equals("ServerKeyExchange")) {
                for (String l : e.lines()) {
                    if (l.contains("named_curve:")) {
                        return code(l);
                    }
                }
            }
        }
        return null;
    }

    private static String code(String line) {
        Matcher m = CODE.matcher(line);
        return m.find() ? TlsNames.group(Integer.parseInt(m.group(1))) : null;
    }

    boolean closeNotify(boolean sent) {
        return count(sent, "Alert close notify") > 0;
    }

    /** KeyUpdate messages sent or received, with their request_update value ("update_requested" ...). */
    List<String> keyUpdates(boolean sent) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            if (e.sent() == sent && e.kind().equals("KeyUpdate")) {
                out.add(String.join(" ", e.lines()).trim());
            }
        }
        return out;
    }
}
