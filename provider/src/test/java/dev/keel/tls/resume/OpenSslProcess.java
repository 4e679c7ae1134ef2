package dev.keel.tls.resume;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One openssl process (s_client or s_server), bounded in time: its output (stdout and stderr) is
 * collected by a reader thread, {@link #awaitOutput} waits for a line with a deadline, and
 * {@link #close()} ends the process (forcibly if it does not exit), so tests call it in finally.
 */
final class OpenSslProcess implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;

    private OpenSslProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = new Thread(this::readOutput, "openssl-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Fails loudly, naming the script that installs it, when openssl cannot be run. */
    static void requireOpenSsl() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("'openssl version' did not finish");
            }
            if (p.exitValue() != 0) {
                fail("'openssl version' failed: " + new String(out, StandardCharsets.UTF_8)
                        + "; install the peers with .ci/install-peers.sh");
            }
        } catch (IOException e) {
            fail("openssl is not installed (" + e.getMessage() + "); install the peers with .ci/install-peers.sh");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    static OpenSslProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        return new OpenSslProcess(command);
    }

    private void readOutput() {
        byte[] buf = new byte[4096];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (output) {
                    output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended or was killed: what was read stays
        } finally {
            synchronized (output) {
                output.notifyAll();
            }
        }
    }

    /** The process's stdin (s_client sends what is written there). */
    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Everything the process printed so far. */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Waits (up to {@link #TIMEOUT}) until the output contains {@code text}; fails otherwise. */
    String awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (output) {
            while (output.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    fail("openssl did not print \"" + text + "\"; output:\n" + output);
                }
                TimeUnit.NANOSECONDS.timedWait(output, Math.max(1, left));
            }
            return output.toString();
        }
    }

    /** Closes stdin and waits (bounded) for the process to exit by itself; the output. */
    String finish() throws IOException, InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            fail("openssl did not exit; output:\n" + output());
        }
        reader.join(TIMEOUT.toMillis());
        return output();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Writes a PEM certificate chain and PKCS#8 key for s_server; returns {cert, key}. */
    static Path[] writePem(Path dir, X509Certificate[] chain, java.security.PrivateKey key)
            throws IOException, CertificateEncodingException {
        StringBuilder certs = new StringBuilder();
        for (X509Certificate c : chain) {
            certs.append(pem("CERTIFICATE", c.getEncoded()));
        }
        Path cert = dir.resolve("chain.pem");
        Path keyFile = dir.resolve("key.pem");
        Files.writeString(cert, certs);
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        return new Path[] {cert, keyFile};
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
