package dev.keel.tls.record;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.message.ContentType;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The record layer of one connection (RFC 8446 5): framing, size limits and record protection in both
 * directions. Sans-IO: it reads records from the caller's network buffer and writes records into the
 * caller's network buffer.
 *
 * <p><b>Reading</b>: {@link #peekRecordLength} tells whether a complete record is buffered (and rejects
 * a bad header as soon as its bytes arrive); {@link #readRecord} consumes one record. Application data
 * is decrypted straight into the caller's buffer when it has room for
 * {@link #maxPlaintextLength(int)} bytes; every other content (handshake, alert, change_cipher_spec) is
 * copied or decrypted into an internal buffer exposed by {@link #readFragment()}. The header checks
 * depend on the current read keys, so process each record before peeking at the next.
 *
 * <p><b>Writing</b>: {@link #writeRecord} writes one record of at most 2^14 content bytes;
 * {@link #writeFragmented} splits a longer run (a handshake flight) into as many records as needed.
 *
 * <p>Not thread-safe; the connection serialises access (reading and writing may be guarded separately:
 * the two directions share no mutable state besides the "first record read" flag for record versions).
 */
public final class RecordLayer {
    /** TLSPlaintext header: type(1) legacy_record_version(2) length(2). */
    public static final int HEADER_LENGTH = 5;
    /** RFC 8446 5.1: TLSPlaintext.length MUST NOT exceed 2^14. */
    public static final int MAX_PLAINTEXT_LENGTH = 1 << 14;
    /** The largest TLS 1.3 record on the wire: header + 2^14 + 256 (RFC 8446 5.2). */
    public static final int MAX_TLS13_RECORD_LENGTH = HEADER_LENGTH + MAX_PLAINTEXT_LENGTH + 256;

    /** The JDK's wording, which some libraries match on (DESIGN.md, JSSE layer). */
    static final String PLAINTEXT_CONNECTION = "Unrecognized SSL message, plaintext connection?";

    private static final int TLS12_VERSION = 0x0303;

    private RecordProtection readProtection;
    private RecordProtection writeProtection;
    private int initialRecordVersion = TLS12_VERSION;
    private volatile boolean anyRecordRead;
    /**
     * True from the first TLS 1.3 read keys until the first record is decrypted with them: a peer that
     * failed to process our ServerHello (or our first flight) has no keys yet and can only send its
     * alert in the clear. Accepting it reports the peer's real reason instead of unexpected_message;
     * an unauthenticated alert can only end the connection, which an attacker on the path can anyway.
     */
    private boolean plaintextAlertAllowed;

    /**
     * Internal plaintext buffer for non-application content, with its writable and read-only views:
     * all {@code null} until such a record arrives, and again after {@link #trimBuffers()} (an idle
     * connection keeps none of them: retained heap, issue 7); grown on demand.
     */
    private byte[] fragment;
    private ByteBuffer fragmentWritable;
    private ByteBuffer fragmentView;

    public RecordLayer() {
    }

    // ------------------------------------------------------------------------------------------ read

    /**
     * Without consuming anything: the total length (header + fragment) of the first record in
     * {@code src} (from its position) if it is complete, 0 if more bytes are needed. The header is
     * validated as soon as its bytes are there.
     *
     * @throws TlsAlertException unexpected_message for something that is not a TLS record ("Unrecognized
     *     SSL message, plaintext connection?" when it looks like text), or for a content type not allowed
     *     by the current read state; record_overflow for a length above the limit
     */
    public int peekRecordLength(ByteBuffer src) throws TlsAlertException {
        int p = src.position();
        int available = src.remaining();
        if (available < 1) {
            return 0;
        }
        int typeCode = src.get(p) & 0xFF;
        ContentType type = ContentType.fromCode(typeCode);
        if (type == null) {
            throw notTls(src, "record content type " + typeCode + " is not a TLS content type");
        }
        if (available < 2) {
            return 0;
        }
        if ((src.get(p + 1) & 0xFF) != 3) {
            throw TlsAlertException.unexpectedMessage(PLAINTEXT_CONNECTION);
        }
        if (available < HEADER_LENGTH) {
            return 0;
        }
        int length = ((src.get(p + 3) & 0xFF) << 8) | (src.get(p + 4) & 0xFF);
        checkReadableType(type);
        int max = readsInClear(type) ? MAX_PLAINTEXT_LENGTH : readProtection.maxFragmentLength();
        if (length > max) {
            throw new TlsAlertException(AlertDescription.RECORD_OVERFLOW, rfcName(type)
                    + " record of " + length + " bytes exceeds the limit of " + max + " (RFC 8446 5.1, 5.2)");
        }
        return available < HEADER_LENGTH + length ? 0 : HEADER_LENGTH + length;
    }

    /**
     * Consumes exactly one complete record from {@code src} and returns its (inner) content type, or
     * returns {@code null} and consumes nothing when {@code src} does not hold a complete record.
     *
     * <p>Protected records are decrypted. If the content is application data and {@code appDst} is not
     * {@code null} and has room for {@link #maxPlaintextLength(int)} of this record, the plaintext is
     * written directly into {@code appDst} (its position advanced) and {@link #readFragment()} is
     * empty; otherwise the content is available from {@link #readFragment()} until the next call.
     * (Bytes of {@code appDst} beyond its new position may be overwritten.)
     *
     * <p>Under TLS 1.3 keys every record must be application_data outside (change_cipher_spec passes
     * in the clear), with one exception: after the first read keys are set and until the first record
     * decrypts, a plaintext alert is accepted, because a peer that failed on our ServerHello has no keys
     * to encrypt its alert with (as OpenSSL does).
     *
     * @throws TlsAlertException bad_record_mac (does not authenticate, too short for the tag),
     *     record_overflow, unexpected_message (unprotected application data, protected record with an
     *     outer type other than application_data, unknown or change_cipher_spec inner type, all-zero
     *     inner plaintext, empty handshake or alert, malformed change_cipher_spec), decode_error (alert
     *     record that is not exactly one 2-byte alert)
     */
    public ContentType readRecord(ByteBuffer src, ByteBuffer appDst) throws TlsAlertException {
        int total = peekRecordLength(src);
        if (total == 0) {
            return null;
        }
        int start = src.position();
        int outerType = src.get(start) & 0xFF;
        int version = ((src.get(start + 1) & 0xFF) << 8) | (src.get(start + 2) & 0xFF);
        ContentType type = ContentType.fromCode(outerType);
        int oldLimit = src.limit();
        src.limit(start + total).position(start + HEADER_LENGTH);
        try {
            ContentType result = readsInClear(type)
                    ? readPlaintext(type, src)
                    : readProtected(outerType, version, src, appDst);
            anyRecordRead = true;
            return result;
        } finally {
            src.limit(oldLimit).position(start + total);
        }
    }

    /**
     * The content of the last record read, when it was not delivered into the caller's buffer:
     * a read-only view of an internal buffer, valid until the next {@link #readRecord} call.
     */
    public ByteBuffer readFragment() {
        // No buffer yet: no record content has been kept, so the content is empty.
        return fragmentView != null ? fragmentView : ByteBuffer.allocate(0).asReadOnlyBuffer();
    }

    /**
     * Upper bound of the plaintext a record of {@code recordLength} bytes (header included) can carry
     * under the current read keys: if the application's buffer has this much room, readRecord
     * delivers application data straight into it.
     */
    public int maxPlaintextLength(int recordLength) {
        int fragmentLength = Math.max(0, recordLength - HEADER_LENGTH);
        return readProtection == null ? fragmentLength : readProtection.maxOpenedLength(fragmentLength);
    }

    /**
     * Protects every following record read with {@code suite}'s AEAD under the key and IV of
     * {@code trafficSecret} (RFC 8446 7.3); the read sequence number restarts at 0. The secret is
     * copied (the caller wipes its array); the copy is kept until the first record is read with it,
     * when the key and IV are derived and the copy wiped.
     */
    public void setReadKeys13(CipherSuite suite, byte[] trafficSecret) {
        boolean first = readProtection == null;
        setReadProtection(new Tls13RecordProtection(suite, trafficSecret, false));
        plaintextAlertAllowed = first;
    }

    /**
     * TLS 1.2, on receiving ChangeCipherSpec: protects every following record read with
     * {@code suite}'s AEAD under the peer's write key and fixed IV from the key block (RFC 5246 6.3,
     * 7.1); the read sequence number restarts at 0. The arrays are copied; the caller wipes them.
     */
    public void setReadKeys12(CipherSuite suite, byte[] key, byte[] fixedIv) {
        setReadProtection(Tls12RecordProtection.forReading(suite, key, fixedIv));
    }

    /** Whether records read are protected. */
    public boolean isReadProtected() {
        return readProtection != null;
    }

    /** The sequence number of the next record read under the current keys. */
    public long readSequenceNumber() {
        return readProtection == null ? 0 : readProtection.sequenceNumber();
    }

    /** Installs a read protection (TLS 1.2 support plugs in here); destroys the previous one. */
    void setReadProtection(RecordProtection protection) {
        if (readProtection != null) {
            readProtection.destroy();
        }
        readProtection = protection;
        plaintextAlertAllowed = false;
    }

    /** Whether a record with this outer type is read without decryption in the current read state. */
    private boolean readsInClear(ContentType type) {
        return readProtection == null
                || !readProtection.protects(type)
                || (type == ContentType.ALERT && plaintextAlertAllowed && readProtection.hidesContentType());
    }

    /** Outer content types the current read state accepts (RFC 8446 5, 5.1). */
    private void checkReadableType(ContentType type) throws TlsAlertException {
        if (readsInClear(type)) {
            if (type == ContentType.APPLICATION_DATA) {
                throw TlsAlertException.unexpectedMessage(
                        "received application_data before record protection was established");
            }
        } else if (readProtection.hidesContentType() && type != ContentType.APPLICATION_DATA) {
            throw TlsAlertException.unexpectedMessage("received an unprotected "
                    + rfcName(type)
                    + " record after record protection started (TLS 1.3 records must be encrypted)");
        }
    }

    private ContentType readPlaintext(ContentType type, ByteBuffer src) throws TlsAlertException {
        int length = src.remaining();
        ensureFragmentCapacity(length);
        fragmentWritable.clear();
        fragmentWritable.put(src);
        exposeFragment(length);
        checkContent(type, length);
        return type;
    }

    private ContentType readProtected(int outerType, int version, ByteBuffer src, ByteBuffer appDst)
            throws TlsAlertException {
        int maxOut = readProtection.maxOpenedLength(src.remaining());
        boolean intoApp = appDst != null && appDst.remaining() >= maxOut;
        ByteBuffer dst;
        if (intoApp) {
            dst = appDst;
        } else {
            ensureFragmentCapacity(maxOut);
            dst = fragmentWritable.clear();
        }
        int dstStart = dst.position();
        int typeCode;
        try {
            typeCode = readProtection.open(outerType, version, src, dst);
        } catch (TlsAlertException e) {
            // Never leave unauthenticated or rejected plaintext behind in the caller's buffer.
            scrub(dst, dstStart, maxOut);
            dst.position(dstStart);
            throw e;
        }
        plaintextAlertAllowed = false;
        int length = dst.position() - dstStart;
        ContentType type = ContentType.fromCode(typeCode);
        if (type == null || type == ContentType.CHANGE_CIPHER_SPEC) {
            scrub(dst, dstStart, maxOut);
            dst.position(dstStart);
            throw TlsAlertException.unexpectedMessage(type == null
                    ? "decrypted record has unknown content type " + typeCode
                    : "received an encrypted change_cipher_spec record (RFC 8446 5; in TLS 1.2 the keys"
                            + " were already changed and Keel does not renegotiate)");
        }
        if (intoApp) {
            if (type == ContentType.APPLICATION_DATA) {
                exposeFragment(0);
                return type;
            }
            // Not application data after all: move it out of the caller's buffer.
            ensureFragmentCapacity(length);
            appDst.get(dstStart, fragment, 0, length);
            scrub(appDst, dstStart, maxOut);
            appDst.position(dstStart);
        }
        exposeFragment(length);
        checkContent(type, length);
        return type;
    }

    /** Per-content-type rules of the record layer (RFC 8446 5, 5.1, 5.4, 6). */
    private void checkContent(ContentType type, int length) throws TlsAlertException {
        switch (type) {
            case HANDSHAKE -> {
                if (length == 0) {
                    throw TlsAlertException.unexpectedMessage("received an empty handshake record (RFC 8446 5.1, 5.4)");
                }
            }
            case ALERT -> {
                if (length == 0) {
                    throw TlsAlertException.unexpectedMessage("received an empty alert record (RFC 8446 5.4)");
                }
                if (length != 2) {
                    throw TlsAlertException.decodeError("alert record of " + length
                            + " bytes: a record must carry exactly one 2-byte alert (RFC 8446 5.1)");
                }
            }
            case CHANGE_CIPHER_SPEC -> {
                if (length != 1 || fragment[0] != 1) {
                    throw TlsAlertException.unexpectedMessage(
                            "change_cipher_spec record must be the single byte 0x01 (RFC 8446 5)");
                }
            }
            case APPLICATION_DATA -> {
                // Zero-length application data is allowed (RFC 8446 5.4).
            }
        }
    }

    /**
     * The first buffer is the size of the record that needs it, not more: the records read through it
     * are few and mostly small (ServerHello, ClientHello, a close_notify, a NewSessionTicket after the
     * buffers were trimmed), and one that does not fit at least doubles it.
     */
    private void ensureFragmentCapacity(int n) {
        int capacity = fragment == null ? 0 : fragment.length;
        if (fragment == null || capacity < n) {
            fragment = new byte[Math.max(n, Math.min(2 * capacity, MAX_TLS13_RECORD_LENGTH))];
            fragmentWritable = ByteBuffer.wrap(fragment);
            fragmentView = fragmentWritable.asReadOnlyBuffer();
        }
    }

    private void exposeFragment(int length) {
        if (fragmentView != null) {
            fragmentView.limit(length).position(0);
        } // else length is 0 (application data went to the caller) and readFragment() is empty anyway
    }

    /** Zeroes {@code buf} from {@code from} for up to {@code n} bytes (bounded by its limit). */
    private static void scrub(ByteBuffer buf, int from, int n) {
        int end = Math.min(buf.limit(), from + n);
        for (int i = from; i < end; i++) {
            buf.put(i, (byte) 0);
        }
    }

    /**
     * Releases the internal read buffer (a handshake flight, a post-handshake message); call once the
     * handshake is over, when {@link #readFragment()} is not in use, so that an idle connection does
     * not hold it. It is reallocated on demand.
     */
    public void trimBuffers() {
        fragment = null;
        fragmentWritable = null;
        fragmentView = null;
    }

    // ----------------------------------------------------------------------------------------- write

    /**
     * The legacy_record_version of unprotected records written before the first record is read: RFC
     * 8446 5.1 allows 0x0301 for the initial ClientHello (some middleboxes expect it). Every other
     * record — including a ClientHello after HelloRetryRequest, which follows a record read — says 0x0303.
     */
    public void setInitialRecordVersion(int version) {
        if ((version >>> 8) != 3 || version > 0x0303) {
            throw new IllegalArgumentException(String.format("record version 0x%04x is not 0x0300-0x0303", version));
        }
        initialRecordVersion = version;
    }

    /**
     * Protects every following record written with {@code suite}'s AEAD under the key and IV of
     * {@code trafficSecret}; the write sequence number restarts at 0. The secret is copied and kept
     * until the first record is written with it, as for {@link #setReadKeys13}.
     */
    public void setWriteKeys13(CipherSuite suite, byte[] trafficSecret) {
        setWriteProtection(new Tls13RecordProtection(suite, trafficSecret, true));
    }

    /**
     * TLS 1.2, right after writing ChangeCipherSpec: protects every following record written with
     * {@code suite}'s AEAD under our write key and fixed IV (RFC 5246 6.3, 7.1); the write sequence
     * number restarts at 0. The arrays are copied; the caller wipes them.
     */
    public void setWriteKeys12(CipherSuite suite, byte[] key, byte[] fixedIv) {
        setWriteProtection(Tls12RecordProtection.forWriting(suite, key, fixedIv));
    }

    /** Whether records written are protected. */
    public boolean isWriteProtected() {
        return writeProtection != null;
    }

    /** The sequence number of the next record written under the current keys. */
    public long writeSequenceNumber() {
        return writeProtection == null ? 0 : writeProtection.sequenceNumber();
    }

    /** Installs a write protection (TLS 1.2 support plugs in here); destroys the previous one. */
    void setWriteProtection(RecordProtection protection) {
        if (writeProtection != null) {
            writeProtection.destroy();
        }
        writeProtection = protection;
    }

    /**
     * Writes ONE record of {@code type} carrying min(src.remaining(), 2^14) bytes from {@code src}
     * (consumed) into {@code dst}. Protected: TLSInnerPlaintext without padding, outer type
     * application_data, version 0x0303. Unprotected: version 0x0303 (or the initial record version,
     * see {@link #setInitialRecordVersion}). The caller guarantees {@code dst.remaining() >=
     * wireSize(type, n)}.
     *
     * @return bytes written
     * @throws TlsAlertException internal_error for a caller bug (empty handshake/alert, application data
     *     before keys, too little room) or an exhausted sequence number
     */
    public int writeRecord(ContentType type, ByteBuffer src, ByteBuffer dst) throws TlsAlertException {
        int n = Math.min(src.remaining(), MAX_PLAINTEXT_LENGTH);
        if (n == 0 && type != ContentType.APPLICATION_DATA) {
            throw TlsAlertException.internalError("refusing to send an empty "
                    + rfcName(type) + " record (RFC 8446 5.4)", null);
        }
        int size = wireSize(type, n);
        if (dst.remaining() < size) {
            throw TlsAlertException.internalError("output buffer has " + dst.remaining()
                    + " bytes of room, the record needs " + size, null);
        }
        int oldLimit = src.limit();
        src.limit(src.position() + n);
        try {
            if (writeProtection != null && writeProtection.protects(type)) {
                return writeProtection.seal(type, src, dst);
            }
            if (type == ContentType.APPLICATION_DATA) {
                throw TlsAlertException.internalError(
                        "refusing to send application data before record protection is established", null);
            }
            int version = anyRecordRead ? TLS12_VERSION : initialRecordVersion;
            dst.put((byte) type.code()).put((byte) (version >>> 8)).put((byte) version)
                    .put((byte) (n >>> 8)).put((byte) n);
            dst.put(src);
            return HEADER_LENGTH + n;
        } finally {
            src.limit(oldLimit);
        }
    }

    /**
     * Writes all of {@code src} as records of {@code type} of at most 2^14 content bytes each (a
     * handshake flight may be longer than one record). The caller guarantees
     * {@code dst.remaining() >= fragmentedWireSize(type, src.remaining())}.
     *
     * @return bytes written
     */
    public int writeFragmented(ContentType type, ByteBuffer src, ByteBuffer dst) throws TlsAlertException {
        int written = 0;
        do {
            written += writeRecord(type, src, dst);
        } while (src.hasRemaining());
        return written;
    }

    /** Wire size of the records {@link #writeFragmented} writes for {@code length} content bytes. */
    public int fragmentedWireSize(ContentType type, int length) {
        int full = length / MAX_PLAINTEXT_LENGTH;
        int rest = length % MAX_PLAINTEXT_LENGTH;
        int size = full * wireSize(type, MAX_PLAINTEXT_LENGTH);
        return rest > 0 || full == 0 ? size + wireSize(type, rest) : size;
    }

    /**
     * Header + fragment size of the one record {@link #writeRecord} writes for a source with
     * {@code plaintextLength} bytes remaining (at most 2^14 of them are taken), assuming the type is
     * protected: an upper bound for every type.
     */
    public int wireSize(int plaintextLength) {
        return wireSize(ContentType.APPLICATION_DATA, plaintextLength);
    }

    /** Exact header + fragment size of the record {@link #writeRecord} writes for {@code type}. */
    public int wireSize(ContentType type, int plaintextLength) {
        int n = Math.min(Math.max(plaintextLength, 0), MAX_PLAINTEXT_LENGTH);
        boolean isProtected = writeProtection != null && writeProtection.protects(type);
        return HEADER_LENGTH + (isProtected ? writeProtection.protectedLength(n) : n);
    }

    /**
     * True once enough records were written under the current key that the connection should send a
     * KeyUpdate (RFC 8446 5.5; AES-GCM after 2^23 records, see {@link Tls13RecordProtection}).
     */
    public boolean writeKeyUpdateRecommended() {
        return writeProtection != null && writeProtection.rekeyRecommended();
    }

    /**
     * Called by the reading side once it will read no more records (close_notify or a fatal alert):
     * wipes the read keys and releases the cipher. Reading afterwards is an internal_error.
     */
    public void releaseReadKeys() {
        setReadProtection(ReleasedProtection.INSTANCE);
    }

    /**
     * Called by the writing side once it will write no more records (close_notify or a fatal alert
     * sent): wipes the write keys and releases the cipher. Writing afterwards is an internal_error.
     */
    public void releaseWriteKeys() {
        setWriteProtection(ReleasedProtection.INSTANCE);
    }

    /** Wipes the keys of both directions. */
    public void destroy() {
        setReadProtection(null);
        setWriteProtection(null);
    }

    // ------------------------------------------------------------------------------------- helpers

    /** "handshake", "change_cipher_spec": the RFC's name of a content type, for messages. */
    private static String rfcName(ContentType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** The alert for bytes that are not a TLS record at all. */
    private static TlsAlertException notTls(ByteBuffer src, String detail) {
        int p = src.position();
        int n = Math.min(src.remaining(), HEADER_LENGTH);
        boolean text = true;
        for (int i = 0; i < n && text; i++) {
            int b = src.get(p + i) & 0xFF;
            text = (b >= 0x20 && b < 0x7F) || b == '\r' || b == '\n' || b == '\t';
        }
        if (text) {
            return TlsAlertException.unexpectedMessage(PLAINTEXT_CONNECTION);
        }
        int first = src.get(p) & 0xFF;
        if ((first & 0x80) != 0 && n >= 3 && src.get(p + 2) == 1) {
            return TlsAlertException.unexpectedMessage(
                    "Unrecognized SSL message: SSLv2-format ClientHello is not supported");
        }
        return TlsAlertException.unexpectedMessage("Unrecognized SSL message: " + detail);
    }
}
