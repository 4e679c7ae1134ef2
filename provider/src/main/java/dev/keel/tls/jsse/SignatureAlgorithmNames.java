package dev.keel.tls.jsse;

import dev.keel.tls.crypto.SignatureScheme;
import java.util.Arrays;
import java.util.List;

/**
 * JCA standard signature algorithm names for TLS signature schemes, as
 * {@code ExtendedSSLSession.get*SupportedSignatureAlgorithms()} reports them. Trust and key managers
 * (SunJSSE's PKIX ones among them) check a certificate's signature algorithm ("SHA256withRSA",
 * "SHA384withECDSA", "RSASSA-PSS", "Ed25519") against these names, so they must be the JCA names of
 * the Java Security Standard Algorithm Names document, not the TLS ones.
 */
final class SignatureAlgorithmNames {
    private SignatureAlgorithmNames() {
    }

    /** The names of {@code schemes}, in order, each once. */
    static String[] jcaNames(List<SignatureScheme> schemes) {
        // The JDK trust manager asks for these on every handshake: a plain array scan, no set.
        String[] names = new String[schemes.size()];
        int n = 0;
        for (int i = 0; i < names.length; i++) {
            String name = schemes.get(i).jcaName();
            if (!contains(names, n, name)) {
                names[n++] = name;
            }
        }
        return n == names.length ? names : Arrays.copyOf(names, n);
    }

    private static boolean contains(String[] names, int count, String name) {
        for (int i = 0; i < count; i++) {
            if (names[i].equals(name)) {
                return true;
            }
        }
        return false;
    }
}
