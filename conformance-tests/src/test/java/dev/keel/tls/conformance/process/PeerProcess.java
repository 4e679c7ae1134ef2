package dev.keel.tls.conformance.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One peer process. Its stdin is a pipe the harness controls (openssl s_server reads commands from
 * stdin: it must never see a terminal or an unexpected EOF); stdout and stderr are drained by their
 * own threads. {@link #close()} kills it — and anything it spawned — by handle, with bounded waits.
 */
public final class PeerProcess implements AutoCloseable {

    private static final Set<PeerProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(PeerProcess::kill), "peer-reaper"));
    }

    private final String label;
    private final List<String> command;
    private final Process process;
    private final OutputStream stdin;
    private final OutputCapture out;
    private final OutputCapture err;

    private PeerProcess(String label, List<String> command, Process process) {
        this.label = label;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdin = process.getOutputStream();
        this.out = new OutputCapture(process.getInputStream(), label + "-stdout");
        this.err = new OutputCapture(process.getErrorStream(), label + "-stderr");
    }

    /** Starts a program found by {@link PeerBinaries#require} with the given arguments in a directory. */
    public static PeerProcess start(String label, List<String> command, Path workDir) throws IOException {
        PeerBinaries.require(command.get(0));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().put("LC_ALL", "C");
        PeerProcess p = new PeerProcess(label, command, pb.start());
        LIVE.add(p);
        return p;
    }

    /** Processes started and not yet closed (the report states this is zero at the end). */
    public static int liveCount() {
        LIVE.removeIf(p -> !p.process.isAlive());
        return LIVE.size();
    }

    public OutputCapture out() {
        return out;
    }

    public OutputCapture err() {
        return err;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public void writeStdin(String text) throws IOException {
        writeStdin(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void writeStdin(byte[] bytes) throws IOException {
        stdin.write(bytes);
        stdin.flush();
    }

    public void closeStdin() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process already went away
        }
    }

    /** Waits (bounded) for stdout to satisfy a condition, from a mark; fails with the output on timeout. */
    public void awaitOut(int mark, Predicate<String> condition, Duration timeout, String what) throws InterruptedException {
        await(out, mark, condition, timeout, what);
    }

    /** Waits (bounded) for stderr to satisfy a condition, from a mark; fails with the output on timeout. */
    public void awaitErr(int mark, Predicate<String> condition, Duration timeout, String what) throws InterruptedException {
        await(err, mark, condition, timeout, what);
    }

    private void await(OutputCapture capture, int mark, Predicate<String> condition, Duration timeout, String what)
            throws InterruptedException {
        if (!capture.await(mark, condition, timeout)) {
            throw new AssertionError(label + ": " + what + " did not appear within " + timeout.toMillis() + " ms"
                    + (process.isAlive() ? "" : " (process exited " + process.exitValue() + ")") + "\n" + describe());
        }
    }

    /** Waits (bounded) for the process to exit and returns its exit code; fails with its output on timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(label + " did not exit within " + timeout.toMillis() + " ms\n" + describe());
        }
        out.awaitEnd(Duration.ofSeconds(2));
        err.awaitEnd(Duration.ofSeconds(2));
        return process.exitValue();
    }

    /** The command line and the tails of both outputs, for failure messages. */
    public String describe() {
        return "  command: " + String.join(" ", command) + "\n  stdout: " + out.tail(1500).replace("\n", "\n    ")
                + "\n  stderr: " + err.tail(1500).replace("\n", "\n    ");
    }

    @Override
    public void close() {
        closeStdin();
        kill();
        LIVE.remove(this);
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                System.err.println("[conformance] " + label + " (pid " + process.pid() + ") survived SIGKILL for 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
