package dev.keel.tls.record;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.message.ContentType;
import java.nio.ByteBuffer;

/**
 * The state of a direction whose last record has gone by (close_notify or a fatal alert sent or
 * received): its keys are wiped and its cipher released for another connection (retained heap and
 * allocation per handshake, issue 7). It still counts as protected — a direction never falls back
 * to plaintext — and any attempt to use it is a bug, reported as internal_error.
 */
final class ReleasedProtection implements RecordProtection {
    /** Stateless, so one instance serves every connection. */
    static final ReleasedProtection INSTANCE = new ReleasedProtection();

    private ReleasedProtection() {
    }

    @Override
    public boolean protects(ContentType type) {
        return true;
    }

    @Override
    public boolean hidesContentType() {
        return false;
    }

    @Override
    public int maxFragmentLength() {
        return RecordLayer.MAX_PLAINTEXT_LENGTH + 2048;
    }

    @Override
    public int protectedLength(int plaintextLength) {
        return plaintextLength;
    }

    @Override
    public int maxOpenedLength(int fragmentLength) {
        return fragmentLength;
    }

    @Override
    public int seal(ContentType type, ByteBuffer src, ByteBuffer dst) throws TlsAlertException {
        throw released();
    }

    @Override
    public int open(int outerType, int recordVersion, ByteBuffer fragment, ByteBuffer dst) throws TlsAlertException {
        throw released();
    }

    @Override
    public boolean rekeyRecommended() {
        return false;
    }

    @Override
    public long sequenceNumber() {
        return 0;
    }

    @Override
    public void destroy() {
        // Nothing left to wipe.
    }

    private static TlsAlertException released() {
        return TlsAlertException.internalError(
                "this direction is closed and its keys were released; no record can be protected with them", null);
    }
}
