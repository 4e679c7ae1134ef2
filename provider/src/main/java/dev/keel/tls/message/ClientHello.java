package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * ClientHello, RFC 8446 section 4.1.2 (the same wire shape as RFC 5246 7.4.1.2):
 * <pre>
 * struct {
 *     ProtocolVersion legacy_version = 0x0303;
 *     Random random;                                   // 32 bytes
 *     opaque legacy_session_id&lt;0..32&gt;;
 *     CipherSuite cipher_suites&lt;2..2^16-2&gt;;
 *     opaque legacy_compression_methods&lt;1..2^8-1&gt;;
 *     Extension extensions&lt;8..2^16-1&gt;;
 * } ClientHello;
 * </pre>
 * A TLS 1.2 client may leave the extensions out entirely (RFC 5246 7.4.1.2); that decodes as
 * {@link Extensions#empty()}, and an empty extension list is encoded by leaving it out. Version,
 * suite and compression values are not judged here; that is negotiation.
 */
public record ClientHello(int legacyVersion, byte[] random, byte[] legacySessionId, List<Integer> cipherSuites,
                          byte[] legacyCompressionMethods, Extensions extensions) implements HandshakeMessage {
    public static final int RANDOM_LENGTH = 32;

    public ClientHello {
        Fields.u16(legacyVersion, "legacy_version");
        Fields.bytes(random, RANDOM_LENGTH, RANDOM_LENGTH, "random");
        Fields.bytes(legacySessionId, 0, 32, "legacy_session_id");
        cipherSuites = Fields.u16List(cipherSuites, "cipher suite");
        Fields.inRange(cipherSuites.size(), 1, 0x7FFF, "number of cipher suites");
        Fields.bytes(legacyCompressionMethods, 1, 0xFF, "legacy_compression_methods");
        Objects.requireNonNull(extensions, "extensions");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_HELLO;
    }

    public static ClientHello decode(TlsReader body) throws TlsAlertException {
        int legacyVersion = body.u16("ClientHello legacy_version");
        byte[] random = body.bytes(RANDOM_LENGTH, "ClientHello random");
        byte[] sessionId = body.vector8("ClientHello legacy_session_id", 0, 32);
        List<Integer> suites = body.sub16("ClientHello cipher_suites", 2, 0xFFFE).u16List("cipher suite");
        byte[] compression = body.vector8("ClientHello legacy_compression_methods", 1, 0xFF);
        Extensions extensions = body.hasRemaining() ? Extensions.decode(body) : Extensions.empty();
        body.ensureEmpty("ClientHello");
        checkPreSharedKeyIsLast(extensions);
        return new ClientHello(legacyVersion, random, sessionId, suites, compression, extensions);
    }

    /** RFC 8446 4.2.11: pre_shared_key "MUST be the last extension in the ClientHello". */
    private static void checkPreSharedKeyIsLast(Extensions extensions) throws TlsAlertException {
        if (extensions.contains(ExtensionType.PRE_SHARED_KEY)
                && extensions.last().type() != ExtensionType.PRE_SHARED_KEY) {
            throw TlsAlertException.illegalParameter(
                    "ClientHello pre_shared_key is not the last extension (RFC 8446 4.2.11)");
        }
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u16(legacyVersion).bytes(random).vector8(legacySessionId);
        w.vector16OfU16(cipherSuites).vector8(legacyCompressionMethods);
        if (!extensions.isEmpty()) {
            extensions.encode(w);
        }
    }

    /**
     * The encoding (with the 4-byte handshake header) up to but excluding the PSK binders list: the
     * input of the binder's transcript hash, RFC 8446 4.2.11.2. The length fields keep the values of
     * the complete message, as the RFC requires. A server checking binders can equally cut
     * {@code bindersEncodedLength()} bytes off the received wire bytes; both agree because decoding
     * and encoding are byte-exact.
     *
     * @throws IllegalStateException when the last extension is not pre_shared_key
     */
    public byte[] encodeTruncatedForBinders() {
        byte[] full = encode();
        return Arrays.copyOf(full, full.length - preSharedKey().bindersEncodedLength());
    }

    /**
     * A copy whose pre_shared_key carries these binders: a client encodes the ClientHello with
     * placeholder binders of the right lengths, hashes {@link #encodeTruncatedForBinders()}, then puts
     * the real binders in with this method (the truncated prefix does not change).
     */
    public ClientHello withPskBinders(List<byte[]> binders) {
        PreSharedKeyClientHello psk = new PreSharedKeyClientHello(preSharedKey().identities(), binders);
        return new ClientHello(legacyVersion, random, legacySessionId, cipherSuites, legacyCompressionMethods,
                extensions.with(psk.toExtension()));
    }

    private PreSharedKeyClientHello preSharedKey() {
        Extension last = extensions.last();
        if (last == null || last.type() != ExtensionType.PRE_SHARED_KEY) {
            throw new IllegalStateException("the ClientHello does not end with a pre_shared_key extension");
        }
        try {
            return PreSharedKeyClientHello.decode(last.data());
        } catch (TlsAlertException e) {
            throw new IllegalStateException("the ClientHello's own pre_shared_key extension is malformed", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientHello c && c.legacyVersion == legacyVersion && Arrays.equals(c.random, random)
                && Arrays.equals(c.legacySessionId, legacySessionId) && c.cipherSuites.equals(cipherSuites)
                && Arrays.equals(c.legacyCompressionMethods, legacyCompressionMethods)
                && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(random) * 31 + extensions.hashCode();
    }

    @Override
    public String toString() {
        return "ClientHello[legacy_version=0x" + Integer.toHexString(legacyVersion)
                + ", random=" + Fields.hex(random)
                + ", legacy_session_id=" + Fields.hex(legacySessionId)
                + ", cipher_suites=" + Fields.codes(cipherSuites)
                + ", legacy_compression_methods=" + Fields.hex(legacyCompressionMethods)
                + ", extensions=" + extensions + "]";
    }
}
