package dev.keel.tls.handshake;

import dev.keel.tls.crypto.HashAlgorithm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * An independent HKDF-Expand-Label (RFC 8446 7.1) on Bouncy Castle's lightweight HKDF, to check Keel's
 * derivations where RFC 8448 prints no value (exporters, key updates).
 */
final class Bc {
    private Bc() {
    }

    static Digest digest(HashAlgorithm h) {
        return h == HashAlgorithm.SHA256 ? new SHA256Digest() : new SHA384Digest();
    }

    static byte[] hash(HashAlgorithm h, byte[] data) {
        Digest d = digest(h);
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    static byte[] expandLabel(HashAlgorithm h, byte[] secret, String label, byte[] context, int length) {
        byte[] fullLabel = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(length >> 8);
        info.write(length & 0xFF);
        info.write(fullLabel.length);
        info.writeBytes(fullLabel);
        info.write(context.length);
        info.writeBytes(context);
        HKDFBytesGenerator g = new HKDFBytesGenerator(digest(h));
        g.init(HKDFParameters.skipExtractParameters(secret, info.toByteArray()));
        byte[] out = new byte[length];
        g.generateBytes(out, 0, length);
        return out;
    }
}
