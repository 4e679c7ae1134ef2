package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a TLS 1.3 Certificate message, RFC 8446 section 4.4.2:
 * <pre>
 * struct {
 *     opaque cert_data&lt;1..2^24-1&gt;;          // DER X.509 (or a SubjectPublicKeyInfo for raw public keys)
 *     Extension extensions&lt;0..2^16-1&gt;;      // status_request, signed_certificate_timestamp
 * } CertificateEntry;
 * </pre>
 */
public record CertificateEntry(byte[] certData, Extensions extensions) {
    public CertificateEntry {
        Fields.bytes(certData, 1, 0xFFFFFF, "cert_data");
        Objects.requireNonNull(extensions, "extensions");
    }

    /** An entry without extensions. */
    public CertificateEntry(byte[] certData) {
        this(certData, Extensions.empty());
    }

    static CertificateEntry decode(TlsReader r) throws TlsAlertException {
        byte[] certData = r.vector24("CertificateEntry cert_data", 1, 0xFFFFFF);
        return new CertificateEntry(certData, Extensions.decode(r));
    }

    void encode(TlsWriter w) {
        w.vector24(certData);
        extensions.encode(w);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateEntry c && Arrays.equals(c.certData, certData) && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(certData) * 31 + extensions.hashCode();
    }

    @Override
    public String toString() {
        return "CertificateEntry[cert_data=" + Fields.hex(certData) + ", extensions=" + extensions + "]";
    }
}
