package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * The body of record_size_limit, RFC 8449 section 4: {@code uint16 RecordSizeLimit;}.
 * "Endpoints MUST NOT send a "record_size_limit" extension with a value smaller than 64. An endpoint
 * MUST treat receipt of a smaller value as a fatal error and generate an "illegal_parameter" alert."
 * The upper bound depends on the negotiated version and is the handshake's concern.
 */
public record RecordSizeLimit(int limit) {
    public static final int MINIMUM = 64;

    public RecordSizeLimit {
        Fields.inRange(limit, MINIMUM, 0xFFFF, "record_size_limit");
    }

    public static RecordSizeLimit decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        int limit = r.u16("record_size_limit");
        r.ensureEmpty("record_size_limit extension");
        if (limit < MINIMUM) {
            throw TlsAlertException.illegalParameter(
                    "record_size_limit " + limit + " is below the minimum of 64 (RFC 8449 4)");
        }
        return new RecordSizeLimit(limit);
    }

    public byte[] encode() {
        return new TlsWriter(2).u16(limit).toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.RECORD_SIZE_LIMIT, encode());
    }
}
