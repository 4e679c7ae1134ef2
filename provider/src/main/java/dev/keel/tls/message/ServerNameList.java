package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of the client's server_name extension, RFC 6066 section 3:
 * <pre>
 * struct {
 *     NameType name_type;                       // host_name(0)
 *     select (name_type) { case host_name: HostName; } name;
 * } ServerName;
 * opaque HostName&lt;1..2^16-1&gt;;
 * struct { ServerName server_name_list&lt;1..2^16-1&gt; } ServerNameList;
 * </pre>
 * Names of other types are read with the same {@code <1..2^16-1>} shape (the only one ever deployed)
 * and kept. "The ServerNameList MUST NOT contain more than one name of the same name_type": a repeat
 * is an {@code illegal_parameter}. The server's acknowledgement is an empty extension body, not a
 * ServerNameList. Whether a host name is a valid DNS name is the server's SNI check.
 */
public record ServerNameList(List<ServerName> names) {
    public ServerNameList {
        names = List.copyOf(names);
        Fields.inRange(names.size(), 1, 0xFFFF, "number of server names");
    }

    /** A list holding one host_name. */
    public static ServerNameList ofHostName(String asciiHostName) {
        return new ServerNameList(List.of(ServerName.hostName(asciiHostName)));
    }

    public static ServerNameList decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        TlsReader list = r.sub16("server_name_list", 1, 0xFFFF);
        r.ensureEmpty("server_name extension");
        List<ServerName> names = new ArrayList<>();
        Set<Integer> types = new HashSet<>();
        while (list.hasRemaining()) {
            int type = list.u8("server_name name_type");
            byte[] name = list.vector16("server_name name", 1, 0xFFFF);
            if (!types.add(type)) {
                throw TlsAlertException.illegalParameter(
                        "server_name lists more than one name of type " + type + " (RFC 6066 3)");
            }
            names.add(new ServerName(type, name));
        }
        return new ServerNameList(names);
    }

    public byte[] encode() {
        TlsWriter w = new TlsWriter();
        int mark = w.startVector16();
        for (ServerName n : names) {
            w.u8(n.type()).vector16(n.encoded());
        }
        w.endVector16(mark);
        return w.toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.SERVER_NAME, encode());
    }

    /** The host_name entry, or {@code null} when there is none. */
    public ServerName hostName() {
        for (ServerName n : names) {
            if (n.type() == ServerName.HOST_NAME) {
                return n;
            }
        }
        return null;
    }
}
