package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * The body of early_data, RFC 8446 section 4.2.10. In a NewSessionTicket it is
 * {@code uint32 max_early_data_size;} (this record, {@link #decode}); in a ClientHello and in
 * EncryptedExtensions it is empty ({@link #decodeEmpty}, {@link #emptyExtension()}).
 */
public record EarlyDataIndication(long maxEarlyDataSize) {
    public EarlyDataIndication {
        Fields.u32(maxEarlyDataSize, "max_early_data_size");
    }

    /** The NewSessionTicket form: exactly 4 bytes. */
    public static EarlyDataIndication decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        long max = r.u32("early_data max_early_data_size");
        r.ensureEmpty("early_data extension");
        return new EarlyDataIndication(max);
    }

    /** Checks the ClientHello / EncryptedExtensions form, which has an empty body. */
    public static void decodeEmpty(byte[] data) throws TlsAlertException {
        new TlsReader(data).ensureEmpty("early_data extension (must be empty in ClientHello and EncryptedExtensions)");
    }

    public byte[] encode() {
        return new TlsWriter(4).u32(maxEarlyDataSize).toByteArray();
    }

    /** The NewSessionTicket form as an extension. */
    public Extension toExtension() {
        return new Extension(ExtensionType.EARLY_DATA, encode());
    }

    /** The empty ClientHello / EncryptedExtensions form as an extension. */
    public static Extension emptyExtension() {
        return new Extension(ExtensionType.EARLY_DATA, new byte[0]);
    }
}
