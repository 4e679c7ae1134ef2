package dev.keel.tls.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Java heap retained per established, idle connection: N in-memory engine pairs of one provider, each
 * after its handshake and one byte of application data from server to client (TLS 1.3,
 * TLS_AES_128_GCM_SHA256, x25519, ECDSA P-256), with no application buffers kept, as an application
 * keeps an idle connection.
 *
 * <p>Each round measures the used heap after {@link System#gc()} (repeated until it settles) before
 * making the connections, with all of them alive, with only the client engines alive, and after closing
 * everything. Client bytes = (clients alive - after), server bytes = (all alive - clients alive), both
 * per connection; "residue" = (after - before) per connection is what outlives the connections, such as
 * session caches. Conscrypt keeps most of its state in native memory, which this does not see.
 *
 * <p>Usage: {@code RetainedHeap <provider> [connections=2000] [rounds=3] [tsv file to append to]}.
 * Run one provider per JVM. Prints (and appends) one tab-separated line per round:
 * {@code provider round connections clientBytes serverBytes residueBytes}, or
 * {@code provider - - setup failed: <reason>}.
 */
public final class RetainedHeap {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    static final Offer OFFER = new Offer(Offer.TLS13, "TLS_AES_128_GCM_SHA256", CertificateType.ECDSA_P256);

    /** One round's result, in bytes per connection. */
    record Round(int round, int connections, long clientBytes, long serverBytes, long residueBytes) {
        String tsv(String provider) {
            return provider + "\t" + round + "\t" + connections + "\t" + clientBytes + "\t" + serverBytes + "\t"
                    + residueBytes;
        }
    }

    private RetainedHeap() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RetainedHeap <Keel|SunJSSE|BCJSSE|Conscrypt> [connections] [rounds] [tsv]");
            System.exit(2);
        }
        String provider = args[0];
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path tsv = args.length > 3 ? Path.of(args[3]) : null;
        List<String> lines = new ArrayList<>();
        try {
            for (Round r : measure(TlsProvider.byName(provider), connections, rounds)) {
                lines.add(r.tsv(provider));
            }
        } catch (Exception | LinkageError e) {
            lines.add(provider + "\t-\t-\t" + SetupFailures.KIND_SETUP_FAILED + ": " + SetupFailures.reason(e));
        }
        PrintStream out = System.out;
        lines.forEach(out::println);
        if (tsv != null) {
            Files.write(tsv, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Measures {@code rounds} rounds of {@code connections} idle connections. */
    public static List<Round> measure(TlsProvider provider, int connections, int rounds) throws SSLException {
        TlsEndpoints endpoints = TlsEndpoints.create(provider, OFFER);
        EnginePump pump = new EnginePump();
        pump.observe(endpoints.newClient(false), endpoints.newServer()).require(OFFER, false);
        // Warm up code paths and caches so the first round is not charged for class loading.
        for (int i = 0; i < Math.min(connections, 200); i++) {
            pump.connect(endpoints.newClient(false), endpoints.newServer());
        }
        List<Round> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            results.add(oneRound(endpoints, pump, connections, round));
        }
        return results;
    }

    private static Round oneRound(TlsEndpoints endpoints, EnginePump pump, int n, int round) throws SSLException {
        SSLEngine[] clients = new SSLEngine[n];
        SSLEngine[] servers = new SSLEngine[n];
        long before = settledHeapUsed();
        try {
            for (int i = 0; i < n; i++) {
                clients[i] = endpoints.newClient(false);
                servers[i] = endpoints.newServer();
                pump.handshake(clients[i], servers[i]);
                pump.serverSendsFirstByte(clients[i], servers[i]);
                pump.reset();
            }
            long allAlive = settledHeapUsed();
            for (int i = 0; i < n; i++) {
                EnginePump.abandon(servers[i]);
                servers[i] = null;
            }
            long clientsAlive = settledHeapUsed();
            for (int i = 0; i < n; i++) {
                EnginePump.abandon(clients[i]);
                clients[i] = null;
            }
            long after = settledHeapUsed();
            return new Round(round, n, (clientsAlive - after) / n, (allAlive - clientsAlive) / n, (after - before) / n);
        } finally {
            Arrays.stream(clients).forEach(EnginePump::abandon);
            Arrays.stream(servers).forEach(EnginePump::abandon);
        }
    }

    /** Used heap after full collections, repeated until two readings agree within 64 KiB. */
    private static long settledHeapUsed() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
