package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * TLS 1.2 ServerKeyExchange for DHE suites (RFC 5246 7.4.3):
 * <pre>
 *   struct {
 *       opaque dh_p&lt;1..2^16-1&gt;;
 *       opaque dh_g&lt;1..2^16-1&gt;;
 *       opaque dh_Ys&lt;1..2^16-1&gt;;
 *   } ServerDHParams;
 *   struct {
 *       ServerDHParams params;
 *       SignatureAndHashAlgorithm algorithm;   // uint16, a SignatureScheme code
 *       opaque signature&lt;0..2^16-1&gt;;         // over client_random + server_random + params
 *   } ServerKeyExchange;
 * </pre>
 * The values are kept as on the wire (big-endian, leading zeros included). Whether the group is
 * acceptable (a known RFC 7919 group, or large enough) and Ys in range is for the handshake to check.
 */
public record ServerKeyExchangeDhe(byte[] p, byte[] g, byte[] ys, int signatureScheme, byte[] signature)
        implements HandshakeMessage {
    public ServerKeyExchangeDhe {
        checkValue(p, "dh_p");
        checkValue(g, "dh_g");
        checkValue(ys, "dh_Ys");
        ServerKeyExchangeEcdhe.checkU16(signatureScheme, "signature algorithm");
        if (signature.length > 0xFFFF) {
            throw new IllegalArgumentException("signature exceeds 65535 bytes: " + signature.length);
        }
        p = p.clone();
        g = g.clone();
        ys = ys.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] p() {
        return p.clone();
    }

    @Override
    public byte[] g() {
        return g.clone();
    }

    @Override
    public byte[] ys() {
        return ys.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_KEY_EXCHANGE;
    }

    /** The ServerDHParams bytes, exactly as on the wire (the decoding is strict, so it is canonical). */
    public byte[] signedParams() {
        return encodeParams(p, g, ys);
    }

    /** ServerDHParams for the given values: what the server signs, and sends. */
    public static byte[] encodeParams(byte[] p, byte[] g, byte[] ys) {
        TlsWriter w = new TlsWriter(6 + p.length + g.length + ys.length);
        w.vector16(p).vector16(g).vector16(ys);
        return w.toByteArray();
    }

    /**
     * The content the signature covers: {@code ClientHello.random + ServerHello.random +
     * ServerKeyExchange.params} (RFC 5246 7.4.3).
     */
    public byte[] signedContent(byte[] clientRandom, byte[] serverRandom) {
        return concat(clientRandom, serverRandom, signedParams());
    }

    public static ServerKeyExchangeDhe decode(TlsReader body) throws TlsAlertException {
        byte[] p = readValue(body, "dh_p");
        byte[] g = readValue(body, "dh_g");
        byte[] ys = readValue(body, "dh_Ys");
        int scheme = body.u16("ServerKeyExchange signature algorithm");
        byte[] signature = body.vector16("ServerKeyExchange signature");
        body.ensureEmpty("ServerKeyExchange (DHE)");
        return new ServerKeyExchangeDhe(p, g, ys, scheme, signature);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.vector16(p).vector16(g).vector16(ys);
        w.u16(signatureScheme).vector16(signature);
    }

    private static byte[] readValue(TlsReader body, String name) throws TlsAlertException {
        byte[] value = body.vector16("ServerKeyExchange " + name);
        if (value.length == 0) {
            throw TlsAlertException.decodeError(
                    "ServerKeyExchange " + name + " is empty (RFC 5246 7.4.3: <1..2^16-1>)");
        }
        return value;
    }

    private static void checkValue(byte[] value, String name) {
        if (value.length < 1 || value.length > 0xFFFF) {
            throw new IllegalArgumentException(name + " must be 1..65535 bytes, got " + value.length);
        }
    }

    static byte[] concat(byte[] clientRandom, byte[] serverRandom, byte[] params) {
        byte[] out = new byte[clientRandom.length + serverRandom.length + params.length];
        System.arraycopy(clientRandom, 0, out, 0, clientRandom.length);
        System.arraycopy(serverRandom, 0, out, clientRandom.length, serverRandom.length);
        System.arraycopy(params, 0, out, clientRandom.length + serverRandom.length, params.length);
        return out;
    }
}
