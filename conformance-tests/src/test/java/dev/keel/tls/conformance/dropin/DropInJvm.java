package dev.keel.tls.conformance.dropin;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Builds and runs the forked JVM of a drop-in test: a JDK, the java.security snippet passed with
 * {@code -Djava.security.properties=}, Keel's jar and Bouncy Castle's bcprov on the class path or the
 * module path, and the application ({@link DropInProgram}'s classes alone, copied out of the test
 * classes so the fork sees no other test code) with Jetty.
 */
final class DropInJvm {
    /** How long one forked run may take before it is killed. */
    static final long RUN_SECONDS = 180;
    static final String KEEL_CLASS_NAME = "dev.keel.tls.jsse.KeelProvider";
    static final String SNIPPET_KEEL_LINE = "security.provider.1=" + KEEL_CLASS_NAME;

    private DropInJvm() {
    }

    /** Where Keel is put and how the snippet names it. */
    enum Installation {
        /** The template as shipped: Keel by class name, jars on the class path. */
        CLASS_NAME_ON_CLASS_PATH(false, false),
        /** {@code security.provider.1=Keel}: found through ServiceLoader on the class path. */
        NAME_ON_CLASS_PATH(true, false),
        /** {@code security.provider.1=Keel}: found through ServiceLoader, Keel an automatic module. */
        NAME_ON_MODULE_PATH(true, true),
        /** The template as shipped, Keel an automatic module on the module path. */
        CLASS_NAME_ON_MODULE_PATH(false, true),
        /** No snippet: the JDK's own providers (SunJSSE) serve the same program, as a reference. */
        NOT_INSTALLED(false, false);

        final boolean byName;
        final boolean modulePath;

        Installation(boolean byName, boolean modulePath) {
            this.byName = byName;
            this.modulePath = modulePath;
        }
    }

    /** What the fork printed: its environment and one result per scenario. */
    record Outcome(int exitCode, Map<String, String> env, Map<String, Map<String, String>> results, String output) {
    }

    // ------------------------------------------------------------------ inputs from the build

    static Path keelJar() {
        String p = System.getProperty("keel.provider.jar");
        if (p == null || p.isBlank()) {
            throw new IllegalStateException("system property keel.provider.jar is not set: run through Maven"
                    + " (conformance-tests/pom.xml sets it)");
        }
        Path jar = Path.of(p).normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Keel's jar " + jar + " does not exist: build it first"
                    + " (mvn -B package, or mvn -B -pl provider package -DskipTests)");
        }
        return jar;
    }

    static Path snippet() {
        String p = System.getProperty("keel.dropin.snippet");
        if (p == null || p.isBlank()) {
            throw new IllegalStateException("system property keel.dropin.snippet is not set");
        }
        return Path.of(p).normalize();
    }

    /** The JDK running the tests, then the extra ones the pom lists (each once). */
    static List<Path> javaHomes() throws IOException {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")).toRealPath());
        String extra = System.getProperty("keel.dropin.javaHomes", "");
        for (String h : extra.split(",")) {
            if (h.isBlank()) {
                continue;
            }
            Path home = Path.of(h.trim());
            if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
                throw new IllegalStateException("keel.dropin.javaHomes names " + home + ", which has no bin/java:"
                        + " install that JDK or set -Dkeel.dropin.javaHomes= to the JDKs you have");
            }
            Path real = home.toRealPath();
            if (!homes.contains(real)) {
                homes.add(real);
            }
        }
        return homes;
    }

    /**
     * Fails when the jar is not what the build last compiled (a {@code mvn test} after source changes
     * leaves the jar of an earlier {@code package}): every class in the jar must equal the one in
     * {@code provider/target/classes}, when that directory exists.
     */
    static void checkJarIsFresh(Path jar) throws IOException {
        Path classes = jar.getParent().resolve("classes");
        if (!Files.isDirectory(classes)) {
            return;
        }
        List<String> differing = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                Path compiled = classes.resolve(entry.getName());
                try (InputStream in = j.getInputStream(entry)) {
                    if (!Files.isRegularFile(compiled) || !Arrays.equals(in.readAllBytes(), Files.readAllBytes(compiled))) {
                        differing.add(entry.getName());
                    }
                }
            }
        }
        if (!differing.isEmpty()) {
            throw new IllegalStateException(jar + " is older than " + classes + " (" + differing.size()
                    + " classes differ, e.g. " + differing.get(0) + "): run mvn package so the drop-in test"
                    + " runs the Keel just compiled");
        }
    }

    // ------------------------------------------------------------------ the fork's files

    /** The snippet the fork gets: the template, with Keel named by "Keel" instead of its class when asked. */
    static Path snippetFor(Installation how, Path dir) throws IOException {
        String template = Files.readString(snippet());
        if (!template.lines().anyMatch(SNIPPET_KEEL_LINE::equals)) {
            throw new IllegalStateException(snippet() + " has no line '" + SNIPPET_KEEL_LINE + "'");
        }
        String text = how.byName ? template.replace(SNIPPET_KEEL_LINE, "security.provider.1=Keel") : template;
        Path file = dir.resolve(how.name().toLowerCase() + ".java.security");
        Files.writeString(file, text);
        return file;
    }

    /** The application's classes alone, in a directory of their own. */
    static Path programClasses(Path dir) throws IOException {
        Path testClasses;
        try {
            testClasses = Path.of(DropInProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        String pkg = DropInProgram.class.getPackageName().replace('.', '/');
        Path from = testClasses.resolve(pkg);
        Path to = dir.resolve("program").resolve(pkg);
        Files.createDirectories(to);
        int copied = 0;
        try (DirectoryStream<Path> classes = Files.newDirectoryStream(from, DropInProgram.class.getSimpleName() + "*.class")) {
            for (Path c : classes) {
                Files.copy(c, to.resolve(c.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                copied++;
            }
        }
        if (copied == 0) {
            throw new IOException("no DropInProgram classes under " + from);
        }
        return dir.resolve("program");
    }

    /** bcprov, which Keel needs, from the test class path. */
    static Path bcprovJar() throws IOException {
        try {
            return Path.of(org.bouncycastle.jce.provider.BouncyCastleProvider.class.getProtectionDomain()
                    .getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** Jetty's jars and slf4j-api (Jetty's only other dependency), from the test class path. */
    static List<Path> jettyJars() {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if ((name.startsWith("jetty-") || name.startsWith("slf4j-api-")) && name.endsWith(".jar")) {
                out.add(Path.of(entry));
            }
        }
        for (String needed : List.of("jetty-server-", "jetty-http2-server-", "jetty-alpn-java-server-")) {
            if (out.stream().noneMatch(p -> p.getFileName().toString().startsWith(needed))) {
                throw new IllegalStateException("no " + needed + "*.jar on the test class path "
                        + System.getProperty("java.class.path"));
            }
        }
        return out;
    }

    /** The provider list a JDK's own java.security declares, in order (security.provider.1, 2, ...). */
    static List<String> jdkProviders(Path javaHome) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(javaHome.resolve("conf/security/java.security"))) {
            p.load(in);
        }
        List<String> out = new ArrayList<>();
        for (int i = 1; p.getProperty("security.provider." + i) != null; i++) {
            out.add(p.getProperty("security.provider." + i).trim());
        }
        return out;
    }

    // ------------------------------------------------------------------ running it

    /**
     * Forks {@code javaHome}'s java with the snippet for {@code how}, the standard
     * {@code javax.net.ssl.*} properties pointing at {@code pki}, and {@code extraProperties}; runs
     * {@code scenarios} and returns what the fork printed. The fork is killed if it outlives
     * {@link #RUN_SECONDS}.
     */
    static Outcome run(Path javaHome, Installation how, DropInPki pki, int opensslPort, Map<String, String> extraProperties,
            List<String> scenarios, Path dir) throws IOException {
        Path keel = keelJar();
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        if (how != Installation.NOT_INSTALLED) {
            cmd.add("-Djava.security.properties=" + snippetFor(how, dir));
        }
        cmd.add("-Djavax.net.ssl.trustStore=" + pki.trustStore());
        cmd.add("-Djavax.net.ssl.trustStorePassword=" + DropInPki.PASSWORD);
        cmd.add("-Djavax.net.ssl.keyStore=" + pki.serverKeyStore());
        cmd.add("-Djavax.net.ssl.keyStorePassword=" + DropInPki.PASSWORD);
        extraProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        List<Path> application = new ArrayList<>();
        application.add(programClasses(dir));
        application.addAll(jettyJars());
        List<Path> keelAndBc = List.of(keel, bcprovJar());
        if (how.modulePath) {
            cmd.add("--module-path");
            cmd.add(join(keelAndBc));
            cmd.add("--add-modules");
            cmd.add("ALL-MODULE-PATH");
            cmd.add("-cp");
            cmd.add(join(application));
        } else {
            List<Path> all = new ArrayList<>(keelAndBc);
            all.addAll(application);
            cmd.add("-cp");
            cmd.add(join(all));
        }
        cmd.add(DropInProgram.class.getName());
        cmd.add(pki.serverKeyStore().toString());
        cmd.add(DropInPki.PASSWORD);
        cmd.add(opensslPort > 0 ? Integer.toString(opensslPort) : "-");
        cmd.addAll(scenarios);

        try (Processes.Running fork = Processes.start("drop-in JVM (" + how + ", " + javaHome + ")", cmd, dir)) {
            int exit = fork.awaitExit(RUN_SECONDS);
            return parse(exit, fork.lines(), String.join(" ", cmd));
        }
    }

    private static String join(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
    }

    private static Outcome parse(int exit, List<String> lines, String command) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Map<String, String>> results = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f[0].equals(DropInProgram.ENV)) {
                putAll(env, f, 1);
            } else if (f[0].equals(DropInProgram.RESULT) && f.length > 1) {
                putAll(results.computeIfAbsent(f[1], k -> new LinkedHashMap<>()), f, 2);
            }
        }
        String output = "command: " + command + "\nexit: " + exit + "\n" + String.join("\n", lines);
        return new Outcome(exit, env, results, output);
    }

    private static void putAll(Map<String, String> into, String[] fields, int from) {
        for (int i = from; i < fields.length; i++) {
            int eq = fields[i].indexOf('=');
            if (eq > 0) {
                into.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
            }
        }
    }
}
