package dev.keel.tls.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Lets a run go on when one provider cannot do a benchmark, and tells the report why.
 *
 * <p>JMH drops a trial whose setup throws from its JSON result. {@link #guard} runs a setup; when it
 * fails it writes the benchmark, its parameters and the reason into the directory named by the
 * environment variable {@value #ENV} (or the system property {@value #PROPERTY}), then fails the trial
 * with the same reason. {@link Report} reads that directory and prints "setup failed: reason" (or
 * "no resumption: reason") in the row. Without the variable nothing is written.
 */
public final class SetupFailures {
    public static final String ENV = "KEEL_BENCH_FAILURES";
    public static final String PROPERTY = "keel.bench.failures";
    public static final String KIND_SETUP_FAILED = "setup failed";
    public static final String KIND_NO_RESUMPTION = "no resumption";

    /** A benchmark setup step. */
    @FunctionalInterface
    public interface Setup {
        void run() throws Exception;
    }

    private SetupFailures() {
    }

    /** Runs {@code setup}; on failure records the reason and throws {@link BenchmarkSetupException}. */
    public static void guard(BenchmarkParams params, String provider, Setup setup) {
        try {
            setup.run();
        } catch (Throwable t) {
            String kind = t instanceof NoResumptionException ? KIND_NO_RESUMPTION : KIND_SETUP_FAILED;
            String reason = reason(t);
            record(params, kind, reason);
            throw new BenchmarkSetupException(provider + " " + kind + ": " + reason, t);
        }
    }

    /** A one-line reason: the exception's message, and its root cause's when that says something else. */
    public static String reason(Throwable t) {
        String top = describe(t);
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootMessage = root.getMessage();
        boolean saidAlready = root == t || (rootMessage != null && top.contains(rootMessage));
        return saidAlready ? top : top + " (cause: " + describe(root) + ")";
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        boolean plain = t instanceof IllegalStateException || t instanceof BenchmarkSetupException;
        if (message == null || message.isBlank()) {
            return t.getClass().getName();
        }
        return plain ? message : t.getClass().getSimpleName() + ": " + message;
    }

    private static void record(BenchmarkParams params, String kind, String reason) {
        String dir = System.getenv(ENV);
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty(PROPERTY);
        }
        if (dir == null || dir.isBlank() || params == null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("benchmark", params.getBenchmark());
        p.setProperty("mode", params.getMode().shortLabel());
        StringBuilder id = new StringBuilder(params.getBenchmark());
        for (String key : params.getParamsKeys()) {
            p.setProperty("param." + key, params.getParam(key));
            id.append('-').append(key).append('=').append(params.getParam(key));
        }
        p.setProperty("kind", kind);
        p.setProperty("reason", reason);
        try {
            Path d = Path.of(dir);
            Files.createDirectories(d);
            String name = id.toString().replaceAll("[^A-Za-z0-9._=-]", "_") + ".properties";
            try (OutputStream out = Files.newOutputStream(d.resolve(name))) {
                p.store(out, "benchmark setup failure");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a setup failure in " + dir, e);
        }
    }

    /** A benchmark trial that cannot run for the reason in its message. */
    public static final class BenchmarkSetupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BenchmarkSetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
