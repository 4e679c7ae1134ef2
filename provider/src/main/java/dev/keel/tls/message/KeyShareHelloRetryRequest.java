package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * The HelloRetryRequest form of key_share, RFC 8446 section 4.2.8:
 * {@code struct { NamedGroup selected_group; } KeyShareHelloRetryRequest;}.
 */
public record KeyShareHelloRetryRequest(int selectedGroup) {
    public KeyShareHelloRetryRequest {
        Fields.u16(selectedGroup, "selected_group");
    }

    public static KeyShareHelloRetryRequest decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        int group = r.u16("key_share selected_group");
        r.ensureEmpty("key_share extension");
        return new KeyShareHelloRetryRequest(group);
    }

    public byte[] encode() {
        return new TlsWriter(2).u16(selectedGroup).toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.KEY_SHARE, encode());
    }

    @Override
    public String toString() {
        return "KeyShareHelloRetryRequest[selected_group=0x" + Integer.toHexString(selectedGroup) + "]";
    }
}
