package dev.keel.tls.conformance.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The run's scratch directory: {@code conformance.workDir}, by default {@code target/conformance}. */
public final class WorkDir {

    private WorkDir() {
    }

    public static Path get() {
        Path dir = Path.of(System.getProperty("conformance.workDir", "target/conformance")).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A fresh sub-directory for one case or one server process. */
    public static Path fresh(String name) {
        try {
            Path base = get().resolve("runs");
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name.replaceAll("[^A-Za-z0-9._-]", "_") + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
