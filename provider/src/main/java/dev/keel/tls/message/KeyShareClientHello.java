package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ClientHello form of key_share, RFC 8446 section 4.2.8:
 * {@code struct { KeyShareEntry client_shares<0..2^16-1>; } KeyShareClientHello;}.
 * An empty list is valid (the client asks for a HelloRetryRequest). "Clients MUST NOT offer multiple
 * KeyShareEntry values for the same group": a repeat is an {@code illegal_parameter}. That each share's
 * group is also in supported_groups, in the same order, is the server handshake's check.
 */
public record KeyShareClientHello(List<KeyShareEntry> shares) {
    public KeyShareClientHello {
        shares = List.copyOf(shares);
    }

    public static KeyShareClientHello decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        TlsReader list = r.sub16("client_shares");
        r.ensureEmpty("key_share extension");
        List<KeyShareEntry> shares = new ArrayList<>();
        Set<Integer> groups = new HashSet<>();
        while (list.hasRemaining()) {
            KeyShareEntry share = KeyShareEntry.decode(list);
            if (!groups.add(share.group())) {
                throw TlsAlertException.illegalParameter("key_share offers group 0x"
                        + Integer.toHexString(share.group()) + " more than once (RFC 8446 4.2.8)");
            }
            shares.add(share);
        }
        return new KeyShareClientHello(shares);
    }

    public byte[] encode() {
        int size = 2;
        for (int i = 0, n = shares.size(); i < n; i++) {
            size += 4 + shares.get(i).keyExchange().length;
        }
        TlsWriter w = new TlsWriter(size);
        int mark = w.startVector16();
        for (KeyShareEntry share : shares) {
            share.encode(w);
        }
        w.endVector16(mark);
        return w.toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.KEY_SHARE, encode());
    }

    /** The share for this group, or {@code null}. */
    public KeyShareEntry find(int group) {
        for (KeyShareEntry share : shares) {
            if (share.group() == group) {
                return share;
            }
        }
        return null;
    }
}
