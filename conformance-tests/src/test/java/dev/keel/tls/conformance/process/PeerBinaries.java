package dev.keel.tls.conformance.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the peer programs on PATH. A missing program fails the case loudly with the command that
 * installs it — the matrix never skips a peer.
 */
public final class PeerBinaries {

    private static final Map<String, String> PACKAGES = Map.of(
            "openssl", "openssl", "gnutls-cli", "gnutls-bin", "gnutls-serv", "gnutls-bin", "curl", "curl");
    private static final Map<String, Path> FOUND = new ConcurrentHashMap<>();

    private PeerBinaries() {
    }

    /** The absolute path of a program, or an AssertionError naming the install command. */
    public static Path require(String program) {
        Path found = FOUND.computeIfAbsent(program, PeerBinaries::search);
        if (found.toString().isEmpty()) {
            throw new AssertionError("peer program '" + program + "' is not on PATH (" + System.getenv("PATH")
                    + "). Install the peers with: sudo .ci/install-peers.sh   (Debian package: "
                    + PACKAGES.getOrDefault(program, program) + ")");
        }
        return found;
    }

    private static Path search(String program) {
        if (program.startsWith("/")) {
            return Files.isExecutable(Path.of(program)) ? Path.of(program) : Path.of("");
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return Path.of("");
    }
}
