package dev.keel.tls.jsse;

import java.security.Provider;

/**
 * The Keel security provider. Registers Keel's {@code SSLContext} implementations so that existing
 * JSSE code uses Keel when the provider is installed (first in {@code java.security}, or asked for by
 * name "Keel").
 */
public final class KeelProvider extends Provider {
    private static final long serialVersionUID = 1L;

    /** The provider name: {@code SSLContext.getInstance("TLSv1.3", "Keel")}. */
    public static final String NAME = "Keel";

    public KeelProvider() {
        super(NAME, "0.1", "Keel pure-Java TLS 1.3 / TLS 1.2 provider");
    }
}
