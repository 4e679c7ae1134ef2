package dev.keel.tls.jsse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The write half of a socket over an {@link SSLEngine}: plaintext (or nothing, for handshake messages
 * and alerts) in through {@link SSLEngine#wrap}, TLS records out to the transport.
 *
 * <p>It owns the write lock and the outbound record buffer; callers hold the lock. Application data
 * is sent as soon as it is wrapped; handshake records may be kept until their flight is complete
 * ({@link #wrapHandshakeAndKeep}). Records stay kept only while the engine still asks to wrap (the
 * rest of the flight), and every later wrap sends them first, in order; so {@code flush()} has
 * nothing to do beyond the transport's.
 */
final class SocketOutbound {
    /**
     * Most plaintext handed to one wrap: one full TLS record, 2^14 bytes (RFC 8446 section 5.1,
     * RFC 5246 section 6.2.1).
     */
    static final int MAX_RECORD_PLAINTEXT = 1 << 14;

    /** Bound on the record buffer: a few records' worth, enough for any handshake flight. */
    private static final int MAX_PACKET_BUFFER_MULTIPLE = 4;

    private final SSLEngine engine;
    private final OutputStream network;
    private final ReentrantLock lock = new ReentrantLock();
    private final ByteBuffer nothing = ByteBuffer.allocate(0);
    private ByteBuffer sealed;

    SocketOutbound(SSLEngine engine, OutputStream network) {
        this.engine = engine;
        this.network = network;
        this.sealed = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    void lock() {
        lock.lock();
    }

    boolean tryLock() {
        return lock.tryLock();
    }

    boolean tryLock(long millis) throws InterruptedException {
        return lock.tryLock(millis, TimeUnit.MILLISECONDS);
    }

    void unlock() {
        lock.unlock();
    }

    /**
     * Wraps no application data (the pending handshake message, alert or close_notify) and keeps the
     * record for {@link #sendKept()}. A handshake flight is several wraps (ServerHello, then the
     * encrypted messages, ...); written one by one, each small write after the first waits for the
     * peer's delayed ACK under Nagle's algorithm (RFC 1122 section 4.2.3.4), tens of milliseconds per
     * flight. Kept and written once, the flight leaves in one go. Caller holds the lock.
     */
    SSLEngineResult wrapHandshakeAndKeep() throws IOException {
        return wrapAndKeep(nothing);
    }

    /** Wraps no application data and sends the result with anything kept before it. Caller holds the lock. */
    SSLEngineResult wrapHandshakeAndSend() throws IOException {
        return wrapAndSend(nothing);
    }

    /**
     * One {@link SSLEngine#wrap} of {@code src}, then writes every byte it (and any earlier kept wrap)
     * produced to the transport. Caller holds the lock.
     */
    SSLEngineResult wrapAndSend(ByteBuffer src) throws IOException {
        SSLEngineResult result = wrapAndKeep(src);
        sendKept();
        return result;
    }

    /**
     * One {@link SSLEngine#wrap} of {@code src} appended to the kept records. On {@code BUFFER_OVERFLOW}
     * (the engine consumed and produced nothing) sends what is kept to make room, or grows the buffer.
     */
    private SSLEngineResult wrapAndKeep(ByteBuffer src) throws IOException {
        while (true) {
            SSLEngineResult result = engine.wrap(src, sealed);
            if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return result;
            }
            if (sealed.position() > 0) {
                sendKept();
            } else {
                growSealed();
            }
        }
    }

    /** Writes the kept records to the transport. Caller holds the lock. */
    void sendKept() throws IOException {
        if (sealed.position() == 0) {
            return;
        }
        int length = sealed.position();
        sealed.clear(); // cleared first: after a failed write the bytes are not sent twice
        network.write(sealed.array(), sealed.arrayOffset(), length);
    }

    private void growSealed() throws SSLException {
        int packetSize = engine.getSession().getPacketBufferSize();
        if (sealed.capacity() < packetSize) {
            sealed = ByteBuffer.allocate(packetSize);
        } else if (sealed.capacity() < MAX_PACKET_BUFFER_MULTIPLE * packetSize) {
            sealed = ByteBuffer.allocate(sealed.capacity() * 2);
        } else {
            throw new SSLException("Engine asked for more than " + sealed.capacity()
                    + " bytes of output space for one wrap");
        }
    }

    /** Passes a flush on to the transport (TLS records are written as soon as they are sealed). */
    void flush() throws IOException {
        network.flush();
    }
}
