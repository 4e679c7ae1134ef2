package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * The ServerHello form of pre_shared_key, RFC 8446 section 4.2.11: {@code uint16 selected_identity;}.
 * That it indexes an offered identity is the client handshake's check (illegal_parameter).
 */
public record PreSharedKeyServerHello(int selectedIdentity) {
    public PreSharedKeyServerHello {
        Fields.u16(selectedIdentity, "selected_identity");
    }

    public static PreSharedKeyServerHello decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        int selected = r.u16("pre_shared_key selected_identity");
        r.ensureEmpty("pre_shared_key extension");
        return new PreSharedKeyServerHello(selected);
    }

    public byte[] encode() {
        return new TlsWriter(2).u16(selectedIdentity).toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.PRE_SHARED_KEY, encode());
    }
}
