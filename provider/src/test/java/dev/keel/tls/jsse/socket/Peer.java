package dev.keel.tls.jsse.socket;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The other end of a test connection, run on its own thread. {@link #join()} waits a bounded time and
 * rethrows what the peer threw; {@link #close()} makes sure the thread is gone (tests close the
 * sockets first, which unblocks it).
 */
final class Peer<T> implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 30;

    private final FutureTask<T> task;
    private final Thread thread;

    private Peer(String name, Callable<T> body) {
        this.task = new FutureTask<>(body);
        this.thread = new Thread(task, name);
        this.thread.setDaemon(true);
    }

    static <T> Peer<T> start(String name, Callable<T> body) {
        Peer<T> peer = new Peer<>(name, body);
        peer.thread.start();
        return peer;
    }

    /** The peer's result; its exception if it failed; an AssertionError if it did not finish in time. */
    T join() throws Exception {
        try {
            return task.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw new AssertionError(thread.getName() + " failed", cause);
        } catch (TimeoutException e) {
            throw new AssertionError(thread.getName() + " did not finish in " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** What the peer threw (unwrapped), failing if it completed normally. */
    Throwable failure() throws InterruptedException {
        try {
            T result = task.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError(thread.getName() + " was expected to fail but returned " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError(thread.getName() + " did not finish in " + TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public void close() {
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
