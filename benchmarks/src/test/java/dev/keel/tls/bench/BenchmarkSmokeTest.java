package dev.keel.tls.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * CI smoke: one tiny in-process JMH run of one benchmark per class, so the suite keeps compiling, its
 * setup checks keep passing, and each benchmark still produces a score. Uses SunJSSE until Keel can
 * handshake (then the provider here switches to Keel).
 */
class BenchmarkSmokeTest {
    static final String PROVIDER = "Keel";

    @BeforeAll
    static void restrictGroups() {
        // What the benchmark forks get as a JVM argument; with forks(0) the test JVM must set it itself,
        // before any TLS code reads it.
        System.setProperty("jdk.tls.namedGroups", "x25519,secp256r1");
    }

    private static double runOnce(String benchmark, Map<String, String> params) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Report.class.getPackageName().replace(".", "\\.") + "\\." + benchmark + "$")
                .forks(0)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(200))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(300))
                .shouldFailOnError(true);
        params.forEach(options::param);
        Collection<RunResult> results = new Runner(options.build()).run();
        assertEquals(1, results.size(), "one trial of " + benchmark);
        double score = results.iterator().next().getPrimaryResult().getScore();
        assertTrue(score > 0, benchmark + " scored " + score);
        return score;
    }

    @Test
    void handshake() throws RunnerException {
        runOnce("HandshakeBench.tls13Full", Map.of("provider", PROVIDER, "certificate", "ECDSA_P256"));
    }

    @Test
    void bulk() throws RunnerException {
        runOnce("BulkBench.clientToServer",
                Map.of("provider", PROVIDER, "suite", "TLS_AES_128_GCM_SHA256", "size", "1024"));
    }

    @Test
    void socket() throws RunnerException {
        runOnce("SocketBench.handshake", Map.of("provider", PROVIDER));
    }

    @Test
    void primitives() throws RunnerException {
        runOnce("PrimitivesBench.keyShare", Map.of("backend", "JDK", "group", "X25519"));
    }

    @Test
    void retainedHeap() throws Exception {
        RetainedHeap.Round round = RetainedHeap.measure(TlsProvider.byName(PROVIDER), 50, 1).get(0);
        assertEquals(50, round.connections());
    }
}
