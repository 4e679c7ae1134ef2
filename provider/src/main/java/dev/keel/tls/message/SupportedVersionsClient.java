package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.List;

/**
 * The ClientHello form of supported_versions, RFC 8446 section 4.2.1:
 * {@code ProtocolVersion versions<2..254>;} (a one-byte length). Unknown and GREASE versions are kept.
 */
public record SupportedVersionsClient(List<Integer> versions) {
    public SupportedVersionsClient {
        versions = Fields.u16List(versions, "protocol version");
        Fields.inRange(versions.size(), 1, 127, "number of versions");
    }

    public static SupportedVersionsClient decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        List<Integer> versions = r.sub8("supported_versions versions", 2, 254).u16List("protocol version");
        r.ensureEmpty("supported_versions extension");
        return new SupportedVersionsClient(versions);
    }

    public byte[] encode() {
        return new TlsWriter(1 + 2 * versions.size()).vector8OfU16(versions).toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.SUPPORTED_VERSIONS, encode());
    }

    @Override
    public String toString() {
        return "SupportedVersionsClient" + Fields.codes(versions);
    }
}
