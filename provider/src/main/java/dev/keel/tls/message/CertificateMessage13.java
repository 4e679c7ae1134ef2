package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The TLS 1.3 Certificate message, RFC 8446 section 4.4.2 (TLS 1.2's has a different shape):
 * <pre>
 * struct {
 *     opaque certificate_request_context&lt;0..2^8-1&gt;;
 *     CertificateEntry certificate_list&lt;0..2^24-1&gt;;
 * } Certificate;
 * </pre>
 * An empty list is valid on the wire (a client without a certificate); whether it is acceptable is
 * the handshake's decision.
 */
public record CertificateMessage13(byte[] requestContext, List<CertificateEntry> entries) implements HandshakeMessage {
    public CertificateMessage13 {
        Fields.bytes(requestContext, 0, 0xFF, "certificate_request_context");
        entries = List.copyOf(entries);
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE;
    }

    public static CertificateMessage13 decode(TlsReader body) throws TlsAlertException {
        byte[] context = body.vector8("Certificate certificate_request_context");
        TlsReader list = body.sub24("Certificate certificate_list");
        List<CertificateEntry> entries = new ArrayList<>();
        while (list.hasRemaining()) {
            entries.add(CertificateEntry.decode(list));
        }
        body.ensureEmpty("Certificate");
        return new CertificateMessage13(context, entries);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.vector8(requestContext);
        int mark = w.startVector24();
        for (int i = 0, n = entries.size(); i < n; i++) {
            entries.get(i).encode(w);
        }
        w.endVector24(mark);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateMessage13 c && Arrays.equals(c.requestContext, requestContext)
                && c.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(requestContext) * 31 + entries.hashCode();
    }

    @Override
    public String toString() {
        return "Certificate[certificate_request_context=" + Fields.hex(requestContext) + ", certificate_list="
                + entries + "]";
    }
}
