package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS 1.2 Certificate (RFC 5246 7.4.2): a chain of DER certificates, sender's first, without the
 * per-entry extensions of TLS 1.3.
 * <pre>
 *   opaque ASN.1Cert&lt;1..2^24-1&gt;;
 *   struct { ASN.1Cert certificate_list&lt;0..2^24-1&gt;; } Certificate;
 * </pre>
 * An empty list is legal on the wire: a client without a suitable certificate sends one (RFC 5246
 * 7.4.6); whether it is acceptable is the handshake's decision. The DER itself is not parsed here.
 */
public record CertificateMessage12(List<byte[]> certificates) implements HandshakeMessage {
    public CertificateMessage12 {
        List<byte[]> copy = new ArrayList<>(certificates.size());
        for (byte[] cert : certificates) {
            if (cert.length < 1 || cert.length > 0xFFFFFF) {
                throw new IllegalArgumentException("a certificate must be 1..2^24-1 bytes, got " + cert.length);
            }
            copy.add(cert.clone());
        }
        certificates = List.copyOf(copy);
    }

    /** The DER certificates, sender's first; each array is a fresh copy. */
    @Override
    public List<byte[]> certificates() {
        List<byte[]> out = new ArrayList<>(certificates.size());
        for (byte[] cert : certificates) {
            out.add(cert.clone());
        }
        return out;
    }

    /** True for the empty chain a client sends when it has no certificate (RFC 5246 7.4.6). */
    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE;
    }

    public static CertificateMessage12 decode(TlsReader body) throws TlsAlertException {
        TlsReader list = body.sub24("Certificate certificate_list");
        body.ensureEmpty("Certificate (TLS 1.2)");
        List<byte[]> certificates = new ArrayList<>();
        while (list.hasRemaining()) {
            byte[] cert = list.vector24("Certificate ASN.1Cert");
            if (cert.length == 0) {
                throw TlsAlertException.decodeError("Certificate entry " + certificates.size()
                        + " is empty (RFC 5246 7.4.2: ASN.1Cert<1..2^24-1>)");
            }
            certificates.add(cert);
        }
        return new CertificateMessage12(certificates);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        int list = w.startVector24();
        for (byte[] cert : certificates) {
            w.vector24(cert);
        }
        w.endVector24(list);
    }
}
