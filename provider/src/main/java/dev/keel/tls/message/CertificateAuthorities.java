package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of certificate_authorities, RFC 8446 section 4.2.4:
 * <pre>
 * opaque DistinguishedName&lt;1..2^16-1&gt;;
 * struct { DistinguishedName authorities&lt;3..2^16-1&gt;; } CertificateAuthoritiesExtension;
 * </pre>
 * Each name is kept as its DER bytes (an X.500 Name); parsing them is the certificate layer's job.
 */
public record CertificateAuthorities(List<byte[]> distinguishedNames) {
    public CertificateAuthorities {
        distinguishedNames = List.copyOf(distinguishedNames);
        Fields.inRange(distinguishedNames.size(), 1, 0xFFFF, "number of distinguished names");
        for (byte[] name : distinguishedNames) {
            Fields.bytes(name, 1, 0xFFFF, "DistinguishedName");
        }
    }

    public static CertificateAuthorities decode(byte[] data) throws TlsAlertException {
        TlsReader r = new TlsReader(data);
        TlsReader list = r.sub16("certificate_authorities authorities", 3, 0xFFFF);
        r.ensureEmpty("certificate_authorities extension");
        List<byte[]> names = new ArrayList<>();
        while (list.hasRemaining()) {
            names.add(list.vector16("DistinguishedName", 1, 0xFFFF));
        }
        return new CertificateAuthorities(names);
    }

    public byte[] encode() {
        TlsWriter w = new TlsWriter();
        int mark = w.startVector16();
        for (byte[] name : distinguishedNames) {
            w.vector16(name);
        }
        w.endVector16(mark);
        return w.toByteArray();
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.CERTIFICATE_AUTHORITIES, encode());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateAuthorities c && Fields.equal(c.distinguishedNames, distinguishedNames);
    }

    @Override
    public int hashCode() {
        return Fields.hash(distinguishedNames);
    }

    @Override
    public String toString() {
        return "CertificateAuthorities" + Fields.hex(distinguishedNames);
    }
}
