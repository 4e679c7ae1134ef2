package dev.keel.tls.conformance.subject;

import dev.keel.tls.jsse.KeelProvider;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The implementation under test, chosen by the system property {@value #PROPERTY}: {@code Keel}
 * (default; what CI runs) or {@code SunJSSE} (the JDK's provider, to validate the harness itself).
 * Subject key and trust managers are the JDK's ("PKIX"), as an application would pass them.
 */
public final class Subject {

    public static final String PROPERTY = "conformance.subject";

    private static Subject current;

    private final String name;
    private final Provider provider;
    private String unavailable; // the preflight's verdict, computed once

    private Subject(String name, Provider provider) {
        this.name = name;
        this.provider = provider;
    }

    /** The subject this JVM runs against. */
    public static synchronized Subject current() {
        if (current == null) {
            String value = System.getProperty(PROPERTY, "Keel").trim();
            switch (value.toLowerCase(Locale.ROOT)) {
                case "keel":
                    current = new Subject("Keel", new KeelProvider());
                    break;
                case "sunjsse":
                    current = new Subject("SunJSSE", Security.getProvider("SunJSSE"));
                    break;
                default:
                    throw new IllegalArgumentException("-D" + PROPERTY + "=" + value
                            + " is not a subject: use Keel (default) or SunJSSE");
            }
        }
        return current;
    }

    public String name() {
        return name;
    }

    public Provider provider() {
        return provider;
    }

    /**
     * Whether the subject's sockets read a TCP end of stream after the handshake as if close_notify had
     * arrived (SunJSSE's default) instead of reporting a possible truncation as an SSLException (Keel,
     * as its issue requires). The close checks accept either, and say which in the evidence.
     */
    public boolean readsEndOfStreamAsCloseNotify() {
        return name.equals("SunJSSE");
    }

    /**
     * Fails fast, with one clear message, when the subject cannot even make an SSLContext (Keel before
     * its engine lands): every case then fails in milliseconds instead of timing out against a peer.
     */
    public synchronized void requireAvailable() {
        if (unavailable == null) {
            try {
                SSLContext context = SSLContext.getInstance("TLS", provider);
                context.init(null, null, new SecureRandom());
                context.createSSLEngine("localhost", 443);
                unavailable = "";
            } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
                unavailable = "subject " + name + " is not usable: SSLContext.getInstance(\"TLS\", " + provider.getName()
                        + ").init/createSSLEngine failed with " + e
                        + (name.equals("Keel")
                                ? " — Keel registers no working SSLContext yet (the TLS 1.3 engine has not landed);"
                                        + " run with -D" + PROPERTY + "=SunJSSE to validate the harness"
                                : "");
            }
        }
        if (!unavailable.isEmpty()) {
            throw new AssertionError(unavailable);
        }
    }

    /** A fresh SSLContext of the subject with the given key and trust managers. */
    public SSLContext newContext(KeyManager[] keyManagers, TrustManager[] trustManagers) {
        requireAvailable();
        try {
            SSLContext context = SSLContext.getInstance("TLS", provider);
            context.init(keyManagers, trustManagers, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new AssertionError("subject " + name + ": cannot create an SSLContext: " + e, e);
        }
    }
}
