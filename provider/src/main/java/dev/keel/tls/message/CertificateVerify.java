package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Arrays;

/**
 * CertificateVerify, RFC 8446 section 4.4.3:
 * {@code struct { SignatureScheme algorithm; opaque signature<0..2^16-1>; } CertificateVerify;}.
 * Whether the scheme was offered, and the signature itself, are the handshake's checks.
 */
public record CertificateVerify(int signatureScheme, byte[] signature) implements HandshakeMessage {
    public CertificateVerify {
        Fields.u16(signatureScheme, "signature scheme");
        Fields.bytes(signature, 0, 0xFFFF, "signature");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_VERIFY;
    }

    public static CertificateVerify decode(TlsReader body) throws TlsAlertException {
        int scheme = body.u16("CertificateVerify algorithm");
        byte[] signature = body.vector16("CertificateVerify signature");
        body.ensureEmpty("CertificateVerify");
        return new CertificateVerify(scheme, signature);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u16(signatureScheme).vector16(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateVerify c && c.signatureScheme == signatureScheme
                && Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return 31 * signatureScheme + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "CertificateVerify[algorithm=0x" + Integer.toHexString(signatureScheme) + ", signature="
                + Fields.hex(signature) + "]";
    }
}
