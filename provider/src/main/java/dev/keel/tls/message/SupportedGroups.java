package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.List;

/**
 * The body of supported_groups, RFC 8446 section 4.2.7:
 * {@code struct { NamedGroup named_group_list<2..2^16-1>; } NamedGroupList;}.
 * Unknown and GREASE groups are kept; negotiation skips them.
 */
public record SupportedGroups(List<Integer> groups) {
    public SupportedGroups {
        groups = Fields.u16List(groups, "named group");
        Fields.inRange(groups.size(), 1, 0x7FFF, "number of groups");
    }

    public static SupportedGroups decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        List<Integer> groups = r.sub16("named_group_list", 2, 0xFFFF).u16List("named group");
        r.ensureEmpty("supported_groups extension");
        return new SupportedGroups(groups);
    }

    public byte[] encode() {
        return new TlsWriter(2 + 2 * groups.size()).vector16OfU16(groups).toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.SUPPORTED_GROUPS, encode());
    }

    @Override
    public String toString() {
        return "SupportedGroups" + Fields.codes(groups);
    }
}
