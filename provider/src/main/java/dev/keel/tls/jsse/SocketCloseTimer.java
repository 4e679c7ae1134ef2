package dev.keel.tls.jsse;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the writes a socket makes while giving up a connection (close_notify on {@code close()}, the
 * fatal alert after an error). Such a write blocks when the peer has stopped reading and the TCP send
 * buffer is full; closing must not hang on that. If the write has not finished within
 * {@link #WRITE_LIMIT_MILLIS}, the transport is closed under it, which makes the blocked write fail.
 *
 * <p>One daemon thread serves every socket; it exists only while a bounded write is pending (it
 * times out when idle).
 */
final class SocketCloseTimer {
    /** How long a closing socket waits for its last records to be written. */
    static final long WRITE_LIMIT_MILLIS = 2_000;

    /** A write that may throw. */
    interface Write {
        void run() throws IOException;
    }

    private SocketCloseTimer() {
    }

    /** Runs {@code write}; if it is still running after the limit, runs {@code abort} to unblock it. */
    static void runBounded(Write write, Runnable abort) throws IOException {
        ScheduledFuture<?> guard = Holder.TIMER.schedule(abort, WRITE_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        try {
            write.run();
        } finally {
            guard.cancel(false);
        }
    }

    /** Lazily created: sockets that never close under pressure never start the thread. */
    private static final class Holder {
        static final ScheduledThreadPoolExecutor TIMER = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread t = new Thread(task, "keel-socket-close-timer");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
            timer.setKeepAliveTime(30, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true);
            return timer;
        }
    }
}
