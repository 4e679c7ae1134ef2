package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered extension list of a handshake message, {@code Extension extensions<0..2^16-1>}
 * (RFC 8446 section 4.2). Order is kept because it matters on the wire (pre_shared_key must be last)
 * and for byte-exact re-encoding.
 *
 * <p>Decoding rejects a second extension of the same type with {@code illegal_parameter} (RFC 8446
 * 4.2: "There MUST NOT be more than one extension of the same type in a given extension block").
 * Which extensions are allowed in which message is the handshake's decision; {@link #typesOutside}
 * helps it.
 */
public final class Extensions {
    private static final Extensions EMPTY = new Extensions(List.of());
    /** Up to this many extensions, duplicates are found by a scan rather than a hash set. */
    private static final int SCAN_LIMIT = 32;

    private final List<Extension> list;

    private Extensions(List<Extension> list) {
        this.list = list;
    }

    public static Extensions empty() {
        return EMPTY;
    }

    /** An extension block built by our own code; a duplicate type is a programming error. */
    public static Extensions of(List<Extension> list) {
        List<Extension> copy = List.copyOf(list);
        for (int i = 1, n = copy.size(); i < n; i++) {
            if (indexOf(copy, copy.get(i).type(), i) >= 0) {
                throw new IllegalArgumentException("duplicate extension " + ExtensionType.nameOf(copy.get(i).type()));
            }
        }
        return new Extensions(copy);
    }

    /** Reads the u16-length extension vector and every extension in it. */
    public static Extensions decode(TlsReader r) throws TlsAlertException {
        TlsReader block = r.sub16("extensions");
        if (!block.hasRemaining()) {
            return EMPTY;
        }
        List<Extension> list = new ArrayList<>();
        // Duplicates are found by scanning the few extensions read so far; a hostile block may hold
        // ~16000 empty extensions, so past SCAN_LIMIT a hash set keeps the check linear.
        Set<Integer> seen = null;
        while (block.hasRemaining()) {
            int type = block.u16("extension type");
            // The reason of a short read names the extension; that text is built only when it is short.
            byte[] data = block.vector16(block.hasVector16() ? "extension_data"
                    : "extension_data of " + ExtensionType.nameOf(type));
            if (seen == null && list.size() == SCAN_LIMIT) {
                seen = new HashSet<>();
                for (Extension e : list) {
                    seen.add(e.type());
                }
            }
            boolean duplicate = seen != null ? !seen.add(type) : indexOf(list, type, list.size()) >= 0;
            if (duplicate) {
                throw TlsAlertException.illegalParameter(
                        "extension " + ExtensionType.nameOf(type) + " appears more than once (RFC 8446 4.2)");
            }
            list.add(new Extension(type, data));
        }
        return new Extensions(Collections.unmodifiableList(list));
    }

    /** The index of the first of {@code list[0..end)} of this type, or -1. */
    private static int indexOf(List<Extension> list, int type, int end) {
        for (int i = 0; i < end; i++) {
            if (list.get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }

    /** Writes the u16-length extension vector. */
    public void encode(TlsWriter w) {
        int mark = w.startVector16();
        for (int i = 0, n = list.size(); i < n; i++) {
            list.get(i).encode(w);
        }
        w.endVector16(mark);
    }

    /** The data of the extension of this type, or {@code null} when absent. */
    public byte[] find(int type) {
        // Indexed rather than for-each: this runs a dozen times per handshake, and the list's
        // iterator is an allocation each time.
        for (int i = 0, n = list.size(); i < n; i++) {
            Extension e = list.get(i);
            if (e.type() == type) {
                return e.data();
            }
        }
        return null;
    }

    public boolean contains(int type) {
        return find(type) != null;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public int size() {
        return list.size();
    }

    /** The extensions in wire order (unmodifiable). */
    public List<Extension> list() {
        return list;
    }

    /** The extension types in wire order. */
    public List<Integer> types() {
        List<Integer> types = new ArrayList<>(list.size());
        for (int i = 0, n = list.size(); i < n; i++) {
            types.add(list.get(i).type());
        }
        return List.copyOf(types);
    }

    /**
     * The extension types not in {@code allowed}, in wire order, for the handshake's
     * "unsupported_extension" / "illegal_parameter" checks (RFC 8446 4.2). GREASE types (RFC 8701) are
     * never reported: they exist to be ignored.
     */
    public List<Integer> typesOutside(Set<Integer> allowed) {
        List<Integer> outside = null;
        for (int i = 0, n = list.size(); i < n; i++) {
            int type = list.get(i).type();
            if (!allowed.contains(type) && !ExtensionType.isGrease(type)) {
                if (outside == null) {
                    outside = new ArrayList<>();
                }
                outside.add(type);
            }
        }
        return outside == null ? List.of() : List.copyOf(outside);
    }

    /** The last extension, or {@code null} when empty (pre_shared_key must be last, RFC 8446 4.2.11). */
    public Extension last() {
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }

    /** A copy with the extension of the same type replaced in place, or appended when absent. */
    public Extensions with(Extension replacement) {
        List<Extension> copy = new ArrayList<>(list);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).type() == replacement.type()) {
                copy.set(i, replacement);
                return new Extensions(List.copyOf(copy));
            }
        }
        copy.add(replacement);
        return new Extensions(List.copyOf(copy));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Extensions e && e.list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
