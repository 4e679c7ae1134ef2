package dev.keel.tls.jsse;

import dev.keel.tls.message.ProtocolVersion;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Keel security provider. Registers Keel's {@code SSLContext} implementations so that existing
 * JSSE code uses Keel when the provider is installed (first in {@code java.security}, or asked for by
 * name "Keel").
 *
 * <p>Services are registered as {@link Provider.Service} objects whose {@code newInstance} constructs
 * the SPI directly: no reflection, so it works from any class loader and at any provider position.
 */
public final class KeelProvider extends Provider {
    private static final long serialVersionUID = 1L;

    /** The provider name: {@code SSLContext.getInstance("TLSv1.3", "Keel")}. */
    public static final String NAME = "Keel";

    public KeelProvider() {
        super(NAME, "0.1", "Keel pure-Java TLS 1.3 / TLS 1.2 provider");
        // One line per SSLContext algorithm. "TLS" enables every version Keel supports (and honours
        // jdk.tls.client.protocols); "TLSv1.x" enables that version and the supported ones below it.
        registerSslContext("TLS", List.of("SSL"),
                () -> new KeelSSLContextSpi(ProtocolVersion.TLS13, true));
        registerSslContext("TLSv1.3", List.of(),
                () -> new KeelSSLContextSpi(ProtocolVersion.TLS13, false));
        registerSslContext("TLSv1.2", List.of(),
                () -> new KeelSSLContextSpi(ProtocolVersion.TLS12, false));
    }

    private void registerSslContext(String algorithm, List<String> aliases, Supplier<KeelSSLContextSpi> factory) {
        putService(new SpiService(this, "SSLContext", algorithm, aliases, factory));
    }

    /** A service that builds its SPI with a constructor call rather than by class name. */
    private static final class SpiService extends Provider.Service {
        private final transient Supplier<KeelSSLContextSpi> factory;

        SpiService(Provider provider, String type, String algorithm, List<String> aliases,
                Supplier<KeelSSLContextSpi> factory) {
            super(provider, type, algorithm, KeelSSLContextSpi.class.getName(), aliases, Map.of());
            this.factory = factory;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            if (constructorParameter != null) {
                throw new java.security.InvalidParameterException(
                        "SSLContext takes no constructor parameter, got " + constructorParameter.getClass().getName());
            }
            return factory.get();
        }
    }
}
