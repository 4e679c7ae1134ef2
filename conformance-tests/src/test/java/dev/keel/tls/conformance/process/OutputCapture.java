package dev.keel.tls.conformance.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Drains one output stream of a process on its own thread into memory (capped, so a runaway peer
 * cannot exhaust the heap), and lets the harness wait — with a bound — for text to appear.
 */
public final class OutputCapture {

    private static final int CAP = 32 * 1024 * 1024;

    private byte[] data = new byte[8192];
    private int size;
    private boolean ended;
    private final Thread reader;

    OutputCapture(InputStream in, String name) {
        reader = new Thread(() -> drain(in), name);
        reader.setDaemon(true);
        reader.start();
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                append(buf, n);
            }
        } catch (IOException e) {
            // the process was killed: what we have is what there is
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void append(byte[] buf, int n) {
        int keep = Math.min(n, CAP - size);
        if (keep > 0) {
            if (size + keep > data.length) {
                data = Arrays.copyOf(data, Math.max(size + keep, data.length * 2));
            }
            System.arraycopy(buf, 0, data, size, keep);
            size += keep;
        }
        notifyAll();
    }

    /** The number of bytes captured so far: a mark for {@link #textSince}. */
    public synchronized int mark() {
        return size;
    }

    public synchronized byte[] bytes() {
        return Arrays.copyOf(data, size);
    }

    public synchronized String text() {
        return new String(data, 0, size, StandardCharsets.ISO_8859_1);
    }

    /** Text captured after a mark. */
    public synchronized String textSince(int mark) {
        return new String(data, mark, size - mark, StandardCharsets.ISO_8859_1);
    }

    /** The last {@code chars} characters, for failure messages. */
    public synchronized String tail(int chars) {
        int from = Math.max(0, size - chars);
        return (from > 0 ? "…" : "") + new String(data, from, size - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Waits until the text after {@code mark} satisfies the condition, the stream ends, or the timeout
     * passes. Returns whether the condition holds.
     */
    public synchronized boolean await(int mark, Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.test(textSince(mark))) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits (bounded) for the reader thread to reach end of stream, after the process exited. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
    }
}
