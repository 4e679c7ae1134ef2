package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ClientHello form of pre_shared_key, RFC 8446 section 4.2.11:
 * <pre>
 * opaque PskBinderEntry&lt;32..255&gt;;
 * struct {
 *     PskIdentity identities&lt;7..2^16-1&gt;;
 *     PskBinderEntry binders&lt;33..2^16-1&gt;;
 * } OfferedPsks;
 * </pre>
 * There must be one binder per identity; a mismatch is an {@code illegal_parameter}. That the
 * extension is last in the ClientHello is checked by {@link ClientHello#decode}.
 */
public record PreSharedKeyClientHello(List<PskIdentity> identities, List<byte[]> binders) {
    public static final int MIN_BINDER_LENGTH = 32;
    public static final int MAX_BINDER_LENGTH = 255;

    public PreSharedKeyClientHello {
        identities = List.copyOf(identities);
        binders = List.copyOf(binders);
        Fields.inRange(identities.size(), 1, 0xFFFF, "number of PSK identities");
        if (binders.size() != identities.size()) {
            throw new IllegalArgumentException(
                    binders.size() + " binders for " + identities.size() + " PSK identities");
        }
        for (byte[] binder : binders) {
            Fields.bytes(binder, MIN_BINDER_LENGTH, MAX_BINDER_LENGTH, "PSK binder");
        }
    }

    public static PreSharedKeyClientHello decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        TlsReader identityList = r.sub16("pre_shared_key identities", 7, 0xFFFF);
        TlsReader binderList = r.sub16("pre_shared_key binders", 33, 0xFFFF);
        r.ensureEmpty("pre_shared_key extension");
        List<PskIdentity> identities = new ArrayList<>();
        while (identityList.hasRemaining()) {
            identities.add(PskIdentity.decode(identityList));
        }
        List<byte[]> binders = new ArrayList<>();
        while (binderList.hasRemaining()) {
            binders.add(binderList.vector8("PskBinderEntry", MIN_BINDER_LENGTH, MAX_BINDER_LENGTH));
        }
        if (binders.size() != identities.size()) {
            throw TlsAlertException.illegalParameter("pre_shared_key has " + identities.size()
                    + " identities but " + binders.size() + " binders (RFC 8446 4.2.11)");
        }
        return new PreSharedKeyClientHello(identities, binders);
    }

    public byte[] encode() {
        TlsWriter w = new TlsWriter();
        int mark = w.startVector16();
        for (PskIdentity identity : identities) {
            identity.encode(w);
        }
        w.endVector16(mark);
        mark = w.startVector16();
        for (byte[] binder : binders) {
            w.vector8(binder);
        }
        w.endVector16(mark);
        return w.toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.PRE_SHARED_KEY, encode());
    }

    /**
     * Bytes of the encoded binders vector including its 2-byte length: what RFC 8446 4.2.11.2 cuts off
     * the ClientHello to get the input of the binder hash.
     */
    public int bindersEncodedLength() {
        int n = 2;
        for (byte[] binder : binders) {
            n += 1 + binder.length;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreSharedKeyClientHello p && p.identities.equals(identities)
                && Fields.equal(p.binders, binders);
    }

    @Override
    public int hashCode() {
        return identities.hashCode() * 31 + Fields.hash(binders);
    }

    @Override
    public String toString() {
        return "PreSharedKeyClientHello[identities=" + identities + ", binders=" + Fields.hex(binders) + "]";
    }
}
