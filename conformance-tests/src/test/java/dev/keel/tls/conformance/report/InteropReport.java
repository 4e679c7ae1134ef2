package dev.keel.tls.conformance.report;

import dev.keel.tls.conformance.matrix.CaseParams;
import dev.keel.tls.conformance.matrix.CaseResult;
import dev.keel.tls.conformance.matrix.InteropCase;
import dev.keel.tls.conformance.matrix.Outcome;
import dev.keel.tls.conformance.matrix.Peer;
import dev.keel.tls.conformance.process.PeerProcess;
import dev.keel.tls.conformance.subject.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects case results for the whole JVM and renders them as Markdown. */
public final class InteropReport {

    private static final InteropReport INSTANCE = new InteropReport();

    private final List<CaseResult> results = new ArrayList<>();
    private final Map<Peer, Map<String, List<String>>> notApplicable = new EnumMap<>(Peer.class);
    private final Map<String, String> peerVersions = new TreeMap<>();
    private final Instant started = Instant.now();

    private InteropReport() {
    }

    public static InteropReport get() {
        return INSTANCE;
    }

    public synchronized void record(CaseResult r) {
        results.add(r);
    }

    /** A combination the peer cannot take part in (listed, with the reason, under the totals). */
    public synchronized void notApplicable(InteropCase c, String reason) {
        notApplicable.computeIfAbsent(c.peer(), p -> new LinkedHashMap<>())
                .computeIfAbsent(reason, r -> new ArrayList<>())
                .add("subject=" + c.role().label() + " " + c.params().describe());
    }

    public synchronized void peerVersion(String peer, String version) {
        peerVersions.put(peer, version);
    }

    /** Writes the report to the configured file ({@code conformance.reportFile}). */
    public synchronized Path write() {
        Path file = Path.of(System.getProperty("conformance.reportFile", "target/interop-report.md")).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, render());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    synchronized String render() {
        StringBuilder md = new StringBuilder();
        Subject subject = Subject.current();
        md.append("# Keel interop report\n\n");
        md.append("- Subject: **").append(subject.name()).append("** (`-D").append(Subject.PROPERTY).append('=')
                .append(subject.name()).append("`)\n");
        md.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append("; test JVM groups `jdk.tls.namedGroups=")
                .append(System.getProperty("jdk.tls.namedGroups", "(JDK default)")).append("`\n");
        peerVersions.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("- Written: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ")
                .append(Duration.between(started, Instant.now()).toSeconds()).append(" s after the first test class started")
                .append("; peer processes still alive: ").append(PeerProcess.liveCount()).append("\n\n");

        md.append("## Totals\n\n| Peer | PASS | FAIL | Cases |\n|---|---:|---:|---:|\n");
        int[] all = new int[2];
        for (Peer peer : Peer.values()) {
            int[] n = new int[2];
            results.stream().filter(r -> r.interopCase().peer() == peer).forEach(r -> n[r.outcome().ordinal()]++);
            if (n[0] + n[1] == 0) {
                continue;
            }
            md.append("| ").append(peer.label()).append(" | ").append(n[0]).append(" | ").append(n[1]).append(" | ")
                    .append(n[0] + n[1]).append(" |\n");
            all[0] += n[0];
            all[1] += n[1];
        }
        md.append("| **All** | **").append(all[0]).append("** | **").append(all[1]).append("** | **")
                .append(all[0] + all[1]).append("** |\n\n");

        md.append("## Cases\n\n");
        md.append("Evidence letters: **S** the subject's SSLSession/socket/engine, **P** the peer's own output or "
                + "session, **W** the harness's parse of the plaintext handshake records it relayed. Group `-` = "
                + "not forced (the peers' choice, as observed).\n\n");
        md.append("| # | Peer | Subject is | Transport | Version | Suite | Group | Server cert | Scenario | Result | ms "
                + "| Evidence / reason |\n|---:|---|---|---|---|---|---|---|---|---|---:|---|\n");
        List<CaseResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing((CaseResult r) -> r.interopCase().peer()));
        int i = 0;
        for (CaseResult r : sorted) {
            InteropCase c = r.interopCase();
            CaseParams p = c.params();
            md.append("| ").append(++i).append(" | ").append(c.peer().label()).append(" | ").append(c.role().label())
                    .append(" | ").append(c.transport().label()).append(" | ").append(p.version().jsseName())
                    .append(" | ").append(p.suite().jsseName()).append(" | ")
                    .append(p.group() == null ? "-" : p.group().rfcName()).append(" | ").append(p.cert().label())
                    .append(" | ").append(p.scenario().label()).append(" | ")
                    .append(r.outcome() == Outcome.PASS ? "PASS" : "**" + r.outcome().label() + "**").append(" | ")
                    .append(r.millis()).append(" | ").append(cell(r.detail())).append(" |\n");
        }

        md.append("\n## Not applicable (limits of the peer, not of the subject)\n\n");
        if (notApplicable.isEmpty()) {
            md.append("None.\n");
        }
        notApplicable.forEach((peer, reasons) -> reasons.forEach((reason, combos) -> md.append("- **")
                .append(peer.label()).append("** (").append(combos.size()).append(" combination")
                .append(combos.size() == 1 ? "" : "s").append("): ").append(reason).append(" — ")
                .append(String.join("; ", combos)).append('\n')));
        md.append('\n').append(ASSERTED);
        return md.toString();
    }

    private static String cell(String text) {
        String t = text == null ? "" : text.replace("|", "\\|").replace("\r", "").replace("\n", " ⏎ ");
        return t.length() > 900 ? t.substring(0, 900) + "…" : t;
    }

    private static final String ASSERTED = """
            ## What each case asserts

            - **version, suite**: forced on the subject (its only enabled version and suite) and, where the peer \
            allows, on the peer; every source that sees them must agree (S always; P: openssl -trace ServerHello \
            and status line, gnutls `Description:`, curl `SSL connection using`, the peer provider's session; W: \
            ServerHello).
            - **group**: forced by the peer (its only group; the subject cannot restrict groups per connection on \
            JDK 17). Seen by W (TLS 1.3 ServerHello key_share; TLS 1.2 ServerKeyExchange, RFC 7919 primes \
            recognised) and P where the peer prints it (openssl -trace, gnutls). Not seen by S: JSSE has no API \
            for it. Cases whose group is `-` report the observed group without asserting it.
            - **server cert**: the server holds only that key type; S (peer/local certificates), P where printed, \
            W for TLS 1.2 (Certificate is plaintext).
            - **ALPN**: S `getApplicationProtocol()`, P where printed, W for TLS 1.2 (ServerHello). Mismatch: a \
            subject server must fail with `no_application_protocol` (RFC 7301 3.2) — asserted from the subject's \
            exception, the peer's message and the plaintext alert on the wire. A peer server answers as it does \
            and the subject must cope: OpenSSL, GnuTLS (`--alpn-fatal`), SunJSSE and BCJSSE send the alert (the \
            subject client must fail with it); Conscrypt ignores ALPN (the subject carries on without).
            - **SNI**: the client sends `localhost`; the subject server's `getRequestedServerNames()`, the peer \
            server's log (OpenSSL switches to its P-256 context for it), W (ClientHello).
            - **HRR**: W (ServerHello with the HelloRetryRequest random) and P (openssl trace).
            - **resumed**: first connection `no`, second `yes`: W (TLS 1.3 ServerHello pre_shared_key; TLS 1.2 \
            abbreviated handshake) and P (openssl `Reused`, gnutls `This is a resumed session`). JSSE has no API \
            for it, so S does not report it.
            - **client cert**: the subject-name of the presented client certificate, from the server's view.
            - **data**: every case exchanges application data both ways and checks it byte for byte (1 MiB cases: \
            SHA-256 of both directions).
            - **close**: every socket/process case checks how the peer ended the connection from two witnesses: \
            the subject's read waiting for it (Keel returns end of stream only after close_notify and reports a \
            TCP close without one as an SSLException) and the wire tap's record trail of the peer's direction \
            (last record an alert? type 21 in TLS 1.2; 19 bytes in TLS 1.3 unless padded — "a padded alert or \
            data" is then inconclusive), shown in the evidence. A peer that sends close_notify: the subject must \
            read end of stream. A peer known to close without one (Conscrypt's shutdownOutput(), curl over \
            HTTP/2; the reason is in the evidence): the wire must show no alert and the subject must report the \
            truncation as an SSLException ("peer closed without close_notify"); SunJSSE as the subject reads \
            end of stream there (its default), said in the evidence. The peer's trace/log shows the subject's \
            close_notify where it prints it.
            - **KeyUpdate**: openssl `k`/`K` (s_server stdin, s_client stdin) and gnutls `**REHANDSHAKE**` / \
            `^rekey^`; data must flow after it; for update_requested the subject's answering KeyUpdate is \
            asserted from openssl's trace.

            ## Notes

            - HRR with the subject as server: the peer sends its only key shares for groups the subject does not \
            accept — ffdhe6144 (openssl, curl), ffdhe6144 and x448 (GnuTLS sends one share per group kind, \
            BCJSSE, forked SunJSSE) — and also offers secp256r1. This relies on the test JVM enabling four \
            groups (`-Djdk.tls.namedGroups`, set in the pom), which the subject must honour.
            - SunJSSE computes its TLS 1.3 ffdhe shared secret without left-padding (about 1 handshake in 256 \
            fails against a correct peer): an ffdhe2048 case with SunJSSE on either side gets one more attempt, \
            stated in its evidence.
            - gnutls-serv has no listen-address option: it listens on every interface, on a free port, for the \
            few seconds of its cases. All other servers listen on 127.0.0.1 only.
            - The test JVM re-enables `TLS_RSA_*` suites (`conformance-java.security`; JDK 24+ disables them).
            - Every wait is bounded (socket timeouts 5 s, process waits 10–60 s, engine loops by rounds and \
            time); every peer process is killed by its handle after its case or server, and the count of \
            processes still alive is printed at the top.
            """;
}
