package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * The ServerHello / HelloRetryRequest form of supported_versions, RFC 8446 section 4.2.1:
 * {@code ProtocolVersion selected_version;}.
 */
public record SupportedVersionsServer(int selectedVersion) {
    public SupportedVersionsServer {
        Fields.u16(selectedVersion, "selected_version");
    }

    public static SupportedVersionsServer decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        int version = r.u16("supported_versions selected_version");
        r.ensureEmpty("supported_versions extension");
        return new SupportedVersionsServer(version);
    }

    public byte[] encode() {
        return new TlsWriter(2).u16(selectedVersion).toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.SUPPORTED_VERSIONS, encode());
    }

    @Override
    public String toString() {
        return "SupportedVersionsServer[0x" + Integer.toHexString(selectedVersion) + "]";
    }
}
