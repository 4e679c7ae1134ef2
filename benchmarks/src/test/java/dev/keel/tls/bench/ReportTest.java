package dev.keel.tls.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report from a hand-written JMH result: ratios, MB/s, failed providers, retained heap. */
class ReportTest {
    @TempDir
    Path dir;

    private static String result(String benchmark, String mode, String params, double score, double error,
            String unit, double alloc) {
        return "{\"jmhVersion\":\"1.37\",\"benchmark\":\"dev.keel.tls.bench." + benchmark + "\",\"mode\":\"" + mode
                + "\",\"threads\":1,\"forks\":1,\"jvm\":\"java\",\"jdkVersion\":\"17.0.15\",\"vmName\":\"OpenJDK\","
                + "\"vmVersion\":\"17\",\"warmupIterations\":2,\"warmupTime\":\"1 s\",\"measurementIterations\":3,"
                + "\"measurementTime\":\"1 s\",\"params\":{" + params + "},\"primaryMetric\":{\"score\":" + score
                + ",\"scoreError\":" + error + ",\"scoreUnit\":\"" + unit + "\",\"rawData\":[[1.0]]},"
                + "\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":" + alloc
                + ",\"scoreError\":\"NaN\",\"scoreUnit\":\"B/op\"}}}";
    }

    @Test
    void reportShowsRatiosUnitsAndFailures() throws IOException {
        Path json = dir.resolve("result.json");
        Files.writeString(json, "[" + String.join(",",
                result("HandshakeBench.tls13Full", "avgt", "\"certificate\":\"ECDSA_P256\",\"provider\":\"Keel\"",
                        2.0, 0.1, "ms/op", 50000),
                result("HandshakeBench.tls13Full", "avgt", "\"certificate\":\"ECDSA_P256\",\"provider\":\"SunJSSE\"",
                        4.0, 0.2, "ms/op", 120000),
                result("BulkBench.clientToServer", "thrpt",
                        "\"provider\":\"SunJSSE\",\"size\":\"16384\",\"suite\":\"TLS_AES_128_GCM_SHA256\"",
                        1000.0, 10.0, "ops/s", 100),
                result("PrimitivesBench.keyShare", "avgt", "\"backend\":\"JDK\",\"group\":\"X25519\"",
                        100.0, 1.0, "us/op", 10),
                result("PrimitivesBench.keyShare", "avgt", "\"backend\":\"BC\",\"group\":\"X25519\"",
                        50.0, 1.0, "us/op", 10)) + "]");
        Path failures = dir.resolve("failures");
        Files.createDirectories(failures);
        Properties p = new Properties();
        p.setProperty("benchmark", "dev.keel.tls.bench.HandshakeBench.tls13Full");
        p.setProperty("mode", "avgt");
        p.setProperty("param.provider", "BCJSSE");
        p.setProperty("param.certificate", "ECDSA_P256");
        p.setProperty("kind", "setup failed");
        p.setProperty("reason", "no | SSLContext");
        try (OutputStream out = Files.newOutputStream(failures.resolve("f.properties"))) {
            p.store(out, null);
        }
        Path heap = dir.resolve("heap.tsv");
        Files.writeString(heap, "Keel\t-\t-\tsetup failed: not yet\nSunJSSE\t1\t2000\t30000\t40000\t100\n"
                + "SunJSSE\t2\t2000\t31000\t41000\t120\n");

        Report report = new Report();
        report.readResults(json);
        report.readFailures(failures);
        report.readHeap(heap);
        String md = report.render();

        // Keel takes half SunJSSE's time: twice as fast.
        assertContains(md, "| certificate=ECDSA_P256 | 2.00 ± 0.100 | 4.00 ± 0.200 | setup failed: no \\| SSLContext"
                + " | 2.00× | — |");
        // 1000 ops/s of 16384 bytes = 16.4 MB/s.
        assertContains(md, "| size=16384, suite=TLS_AES_128_GCM_SHA256 | 16.4 ± 0.164 |");
        // BC's 50 us against the JDK's 100 us: BC is twice as fast and outside the error.
        assertContains(md, "| group=X25519 | 100 ± 1.00 | 50.0 ± 1.00 | 2.00× | BC |");
        assertContains(md, "| certificate=ECDSA_P256 | 50000 | 120000 | setup failed |");
        assertContains(md, "| Keel | — | setup failed: not yet |");
        // Median of two rounds: (70000 + 72000) / 2.
        assertContains(md, "| SunJSSE | 2000 | 30500 (30000–31000) | 40500 (40000–41000) | 71000 (70000–72000) |");
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), () -> "missing:\n" + expected + "\nin:\n" + text);
    }
}
