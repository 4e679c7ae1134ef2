package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Arrays;

/**
 * Finished, RFC 8446 section 4.4.4: {@code struct { opaque verify_data[Hash.length]; } Finished;}.
 * The length is fixed by the negotiated hash and not written on the wire, so {@link #decode} needs it.
 * (TLS 1.2's verify_data has the same shape with a 12-byte length, RFC 5246 7.4.9.)
 */
public record Finished(byte[] verifyData) implements HandshakeMessage {
    public Finished {
        Fields.bytes(verifyData, 1, 0xFFFFFF, "verify_data");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.FINISHED;
    }

    /** A body of any length other than {@code hashLength} is a decode_error. */
    public static Finished decode(TlsReader body, int hashLength) throws TlsAlertException {
        if (body.remaining() != hashLength) {
            throw TlsAlertException.decodeError("Finished verify_data is " + body.remaining()
                    + " bytes but the negotiated hash needs " + hashLength);
        }
        return new Finished(body.bytes(hashLength, "Finished verify_data"));
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.bytes(verifyData);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finished f && Arrays.equals(f.verifyData, verifyData);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(verifyData);
    }

    @Override
    public String toString() {
        return "Finished[verify_data=" + Fields.hex(verifyData) + "]";
    }
}
