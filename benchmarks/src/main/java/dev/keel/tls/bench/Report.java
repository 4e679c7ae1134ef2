package dev.keel.tls.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns JMH JSON results (plus recorded setup failures and retained-heap measurements) into a Markdown
 * report: per benchmark, score ± error for each provider (or backend), and Keel's speed relative to each
 * other provider.
 *
 * <p>Usage: {@code Report [--out report.md] [--failures dir] [--heap retained-heap.tsv] result.json...}
 *
 * <p>Conventions: a row is one benchmark with one set of parameters other than the compared one
 * ({@code provider} for the TLS benchmarks, {@code backend} for the primitives). Throughput benchmarks
 * with a {@code size} parameter are shown in MB/s (10^6 bytes per second of application data). A ratio
 * "Keel vs X" is Keel's speed divided by X's, whatever the unit: above 1 Keel is faster. A provider whose
 * setup failed shows "setup failed: reason" (or "no resumption: reason") in its cell.
 */
public final class Report {
    static final List<String> PROVIDER_ORDER = List.of("Keel", "SunJSSE", "BCJSSE", "Conscrypt");
    static final List<String> BACKEND_ORDER = List.of("JDK", "BC", "Keel");
    private static final String PACKAGE = Report.class.getPackageName() + ".";
    private static final String ALLOC = "gc.alloc.rate.norm";

    /** One measured (or failed) benchmark trial. */
    record Trial(String benchmark, String mode, Map<String, String> params, double score, double error, String unit,
            double alloc, String failure) {

        boolean failed() {
            return failure != null;
        }

        boolean higherIsBetter() {
            return "thrpt".equals(mode);
        }

        /** Score and error in the unit the report shows (MB/s for sized throughput). */
        double[] shown() {
            String size = params.get("size");
            if (higherIsBetter() && size != null && unit.equals("ops/s")) {
                double bytes = Double.parseDouble(size);
                return new double[] {score * bytes / 1e6, error * bytes / 1e6};
            }
            return new double[] {score, error};
        }

        String shownUnit() {
            return params.containsKey("size") && higherIsBetter() && unit.equals("ops/s") ? "MB/s" : unit;
        }
    }

    /** One retained-heap line: bytes per connection, or a failure. */
    record HeapRound(String provider, long clientBytes, long serverBytes, long residueBytes, int connections,
            String failure) {
    }

    private final List<Trial> trials = new ArrayList<>();
    private final List<HeapRound> heap = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        Path out = Path.of("report.md");
        Report report = new Report();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out":
                    out = Path.of(args[++i]);
                    break;
                case "--failures":
                    report.readFailures(Path.of(args[++i]));
                    break;
                case "--heap":
                    report.readHeap(Path.of(args[++i]));
                    break;
                default:
                    report.readResults(Path.of(args[i]));
            }
        }
        Files.writeString(out, report.render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** Adds the trials of one JMH JSON result file (missing files are skipped: a run may stop early). */
    void readResults(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Object parsed = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!(parsed instanceof List)) {
            throw new IllegalArgumentException(file + " is not a JMH JSON result (no top-level array)");
        }
        for (Object o : (List<?>) parsed) {
            Map<?, ?> run = (Map<?, ?>) o;
            recordEnvironment(run);
            Map<String, String> params = new LinkedHashMap<>();
            Object p = run.get("params");
            if (p instanceof Map) {
                ((Map<?, ?>) p).forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
            double alloc = Double.NaN;
            Object secondary = run.get("secondaryMetrics");
            if (secondary instanceof Map && ((Map<?, ?>) secondary).get(ALLOC) instanceof Map) {
                alloc = Json.number(((Map<?, ?>) ((Map<?, ?>) secondary).get(ALLOC)).get("score"));
            }
            trials.add(new Trial(shortName(String.valueOf(run.get("benchmark"))), String.valueOf(run.get("mode")),
                    params, Json.number(primary.get("score")), Json.number(primary.get("scoreError")),
                    String.valueOf(primary.get("scoreUnit")), alloc, null));
        }
    }

    /** Adds the setup failures recorded by {@link SetupFailures} in a directory. */
    void readFailures(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.properties")) {
            stream.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(f)) {
                p.load(in);
            }
            Map<String, String> params = new TreeMap<>();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("param.")) {
                    params.put(key.substring("param.".length()), p.getProperty(key));
                }
            }
            trials.add(new Trial(shortName(p.getProperty("benchmark")), p.getProperty("mode"), params, Double.NaN,
                    Double.NaN, "", Double.NaN, p.getProperty("kind") + ": " + p.getProperty("reason")));
        }
    }

    /** Adds the lines written by {@link RetainedHeap}. */
    void readHeap(Path tsv) throws IOException {
        if (!Files.exists(tsv)) {
            return;
        }
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f.length >= 4 && f[1].equals("-")) {
                heap.add(new HeapRound(f[0], 0, 0, 0, 0, String.join(" ", Arrays.copyOfRange(f, 3, f.length))));
            } else if (f.length == 6) {
                heap.add(new HeapRound(f[0], Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                        Integer.parseInt(f[2]), null));
            }
        }
    }

    private void recordEnvironment(Map<?, ?> run) {
        if (!environment.isEmpty()) {
            return;
        }
        environment.put("JMH", String.valueOf(run.get("jmhVersion")));
        environment.put("JDK", run.get("jdkVersion") + " (" + run.get("vmName") + " " + run.get("vmVersion") + ")");
        environment.put("Forks", String.valueOf(run.get("forks")).replace(".0", ""));
        environment.put("Warmup", String.valueOf(run.get("warmupIterations")).replace(".0", "") + " × "
                + run.get("warmupTime"));
        environment.put("Measurement", String.valueOf(run.get("measurementIterations")).replace(".0", "") + " × "
                + run.get("measurementTime"));
    }

    /** The Markdown report. */
    String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Keel benchmark report\n\n");
        environment.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n\"Keel vs X\" is Keel's speed divided by X's: above 1 Keel is faster. Scores are JMH's "
                + "score ± 99.9% error; throughput with a size is shown in MB/s (10^6 bytes/s of application "
                + "data). One op of a handshake benchmark is one connection; one op of BulkBench is one application write (one record, but two for SunJSSE TLS 1.3 at 16 KiB).\n");
        for (String benchmark : benchmarks()) {
            renderBenchmark(md, benchmark);
        }
        renderAllocations(md);
        renderHeap(md);
        return md.toString();
    }

    private Set<String> benchmarks() {
        Set<String> names = new LinkedHashSet<>();
        trials.stream().filter(t -> !t.failed()).forEach(t -> names.add(t.benchmark()));
        trials.stream().filter(Trial::failed).forEach(t -> names.add(t.benchmark()));
        return names;
    }

    private void renderBenchmark(StringBuilder md, String benchmark) {
        List<Trial> mine = trials.stream().filter(t -> t.benchmark().equals(benchmark)).toList();
        String compared = comparedParam(mine);
        List<String> columns = columns(mine, compared);
        Map<String, Map<String, Trial>> rows = rows(mine, compared);
        boolean providers = "provider".equals(compared);
        boolean keel = providers && columns.contains("Keel");

        md.append("\n## ").append(benchmark).append("\n\n");
        String unit = mine.stream().filter(t -> !t.failed()).map(Trial::shownUnit).findFirst().orElse("");
        if (!unit.isEmpty()) {
            md.append("Unit: ").append(unit).append(".\n\n");
        }
        List<String> header = new ArrayList<>();
        header.add("parameters");
        header.addAll(columns);
        if (keel) {
            columns.stream().filter(c -> !c.equals("Keel")).forEach(c -> header.add("Keel vs " + c));
        }
        if ("backend".equals(compared)) {
            header.add("BC vs JDK");
            header.add("suggests");
        }
        tableHeader(md, header);
        List<String> notes = new ArrayList<>();
        rows.forEach((key, cells) -> {
            List<String> line = new ArrayList<>();
            line.add(key.isEmpty() ? "—" : key);
            for (String c : columns) {
                line.add(cell(cells.get(c), notes));
            }
            if (keel) {
                columns.stream().filter(c -> !c.equals("Keel"))
                        .forEach(c -> line.add(ratio(cells.get("Keel"), cells.get(c))));
            }
            if ("backend".equals(compared)) {
                line.add(ratio(cells.get("BC"), cells.get("JDK")));
                line.add(suggestion(cells.get("JDK"), cells.get("BC")));
            }
            tableRow(md, line);
        });
        if (!notes.isEmpty()) {
            md.append('\n');
            for (int i = 0; i < notes.size(); i++) {
                md.append("[").append(i + 1).append("] ").append(escape(notes.get(i))).append("  \n");
            }
        }
    }

    private void renderAllocations(StringBuilder md) {
        List<Trial> withAlloc = trials.stream().filter(t -> !t.failed() && !Double.isNaN(t.alloc())).toList();
        if (withAlloc.isEmpty()) {
            return;
        }
        md.append("\n## Allocation (-prof gc, gc.alloc.rate.norm)\n\n");
        md.append("Bytes allocated per operation: per connection for handshakes, per write (record) for BulkBench.\n");
        Set<String> names = new LinkedHashSet<>();
        withAlloc.forEach(t -> names.add(t.benchmark()));
        for (String benchmark : names) {
            List<Trial> mine = trials.stream().filter(t -> t.benchmark().equals(benchmark)).toList();
            String compared = comparedParam(mine);
            List<String> columns = columns(mine, compared);
            md.append("\n### ").append(benchmark).append(" (B/op)\n\n");
            List<String> header = new ArrayList<>();
            header.add("parameters");
            header.addAll(columns);
            tableHeader(md, header);
            rows(mine, compared).forEach((key, cells) -> {
                List<String> line = new ArrayList<>();
                line.add(key.isEmpty() ? "—" : key);
                for (String c : columns) {
                    Trial t = cells.get(c);
                    line.add(t == null ? "—" : t.failed() ? shortFailure(t) : Double.isNaN(t.alloc()) ? "—"
                            : format(t.alloc()));
                }
                tableRow(md, line);
            });
        }
    }

    private void renderHeap(StringBuilder md) {
        if (heap.isEmpty()) {
            return;
        }
        md.append("\n## Retained heap per idle connection (RetainedHeap)\n\n");
        md.append("Java heap per established connection after System.gc(), median (min–max) over rounds. "
                + "Conscrypt keeps most state in native memory, not counted here. Residue: what stays after "
                + "all connections are closed (session caches).\n\n");
        tableHeader(md, List.of("provider", "connections", "client B", "server B", "client + server B",
                "residue B", "Keel vs provider"));
        Map<String, List<HeapRound>> byProvider = new LinkedHashMap<>();
        order(new ArrayList<>(heap.stream().map(HeapRound::provider).distinct().toList()), PROVIDER_ORDER)
                .forEach(p -> byProvider.put(p, heap.stream().filter(h -> h.provider().equals(p)).toList()));
        double keelTotal = medianTotal(byProvider.get("Keel"));
        byProvider.forEach((provider, rounds) -> {
            HeapRound failed = rounds.stream().filter(r -> r.failure() != null).findFirst().orElse(null);
            if (failed != null) {
                tableRow(md, List.of(provider, "—", escape(failed.failure()), "", "", "", ""));
                return;
            }
            double total = medianTotal(rounds);
            String vs = provider.equals("Keel") || Double.isNaN(keelTotal) ? "—"
                    : String.format(Locale.ROOT, "%.2f×", total / keelTotal);
            tableRow(md, List.of(provider, String.valueOf(rounds.get(0).connections()),
                    spread(rounds.stream().mapToLong(HeapRound::clientBytes).toArray()),
                    spread(rounds.stream().mapToLong(HeapRound::serverBytes).toArray()),
                    spread(rounds.stream().mapToLong(r -> r.clientBytes() + r.serverBytes()).toArray()),
                    spread(rounds.stream().mapToLong(HeapRound::residueBytes).toArray()), vs));
        });
        md.append("\n\"Keel vs provider\" for memory is the provider's bytes divided by Keel's: above 1 Keel "
                + "retains less.\n");
    }

    private static double medianTotal(List<HeapRound> rounds) {
        if (rounds == null || rounds.stream().anyMatch(r -> r.failure() != null)) {
            return Double.NaN;
        }
        return median(rounds.stream().mapToLong(r -> r.clientBytes() + r.serverBytes()).toArray());
    }

    private static String spread(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        String median = String.valueOf((long) median(values));
        return sorted.length == 1 ? median : median + " (" + sorted[0] + "–" + sorted[sorted.length - 1] + ")";
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static String comparedParam(List<Trial> trials) {
        if (trials.stream().anyMatch(t -> t.params().containsKey("provider"))) {
            return "provider";
        }
        if (trials.stream().anyMatch(t -> t.params().containsKey("backend"))) {
            return "backend";
        }
        return null;
    }

    private static List<String> columns(List<Trial> trials, String compared) {
        if (compared == null) {
            return List.of("score");
        }
        List<String> seen = new ArrayList<>(trials.stream().map(t -> t.params().get(compared)).distinct().toList());
        return order(seen, compared.equals("provider") ? PROVIDER_ORDER : BACKEND_ORDER);
    }

    private static List<String> order(List<String> values, List<String> canonical) {
        List<String> ordered = new ArrayList<>();
        canonical.stream().filter(values::contains).forEach(ordered::add);
        values.stream().filter(v -> !canonical.contains(v)).forEach(ordered::add);
        return ordered;
    }

    /** Row key (the other parameters) to column (compared value) to trial; results win over failures. */
    private static Map<String, Map<String, Trial>> rows(List<Trial> trials, String compared) {
        Map<String, Map<String, Trial>> rows = new LinkedHashMap<>();
        List<Trial> ordered = new ArrayList<>(trials.stream().filter(t -> !t.failed()).toList());
        trials.stream().filter(Trial::failed).forEach(ordered::add);
        for (Trial t : ordered) {
            StringBuilder key = new StringBuilder();
            t.params().entrySet().stream().filter(e -> !e.getKey().equals(compared)).sorted(Map.Entry.comparingByKey())
                    .forEach(e -> key.append(key.length() == 0 ? "" : ", ").append(e.getKey()).append('=')
                            .append(e.getValue()));
            String column = compared == null ? "score" : t.params().get(compared);
            rows.computeIfAbsent(key.toString(), k -> new LinkedHashMap<>()).putIfAbsent(column, t);
        }
        return rows;
    }

    /** Longer failure reasons are cut in the cell and given in full in a numbered note below the table. */
    private static final int LONGEST_FAILURE_IN_CELL = 120;

    private static String cell(Trial t, List<String> notes) {
        if (t == null) {
            return "—";
        }
        if (t.failed()) {
            String failure = t.failure();
            if (failure.length() <= LONGEST_FAILURE_IN_CELL) {
                return escape(failure);
            }
            if (!notes.contains(failure)) {
                notes.add(failure);
            }
            return escape(failure.substring(0, LONGEST_FAILURE_IN_CELL - 20)) + "… [" + (notes.indexOf(failure) + 1)
                    + "]";
        }
        double[] shown = t.shown();
        return Double.isNaN(shown[1]) ? format(shown[0]) : format(shown[0]) + " ± " + format(shown[1]);
    }

    private static String shortFailure(Trial t) {
        String f = t.failure();
        int colon = f.indexOf(':');
        return colon < 0 ? f : f.substring(0, colon);
    }

    /** Speed of {@code a} relative to {@code b}: above 1, {@code a} is faster. */
    static String ratio(Trial a, Trial b) {
        if (a == null || b == null || a.failed() || b.failed()) {
            return "—";
        }
        double r = a.higherIsBetter() ? a.score() / b.score() : b.score() / a.score();
        return String.format(Locale.ROOT, "%.2f×", r);
    }

    /** The faster backend, unless the two confidence intervals overlap. */
    private static String suggestion(Trial jdk, Trial bc) {
        if (jdk == null || bc == null || jdk.failed() || bc.failed()) {
            return "—";
        }
        double jdkLow = jdk.score() - nanToZero(jdk.error());
        double jdkHigh = jdk.score() + nanToZero(jdk.error());
        double bcLow = bc.score() - nanToZero(bc.error());
        double bcHigh = bc.score() + nanToZero(bc.error());
        if (bcLow > jdkHigh) {
            return jdk.higherIsBetter() ? "BC" : "JDK";
        }
        if (jdkLow > bcHigh) {
            return jdk.higherIsBetter() ? "JDK" : "BC";
        }
        return "either (within error)";
    }

    private static double nanToZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    static String format(double v) {
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a >= 0.01 ? "%.3f" : "%.2g";
        return String.format(Locale.ROOT, pattern, v);
    }

    private static String escape(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
    }

    private static String shortName(String benchmark) {
        return benchmark.startsWith(PACKAGE) ? benchmark.substring(PACKAGE.length()) : benchmark;
    }

    private static void tableHeader(StringBuilder md, List<String> header) {
        tableRow(md, header);
        md.append('|');
        header.forEach(h -> md.append(" --- |"));
        md.append('\n');
    }

    private static void tableRow(StringBuilder md, List<String> cells) {
        md.append('|');
        cells.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append('\n');
    }
}
