package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.List;

/**
 * The body of psk_key_exchange_modes, RFC 8446 section 4.2.9:
 * {@code enum { psk_ke(0), psk_dhe_ke(1), (255) } PskKeyExchangeMode;}
 * {@code struct { PskKeyExchangeMode ke_modes<1..255>; } PskKeyExchangeModes;}. Unknown modes are kept.
 */
public record PskKeyExchangeModes(List<Integer> modes) {
    public static final int PSK_KE = 0;
    public static final int PSK_DHE_KE = 1;

    public PskKeyExchangeModes {
        modes = Fields.u8List(modes, "PSK key exchange mode");
        Fields.inRange(modes.size(), 1, 0xFF, "number of modes");
    }

    public static PskKeyExchangeModes decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        List<Integer> modes = r.sub8("ke_modes", 1, 0xFF).u8List("PSK key exchange mode");
        r.ensureEmpty("psk_key_exchange_modes extension");
        return new PskKeyExchangeModes(modes);
    }

    public byte[] encode() {
        return new TlsWriter(1 + modes.size()).vector8OfU8(modes).toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.PSK_KEY_EXCHANGE_MODES, encode());
    }

    public boolean contains(int mode) {
        return modes.contains(mode);
    }
}
