package dev.keel.tls.handshake;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Certificates decoded lately, by their exact DER, shared by all connections: a client meets the same
 * server chain again and again (a server the same client certificates), and every decode by the JDK's
 * X.509 factory first copies the DER through a growing buffer (about three times its size) before
 * finding the certificate in the factory's own cache. The answer for a DER is whatever the factory
 * made of it, so reusing it changes nothing; the cache is small and bounded (least recently used out).
 */
final class DecodedCertificates {
    private static final int CAPACITY = 32;

    private static final Map<Der, X509Certificate> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Der, X509Certificate> eldest) {
            return size() > CAPACITY;
        }
    };

    private DecodedCertificates() {
    }

    /** The certificate decoded from exactly these bytes, or {@code null}. */
    static X509Certificate get(byte[] der) {
        Der key = new Der(der, Arrays.hashCode(der));
        synchronized (CACHE) {
            return CACHE.get(key);
        }
    }

    /** Remembers a certificate the factory decoded from {@code der} (copied: the caller's array may change). */
    static void put(byte[] der, X509Certificate certificate) {
        byte[] copy = der.clone();
        Der key = new Der(copy, Arrays.hashCode(copy));
        synchronized (CACHE) {
            CACHE.put(key, certificate);
        }
    }

    /** DER bytes as a map key: equal when the bytes are. */
    private record Der(byte[] bytes, int hash) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Der d && d.hash == hash && Arrays.equals(d.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
