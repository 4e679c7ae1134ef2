package dev.keel.tls.jsse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * The key and trust managers of a context nobody initialised: {@code SSLContext.getDefault()} and a
 * Keel context used before {@code init}. Built the way the JSSE Reference Guide describes the default
 * context, from the standard system properties, so an application moved to Keel keeps its key and
 * trust stores:
 *
 * <ul>
 *   <li>trust: {@code javax.net.ssl.trustStore} (a file, or {@code NONE} for a store that is not a
 *       file, such as a PKCS#11 token), {@code javax.net.ssl.trustStoreType} (default
 *       {@link KeyStore#getDefaultType()}), {@code javax.net.ssl.trustStoreProvider},
 *       {@code javax.net.ssl.trustStorePassword}. Without the property, or when it names a file that
 *       does not exist (as SunJSSE does), {@code ${java.home}/lib/security/jssecacerts} if present,
 *       else the JDK's {@code cacerts}. The store goes to the default {@code TrustManagerFactory}
 *       ({@code ssl.TrustManagerFactory.algorithm}, normally PKIX);
 *   <li>keys: {@code javax.net.ssl.keyStore} (a file, or {@code NONE}), {@code javax.net.ssl.keyStoreType},
 *       {@code javax.net.ssl.keyStoreProvider}, {@code javax.net.ssl.keyStorePassword}, given to the
 *       default {@code KeyManagerFactory} ({@code ssl.KeyManagerFactory.algorithm}). Without the
 *       property there is no key manager (a server then has no certificate), except that a
 *       {@code PKCS11} key store type alone means the token ({@code NONE}), as in JSSE.
 * </ul>
 *
 * <p>Key stores and factories come from the installed providers (the JDK's, normally), never from
 * Keel: Keel registers only {@code SSLContext}.
 */
final class DefaultManagers {
    static final String TRUST_STORE = "javax.net.ssl.trustStore";
    static final String TRUST_STORE_TYPE = "javax.net.ssl.trustStoreType";
    static final String TRUST_STORE_PROVIDER = "javax.net.ssl.trustStoreProvider";
    static final String TRUST_STORE_PASSWORD = "javax.net.ssl.trustStorePassword";
    static final String KEY_STORE = "javax.net.ssl.keyStore";
    static final String KEY_STORE_TYPE = "javax.net.ssl.keyStoreType";
    static final String KEY_STORE_PROVIDER = "javax.net.ssl.keyStoreProvider";
    static final String KEY_STORE_PASSWORD = "javax.net.ssl.keyStorePassword";

    /** The value of {@code javax.net.ssl.*Store} for a store that is not a file (a token). */
    private static final String NOT_A_FILE = "NONE";

    private DefaultManagers() {
    }

    /** The trust manager over the default trust store. */
    static X509TrustManager trustManager() throws KeyManagementException {
        StoreLocation where = trustStoreLocation();
        try {
            KeyStore store = where.load();
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new KeyManagementException("the default TrustManagerFactory ("
                    + TrustManagerFactory.getDefaultAlgorithm() + ") made no X509TrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw failure("trust store", where, e);
        }
    }

    /** The key manager over {@code javax.net.ssl.keyStore}, or {@code null} when none is configured. */
    static X509KeyManager keyManager() throws KeyManagementException {
        StoreLocation where = keyStoreLocation();
        if (where == null) {
            return null;
        }
        try {
            KeyStore store = where.load();
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, where.password);
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509KeyManager x) {
                    return x;
                }
            }
            throw new KeyManagementException("the default KeyManagerFactory ("
                    + KeyManagerFactory.getDefaultAlgorithm() + ") made no X509KeyManager");
        } catch (GeneralSecurityException | IOException e) {
            throw failure("key store", where, e);
        }
    }

    /** Where the trust anchors come from, following the properties and the JDK's own files. */
    static StoreLocation trustStoreLocation() {
        String type = typeOrDefault(System.getProperty(TRUST_STORE_TYPE));
        String provider = blankToNull(System.getProperty(TRUST_STORE_PROVIDER));
        char[] password = password(System.getProperty(TRUST_STORE_PASSWORD));
        String configured = blankToNull(System.getProperty(TRUST_STORE));
        if (NOT_A_FILE.equals(configured)) {
            return new StoreLocation(null, type, provider, password, TRUST_STORE + "=" + NOT_A_FILE);
        }
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return new StoreLocation(Path.of(configured), type, provider, password, TRUST_STORE + "=" + configured);
        }
        // Unset, or a file that does not exist: the JDK's own stores, as SunJSSE falls back to them.
        Path security = Path.of(System.getProperty("java.home"), "lib", "security");
        Path jssecacerts = security.resolve("jssecacerts");
        Path file = Files.isRegularFile(jssecacerts) ? jssecacerts : security.resolve("cacerts");
        return new StoreLocation(file, type, provider, password, "the JDK's " + file);
    }

    /** The key store the properties name, or {@code null} for none. */
    static StoreLocation keyStoreLocation() {
        String type = typeOrDefault(System.getProperty(KEY_STORE_TYPE));
        String provider = blankToNull(System.getProperty(KEY_STORE_PROVIDER));
        char[] password = password(System.getProperty(KEY_STORE_PASSWORD));
        String configured = blankToNull(System.getProperty(KEY_STORE));
        if (configured == null && "PKCS11".equals(type.toUpperCase(Locale.ROOT))) {
            configured = NOT_A_FILE;
        }
        if (configured == null) {
            return null;
        }
        Path file = NOT_A_FILE.equals(configured) ? null : Path.of(configured);
        return new StoreLocation(file, type, provider, password, KEY_STORE + "=" + configured);
    }

    private static String typeOrDefault(String type) {
        String t = blankToNull(type);
        return t != null ? t : KeyStore.getDefaultType();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** An unset password is {@code null} (a store read without an integrity check), as in JSSE. */
    private static char[] password(String value) {
        return value == null ? null : value.toCharArray();
    }

    private static KeyManagementException failure(String what, StoreLocation where, Exception e) {
        String reason = e instanceof NoSuchFileException ? "file not found" : String.valueOf(e.getMessage());
        return new KeyManagementException("cannot load the default " + what + " (" + where.description
                + ", type " + where.type + "): " + reason, e);
    }

    /**
     * A key store to load: a file, or {@code null} for a store that is not a file.
     *
     * @param description what a person reads in an error: the property and its value
     */
    record StoreLocation(Path file, String type, String provider, char[] password, String description) {
        KeyStore load() throws GeneralSecurityException, IOException {
            KeyStore store = provider == null ? KeyStore.getInstance(type) : KeyStore.getInstance(type, provider);
            if (file == null) {
                store.load(null, password);
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, password);
                }
            }
            return store;
        }
    }
}
