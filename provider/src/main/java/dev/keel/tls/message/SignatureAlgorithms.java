package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.List;

/**
 * The body of signature_algorithms and of signature_algorithms_cert, RFC 8446 section 4.2.3:
 * {@code struct { SignatureScheme supported_signature_algorithms<2..2^16-2>; } SignatureSchemeList;}.
 * Unknown and GREASE schemes are kept; negotiation skips them.
 */
public record SignatureAlgorithms(List<Integer> schemes) {
    public SignatureAlgorithms {
        schemes = Fields.u16List(schemes, "signature scheme");
        Fields.inRange(schemes.size(), 1, 0x7FFF, "number of signature schemes");
    }

    public static SignatureAlgorithms decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        List<Integer> schemes = r.sub16("supported_signature_algorithms", 2, 0xFFFE).u16List("signature scheme");
        r.ensureEmpty("signature_algorithms extension");
        return new SignatureAlgorithms(schemes);
    }

    public byte[] encode() {
        return new TlsWriter(2 + 2 * schemes.size()).vector16OfU16(schemes).toByteArray();
    }

    /** As signature_algorithms ({@link ExtensionType#SIGNATURE_ALGORITHMS}). */
    public Extension toExtension() {
        return toExtension(ExtensionType.SIGNATURE_ALGORITHMS);
    }

    /** As the given type: signature_algorithms or signature_algorithms_cert. */
    public Extension toExtension(int extensionType) {
        return new Extension(extensionType, encode());
    }

    @Override
    public String toString() {
        return "SignatureAlgorithms" + Fields.codes(schemes);
    }
}
