package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of application_layer_protocol_negotiation, RFC 7301 section 3.1:
 * <pre>
 * opaque ProtocolName&lt;1..2^8-1&gt;;
 * struct { ProtocolName protocol_name_list&lt;2..2^16-1&gt; } ProtocolNameList;
 * </pre>
 * Names are opaque bytes on the wire; they are held as ISO-8859-1 strings, which map each byte to one
 * char, so any name round-trips exactly (and the usual ASCII names read naturally). The server's
 * answer must hold exactly one name (RFC 7301 3.1): that is the client handshake's check.
 */
public record ApplicationLayerProtocols(List<String> protocols) {
    public ApplicationLayerProtocols {
        protocols = List.copyOf(protocols);
        Fields.inRange(protocols.size(), 1, 0x7FFF, "number of protocol names");
        for (String p : protocols) {
            Fields.inRange(p.length(), 1, 0xFF, "protocol name length");
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) > 0xFF) {
                    throw new IllegalArgumentException("protocol name has a char above 0xFF: " + p);
                }
            }
        }
    }

    public static ApplicationLayerProtocols decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        TlsReader list = r.sub16("protocol_name_list", 2, 0xFFFF);
        r.ensureEmpty("application_layer_protocol_negotiation extension");
        List<String> names = new ArrayList<>();
        while (list.hasRemaining()) {
            byte[] name = list.vector8("ProtocolName", 1, 0xFF);
            names.add(new String(name, StandardCharsets.ISO_8859_1));
        }
        return new ApplicationLayerProtocols(names);
    }

    public byte[] encode() {
        TlsWriter w = new TlsWriter();
        int mark = w.startVector16();
        for (String p : protocols) {
            w.vector8(p.getBytes(StandardCharsets.ISO_8859_1));
        }
        w.endVector16(mark);
        return w.toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION, encode());
    }
}
