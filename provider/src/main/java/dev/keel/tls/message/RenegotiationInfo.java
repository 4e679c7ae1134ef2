package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Arrays;

/**
 * The body of renegotiation_info, RFC 5746 3.2:
 * {@code struct { opaque renegotiated_connection<0..255>; } RenegotiationInfo;}.
 * In an initial handshake renegotiated_connection is empty, so the extension data is the single byte
 * 0x00; in a renegotiation it carries the previous handshake's verify_data.
 */
public record RenegotiationInfo(byte[] renegotiatedConnection) {
    /** The extension data of an initial handshake: an empty renegotiated_connection. */
    public static final RenegotiationInfo INITIAL = new RenegotiationInfo(new byte[0]);

    public RenegotiationInfo {
        Fields.bytes(renegotiatedConnection, 0, 0xFF, "renegotiated_connection");
        renegotiatedConnection = renegotiatedConnection.clone();
    }

    @Override
    public byte[] renegotiatedConnection() {
        return renegotiatedConnection.clone();
    }

    /** True in an initial handshake (RFC 5746 3.4, 3.6). */
    public boolean isInitial() {
        return renegotiatedConnection.length == 0;
    }

    public static RenegotiationInfo decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        byte[] connection = r.vector8("renegotiated_connection");
        r.ensureEmpty("renegotiation_info extension");
        return new RenegotiationInfo(connection);
    }

    public byte[] encode() {
        return new TlsWriter(1 + renegotiatedConnection.length).vector8(renegotiatedConnection).toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.RENEGOTIATION_INFO, encode());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenegotiationInfo r && Arrays.equals(r.renegotiatedConnection,
                renegotiatedConnection);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(renegotiatedConnection);
    }

    @Override
    public String toString() {
        return "RenegotiationInfo[" + Fields.hex(renegotiatedConnection) + "]";
    }
}
