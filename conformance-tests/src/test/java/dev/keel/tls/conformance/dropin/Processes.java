package dev.keel.tls.conformance.dropin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * External processes for the drop-in tests, always bounded: every wait has a deadline, output is read
 * on its own thread (so a chatty child never blocks on a full pipe), and {@link Running#close()}
 * kills the process and its descendants.
 */
final class Processes {
    /** The script that installs openssl, curl and the other peers (fail loudly, never skip). */
    static final String INSTALL_SCRIPT = ".ci/install-peers.sh";

    private Processes() {
    }

    /** A started process whose merged stdout/stderr is collected line by line. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final String name;
        /** Every line read so far; also the monitor that {@link #awaitLine} waits on. */
        private final List<String> lines = new ArrayList<>();
        private boolean ended;
        private final Thread reader;

        private Running(Process process, String name) {
            this.process = process;
            this.name = name;
            this.reader = new Thread(this::readOutput, "output of " + name);
            reader.setDaemon(true);
            reader.start();
        }

        private void readOutput() {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process went away; what was read is kept
            } finally {
                synchronized (lines) {
                    ended = true;
                    lines.notifyAll();
                }
            }
        }

        /** Waits up to {@code seconds} for the first line (already read or still to come) that matches. */
        String awaitLine(Predicate<String> matches, long seconds) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            synchronized (lines) {
                try {
                    for (int checked = 0; ; ) {
                        for (; checked < lines.size(); checked++) {
                            if (matches.test(lines.get(checked))) {
                                return lines.get(checked);
                            }
                        }
                        long left = deadline - System.nanoTime();
                        if (ended || left <= 0) {
                            throw new IOException(name + (ended ? " ended" : " is still running after " + seconds
                                    + " s") + " without the expected line; output:\n" + String.join("\n", lines));
                        }
                        TimeUnit.NANOSECONDS.timedWait(lines, left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }

        /** Waits up to {@code seconds} for the process to exit; kills it and fails when it does not. */
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

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        String output() {
            return String.join("\n", lines());
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

    /** Starts {@code command} in {@code dir} with stderr merged into stdout. */
    static Running start(String name, List<String> command, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        return new Running(pb.start(), name);
    }

    /**
     * {@code openssl s_server -www} on a free loopback port, with the given certificate and key; the
     * port is read from its "ACCEPT" line. Fails loudly, naming the install script, when openssl is
     * missing.
     */
    static OpensslServer opensslServer(Path certPem, Path keyPem, Path dir) throws IOException {
        Running r;
        try {
            r = start("openssl s_server", List.of("openssl", "s_server", "-accept", "127.0.0.1:0", "-www",
                    "-cert", certPem.toString(), "-key", keyPem.toString()), dir);
        } catch (IOException e) {
            throw new IOException("cannot run openssl (" + e.getMessage() + "): install the test peers with "
                    + INSTALL_SCRIPT, e);
        }
        try {
            String accept = r.awaitLine(l -> l.startsWith("ACCEPT "), 20);
            int port = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1).trim());
            return new OpensslServer(r, port);
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** A running openssl s_server. */
    record OpensslServer(Running process, int port) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }
}
