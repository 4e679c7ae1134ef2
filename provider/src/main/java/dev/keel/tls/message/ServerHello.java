package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * ServerHello, RFC 8446 section 4.1.3, which is also the wire form of HelloRetryRequest (recognised by
 * its special {@link #random}):
 * <pre>
 * struct {
 *     ProtocolVersion legacy_version = 0x0303;
 *     Random random;                                   // 32 bytes
 *     opaque legacy_session_id_echo&lt;0..32&gt;;
 *     CipherSuite cipher_suite;
 *     uint8 legacy_compression_method = 0;
 *     Extension extensions&lt;6..2^16-1&gt;;
 * } ServerHello;
 * </pre>
 * A TLS 1.2 server may leave the extensions out (RFC 5246 7.4.1.3); that decodes as
 * {@link Extensions#empty()}, and an empty list is encoded by leaving it out. Whether the version,
 * suite, compression method and session id echo are acceptable is the handshake's check.
 */
public record ServerHello(int legacyVersion, byte[] random, byte[] legacySessionIdEcho, int cipherSuite,
                          int legacyCompressionMethod, Extensions extensions) implements HandshakeMessage {
    // The three constants below are shared arrays: read them, never write into them.

    /** RFC 8446 4.1.3: a HelloRetryRequest carries SHA-256("HelloRetryRequest") as its random. */
    public static final byte[] HELLO_RETRY_REQUEST_RANDOM = HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    /** RFC 8446 4.1.3: last 8 bytes of a TLS 1.3 server's random when it negotiates TLS 1.2. */
    public static final byte[] DOWNGRADE_TLS12 = HexFormat.of().parseHex("444f574e47524401");

    /** RFC 8446 4.1.3: last 8 bytes of a TLS 1.3 server's random when it negotiates TLS 1.1 or below. */
    public static final byte[] DOWNGRADE_TLS11 = HexFormat.of().parseHex("444f574e47524400");

    public ServerHello {
        Fields.u16(legacyVersion, "legacy_version");
        Fields.bytes(random, ClientHello.RANDOM_LENGTH, ClientHello.RANDOM_LENGTH, "random");
        Fields.bytes(legacySessionIdEcho, 0, 32, "legacy_session_id_echo");
        Fields.u16(cipherSuite, "cipher_suite");
        Fields.u8(legacyCompressionMethod, "legacy_compression_method");
        Objects.requireNonNull(extensions, "extensions");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_HELLO;
    }

    public static ServerHello decode(TlsReader body) throws TlsAlertException {
        int legacyVersion = body.u16("ServerHello legacy_version");
        byte[] random = body.bytes(ClientHello.RANDOM_LENGTH, "ServerHello random");
        byte[] sessionIdEcho = body.vector8("ServerHello legacy_session_id_echo", 0, 32);
        int cipherSuite = body.u16("ServerHello cipher_suite");
        int compression = body.u8("ServerHello legacy_compression_method");
        Extensions extensions = body.hasRemaining() ? Extensions.decode(body) : Extensions.empty();
        body.ensureEmpty("ServerHello");
        return new ServerHello(legacyVersion, random, sessionIdEcho, cipherSuite, compression, extensions);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u16(legacyVersion).bytes(random).vector8(legacySessionIdEcho).u16(cipherSuite).u8(legacyCompressionMethod);
        if (!extensions.isEmpty()) {
            extensions.encode(w);
        }
    }

    /** True when this is a HelloRetryRequest (RFC 8446 4.1.3, 4.1.4). */
    public boolean isHelloRetryRequest() {
        return Arrays.equals(random, HELLO_RETRY_REQUEST_RANDOM);
    }

    /** True when the random ends with this downgrade sentinel ({@link #DOWNGRADE_TLS12} or {@link #DOWNGRADE_TLS11}). */
    public boolean randomEndsWith(byte[] sentinel) {
        return Arrays.equals(random, random.length - sentinel.length, random.length, sentinel, 0, sentinel.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerHello s && s.legacyVersion == legacyVersion && Arrays.equals(s.random, random)
                && Arrays.equals(s.legacySessionIdEcho, legacySessionIdEcho) && s.cipherSuite == cipherSuite
                && s.legacyCompressionMethod == legacyCompressionMethod && s.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(random) * 31 + extensions.hashCode();
    }

    @Override
    public String toString() {
        return (isHelloRetryRequest() ? "HelloRetryRequest" : "ServerHello")
                + "[legacy_version=0x" + Integer.toHexString(legacyVersion)
                + ", random=" + Fields.hex(random)
                + ", legacy_session_id_echo=" + Fields.hex(legacySessionIdEcho)
                + ", cipher_suite=0x" + Integer.toHexString(cipherSuite)
                + ", legacy_compression_method=" + legacyCompressionMethod
                + ", extensions=" + extensions + "]";
    }
}
