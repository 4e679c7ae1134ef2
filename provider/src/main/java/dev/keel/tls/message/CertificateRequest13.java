package dev.keel.tls.message;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The TLS 1.3 CertificateRequest, RFC 8446 section 4.3.2:
 * <pre>
 * struct {
 *     opaque certificate_request_context&lt;0..2^8-1&gt;;
 *     Extension extensions&lt;2..2^16-1&gt;;
 * } CertificateRequest;
 * </pre>
 * {@link #decode} itself enforces "The signature_algorithms extension MUST be specified" with
 * {@code missing_extension} (RFC 8446 4.2: a mandatory extension that is absent), since that is a
 * property of the message alone. Other extension checks are the handshake's.
 */
public record CertificateRequest13(byte[] requestContext, Extensions extensions) implements HandshakeMessage {
    public CertificateRequest13 {
        Fields.bytes(requestContext, 0, 0xFF, "certificate_request_context");
        Objects.requireNonNull(extensions, "extensions");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_REQUEST;
    }

    public static CertificateRequest13 decode(TlsReader body) throws TlsAlertException {
        byte[] context = body.vector8("CertificateRequest certificate_request_context");
        Extensions extensions = Extensions.decode(body);
        body.ensureEmpty("CertificateRequest");
        if (!extensions.contains(ExtensionType.SIGNATURE_ALGORITHMS)) {
            throw new TlsAlertException(AlertDescription.MISSING_EXTENSION,
                    "CertificateRequest without the signature_algorithms extension (RFC 8446 4.3.2)");
        }
        return new CertificateRequest13(context, extensions);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.vector8(requestContext);
        extensions.encode(w);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateRequest13 c && Arrays.equals(c.requestContext, requestContext)
                && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(requestContext) * 31 + extensions.hashCode();
    }

    @Override
    public String toString() {
        return "CertificateRequest[certificate_request_context=" + Fields.hex(requestContext) + ", extensions="
                + extensions + "]";
    }
}
