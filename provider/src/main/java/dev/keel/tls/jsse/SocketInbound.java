package dev.keel.tls.jsse;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;

/**
 * The read half of a socket over an {@link SSLEngine}: TLS records in from the transport, plaintext
 * out through {@link SSLEngine#unwrap}.
 *
 * <p>It owns the read lock and the two inbound buffers. Whoever holds the lock may unwrap; the buffers
 * are only touched under it. Both buffers are kept in "read mode": the bytes between position and
 * limit are the ones not yet consumed.
 *
 * <p>Another thread that needs the peer's next handshake message while a reader holds the lock (a
 * writer that ran into a renegotiation) does not wait for the lock, which a blocked reader may hold
 * for a long time; it waits for {@linkplain #awaitProgressSince progress}: the reader signals after
 * every unwrap.
 */
final class SocketInbound {
    /**
     * Most plaintext held while nobody reads it (a writer-driven handshake unwraps application data
     * the peer interleaved). Past this the peer is flooding us; fail rather than grow without bound.
     */
    private static final int MAX_BUFFERED_PLAINTEXT = 1 << 20;

    private final SSLEngine engine;
    private final InputStream network;
    private final ReentrantLock lock = new ReentrantLock();

    private final Object progressMonitor = new Object();
    private long progress; // guarded by progressMonitor

    /** TLS records received from the network and not yet unwrapped. */
    private ByteBuffer received;
    /** Plaintext unwrapped and not yet read by the application. */
    private ByteBuffer plaintext;
    /** {@code plaintext.remaining()}, readable without the lock for {@code available()}. */
    private volatile int buffered;
    /** The peer ended the TCP stream without close_notify (see {@link #endOfStream}). */
    private volatile boolean endedWithoutCloseNotify;

    SocketInbound(SSLEngine engine, InputStream network) {
        this.engine = engine;
        this.network = network;
        this.received = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
        this.plaintext = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
    }

    void lock() {
        lock.lock();
    }

    boolean tryLock() {
        return lock.tryLock();
    }

    /** Releases the read lock and wakes any thread waiting for inbound progress. */
    void unlock() {
        lock.unlock();
        signalProgress();
    }

    /**
     * True once the peer has ended the TCP stream without close_notify. The failure that follows is
     * not answered with an alert: no alert describes it (RFC 8446 section 6.2; the engine's
     * internal_error would claim a fault of our own), and the peer, having ended its side, learns
     * nothing from one.
     */
    boolean endedWithoutCloseNotify() {
        return endedWithoutCloseNotify;
    }

    /** Decrypted bytes buffered and not yet read; a hint, readable from any thread. */
    int available() {
        return buffered;
    }

    /** Moves up to {@code len} buffered plaintext bytes into {@code b}; 0 when none are buffered. */
    int takePlaintext(byte[] b, int off, int len) {
        int n = Math.min(len, plaintext.remaining());
        plaintext.get(b, off, n);
        buffered = plaintext.remaining();
        return n;
    }

    /** Runs before the read half blocks on the network: the handshake sends its kept records there. */
    interface BeforeBlocking {
        BeforeBlocking NOTHING = () -> { };

        void run() throws IOException;
    }

    /** {@link #unwrap(BeforeBlocking)} with nothing to do before reading the network. */
    SSLEngineResult unwrap() throws IOException {
        return unwrap(BeforeBlocking.NOTHING);
    }

    /**
     * One {@link SSLEngine#unwrap} that gets somewhere: on {@code BUFFER_UNDERFLOW} (no whole record
     * yet) runs {@code beforeBlocking} and reads more from the network, on {@code BUFFER_OVERFLOW}
     * grows the plaintext buffer, and tries again. Returns the first {@code OK} or {@code CLOSED}
     * result. Caller holds the lock.
     *
     * @throws java.net.SocketTimeoutException when the transport's soTimeout expires; nothing is lost
     *     and the call may be repeated
     * @throws SSLException when the peer ends the TCP stream without close_notify, or the engine fails
     */
    SSLEngineResult unwrap(BeforeBlocking beforeBlocking) throws IOException {
        try {
            while (true) {
                SSLEngineResult result = unwrapOnce();
                switch (result.getStatus()) {
                    case BUFFER_UNDERFLOW:
                        beforeBlocking.run();
                        receive();
                        break;
                    case BUFFER_OVERFLOW:
                        growPlaintext();
                        break;
                    default:
                        return result;
                }
            }
        } finally {
            signalProgress();
        }
    }

    private SSLEngineResult unwrapOnce() throws SSLException {
        plaintext.compact();
        try {
            return engine.unwrap(received, plaintext);
        } finally {
            plaintext.flip();
            buffered = plaintext.remaining();
        }
    }

    /** Reads whatever the transport has (at least one byte) after the unconsumed records. */
    private void receive() throws IOException {
        makeRoomToReceive();
        received.compact();
        int n;
        try {
            n = network.read(received.array(), received.arrayOffset() + received.position(),
                    received.remaining());
            if (n > 0) {
                received.position(received.position() + n);
            }
        } finally {
            received.flip();
        }
        if (n < 0) {
            throw endOfStream();
        }
    }

    private void makeRoomToReceive() throws SSLException {
        if (received.remaining() < received.capacity()) {
            return; // compacting will leave free space
        }
        int packetSize = engine.getSession().getPacketBufferSize();
        if (received.capacity() >= packetSize) {
            // The engine asked for more bytes than its own largest record: it would never be satisfied.
            throw new SSLProtocolException("Record larger than the engine's packet buffer size ("
                    + packetSize + " bytes) received");
        }
        received = ByteBuffer.allocate(packetSize).put(received).flip();
    }

    private void growPlaintext() throws SSLException {
        int needed = engine.getSession().getApplicationBufferSize();
        if (plaintext.remaining() + needed > MAX_BUFFERED_PLAINTEXT) {
            throw new SSLException("Peer sent more than " + MAX_BUFFERED_PLAINTEXT
                    + " bytes of application data that nobody read while the handshake waited");
        }
        plaintext = ByteBuffer.allocate(plaintext.remaining() + needed).put(plaintext).flip();
    }

    /**
     * The transport ended without close_notify. During a handshake the peer gave up; otherwise the
     * data may have been cut short by an attacker (RFC 8446 section 6.1: a closure must be signalled
     * with close_notify), so it is an error, never a clean end of stream.
     */
    private SSLException endOfStream() {
        endedWithoutCloseNotify = true;
        boolean handshaking = engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING;
        try {
            engine.closeInbound();
        } catch (SSLException expected) {
            // The engine agrees that no close_notify arrived; our exception below says so.
        }
        SSLException e = handshaking
                ? new SSLHandshakeException("Remote host terminated the handshake")
                : new SSLException(
                        "Connection closed by peer without close_notify: possible truncation attack");
        e.initCause(new EOFException("TCP end of stream from peer"));
        return e;
    }

    /** The number of unwraps (and lock releases) so far; pair with {@link #awaitProgressSince}. */
    long progress() {
        synchronized (progressMonitor) {
            return progress;
        }
    }

    /** Waits until the reader holding the lock has unwrapped something or released the lock. */
    void awaitProgressSince(long seen) throws InterruptedIOException {
        synchronized (progressMonitor) {
            while (progress == seen) {
                try {
                    progressMonitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("Interrupted while waiting for the peer's handshake");
                }
            }
        }
    }

    private void signalProgress() {
        synchronized (progressMonitor) {
            progress++;
            progressMonitor.notifyAll();
        }
    }
}
