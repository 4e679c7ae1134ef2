package dev.keel.tls.conformance.peer;

import dev.keel.tls.conformance.matrix.Peer;
import dev.keel.tls.conformance.pki.WorkDir;
import dev.keel.tls.conformance.process.PeerProcess;
import java.time.Duration;
import java.util.List;

/** The version of each peer, for the report's header. */
public final class PeerVersions {

    private PeerVersions() {
    }

    public static String of(Peer peer) {
        switch (peer) {
            case OPENSSL:
                return firstLine(List.of("openssl", "version"));
            case GNUTLS:
                return firstLine(List.of("gnutls-cli", "--version"));
            case CURL:
                return firstLine(List.of("curl", "--version"));
            case SUNJSSE:
                return "SunJSSE of JDK " + System.getProperty("java.runtime.version");
            case BCJSSE:
                return jarName(org.bouncycastle.jsse.provider.BouncyCastleJsseProvider.class) + " over "
                        + jarName(org.bouncycastle.jce.provider.BouncyCastleProvider.class);
            case CONSCRYPT:
                return "Conscrypt " + org.conscrypt.Conscrypt.version().major() + "."
                        + org.conscrypt.Conscrypt.version().minor() + "." + org.conscrypt.Conscrypt.version().patch();
            default:
                return "?";
        }
    }

    /** The jar a class was loaded from ("bctls-jdk18on-1.84.jar"): the artifact and its version. */
    private static String jarName(Class<?> type) {
        String path = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String firstLine(List<String> command) {
        try (PeerProcess p = PeerProcess.start(command.get(0) + "-version", command, WorkDir.get())) {
            p.awaitExit(Duration.ofSeconds(10));
            return p.out().text().lines().findFirst().orElse("?").trim();
        } catch (Exception | AssertionError e) {
            return "unavailable (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }
}
