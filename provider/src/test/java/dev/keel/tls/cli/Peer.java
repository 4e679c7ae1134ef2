package dev.keel.tls.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An external TLS peer (openssl, curl) run as a process for the command-line tests, always bounded:
 * output is collected on its own thread, every wait has a deadline, and {@link #close()} kills the
 * process and its children. A missing program fails the test with the install script's name, never
 * skips it.
 */
final class Peer implements AutoCloseable {
    static final String INSTALL_SCRIPT = ".ci/install-peers.sh";

    private final Process process;
    private final String name;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread reader;
    /** Set when the output stream ended (the process exited or closed it). */
    private boolean ended;

    private Peer(Process process, String name) {
        this.process = process;
        this.name = name;
        this.reader = new Thread(this::read, "output of " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code command} (stderr merged into stdout) in {@code dir}. {@code stdin} is written and
     * then closed; {@code null} leaves standard input open until {@link #close()} (openssl s_server
     * ends a connection when its input ends).
     */
    static Peer start(List<String> command, Path dir, String stdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + " (" + e.getMessage() + "): install the test peers"
                    + " with " + INSTALL_SCRIPT, e);
        }
        Peer peer = new Peer(p, command.get(0));
        if (stdin != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the process may exit before reading its input; its output says why
            }
        }
        return peer;
    }

    private void read() {
        byte[] buf = new byte[4096];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (output) {
                    output.write(buf, 0, n);
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away; what was read is kept
        } finally {
            synchronized (output) {
                ended = true;
                output.notifyAll();
            }
        }
    }

    /** Waits up to {@code seconds} until the output so far satisfies {@code test}; returns that output. */
    String awaitOutput(Predicate<String> test, long seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (output) {
            try {
                while (true) {
                    String now = output.toString(StandardCharsets.UTF_8);
                    if (test.test(now)) {
                        return now;
                    }
                    long left = deadline - System.nanoTime();
                    if (ended || left <= 0) {
                        throw new IOException(name + (ended ? " ended" : " is still running after " + seconds + " s")
                                + " without printing what was expected; output:\n" + now);
                    }
                    TimeUnit.NANOSECONDS.timedWait(output, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Waits up to {@code seconds} for the exit status; kills the process and fails when it is late. */
    int awaitExit(long seconds) throws IOException {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                close();
                throw new IOException(name + " did not finish within " + seconds + " s and was killed; output:\n"
                        + output());
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted", e);
        }
    }

    String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
