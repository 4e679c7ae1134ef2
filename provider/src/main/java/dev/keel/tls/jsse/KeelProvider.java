package dev.keel.tls.jsse;

import dev.keel.tls.message.ProtocolVersion;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;

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
        // "Default" is what SSLContext.getDefault() (HttpClient, HttpsURLConnection,
        // SSLSocketFactory.getDefault()) asks for: built from the javax.net.ssl.* properties, as in JSSE.
        registerSslContext("Default", List.of(), KeelSSLContextSpi::newDefaultContext);
        // One line per SSLContext algorithm. "TLS" enables every version Keel supports (and honours
        // jdk.tls.client.protocols); "TLSv1.x" enables that version and the supported ones below it.
        registerSslContext("TLS", List.of("SSL"),
                () -> new KeelSSLContextSpi(ProtocolVersion.TLS13, true));
        registerSslContext("TLSv1.3", List.of(),
                () -> new KeelSSLContextSpi(ProtocolVersion.TLS13, false));
        registerSslContext("TLSv1.2", List.of(),
                () -> new KeelSSLContextSpi(ProtocolVersion.TLS12, false));
    }

    private void registerSslContext(String algorithm, List<String> aliases, SpiFactory factory) {
        putService(new SpiService(this, "SSLContext", algorithm, aliases, factory));
    }

    /** Builds one SSLContext SPI; may fail (the "Default" context loads key stores). */
    @FunctionalInterface
    private interface SpiFactory {
        KeelSSLContextSpi create() throws GeneralSecurityException;
    }

    /** A service that builds its SPI with a constructor call rather than by class name. */
    private static final class SpiService extends Provider.Service {
        private final transient SpiFactory factory;

        SpiService(Provider provider, String type, String algorithm, List<String> aliases,
                SpiFactory factory) {
            super(provider, type, algorithm, KeelSSLContextSpi.class.getName(), aliases, Map.of());
            this.factory = factory;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            if (constructorParameter != null) {
                throw new java.security.InvalidParameterException(
                        "SSLContext takes no constructor parameter, got " + constructorParameter.getClass().getName());
            }
            try {
                return factory.create();
            } catch (NoSuchAlgorithmException e) {
                throw e;
            } catch (GeneralSecurityException e) {
                // The JCA reports a service that cannot be built as NoSuchAlgorithmException; the cause
                // keeps the reason (a key store that cannot be read, a wrong password).
                throw new NoSuchAlgorithmException("cannot build Keel's " + getAlgorithm() + " SSLContext: "
                        + e.getMessage(), e);
            }
        }
    }
}
