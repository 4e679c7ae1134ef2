package dev.keel.tls.record;

import dev.keel.tls.crypto.Aead;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.TrafficKeys;
import java.nio.ByteBuffer;

/**
 * Builds records byte by byte for tests, without going through {@link RecordLayer}: headers are spelled
 * out here and protected records are sealed with the (separately vector-tested) {@link Aead} following
 * RFC 8446 5.2 and 5.3 literally.
 */
final class Records {
    private Records() {
    }

    static byte[] plaintext(int type, int version, byte[] fragment) {
        return concat(header(type, version, fragment.length), fragment);
    }

    static byte[] header(int type, int version, int length) {
        return new byte[] {(byte) type, (byte) (version >> 8), (byte) version, (byte) (length >> 8), (byte) length};
    }

    /** A TLS 1.3 record whose encrypted_record is the AEAD of {@code innerPlaintext} exactly as given. */
    static byte[] protect(CipherSuite suite, byte[] trafficSecret, long seq, int outerType, int version,
            byte[] innerPlaintext) throws Exception {
        TrafficKeys keys = TrafficKeys.derive(suite, trafficSecret);
        byte[] nonce = keys.iv().clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (seq >>> (8 * i));
        }
        byte[] header = header(outerType, version, innerPlaintext.length + 16);
        ByteBuffer dst = ByteBuffer.allocate(innerPlaintext.length + 16);
        Aead.create(suite.aead(), keys.key(), true).seal(nonce, header, 5, ByteBuffer.wrap(innerPlaintext), dst);
        return concat(header, dst.array());
    }

    /** TLSInnerPlaintext: content || type || zeros. */
    static byte[] inner(byte[] content, int type, int padding) {
        byte[] out = new byte[content.length + 1 + padding];
        System.arraycopy(content, 0, out, 0, content.length);
        out[content.length] = (byte) type;
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] remaining(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static byte[] written(ByteBuffer dst) {
        ByteBuffer d = dst.duplicate();
        d.flip();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
