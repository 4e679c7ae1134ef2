package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * TLS 1.2 ServerKeyExchange for ECDHE suites (RFC 8422 5.4, with the TLS 1.2 signature of RFC 5246
 * 4.7 and 7.4.3):
 * <pre>
 *   struct {
 *       ECCurveType curve_type;            // named_curve (3); explicit curves are forbidden
 *       NamedCurve  namedcurve;            // uint16, a NamedGroup code
 *       opaque      point &lt;1..2^8-1&gt;;     // the server's ephemeral public value
 *   } ServerECDHParams;
 *   struct {
 *       ServerECDHParams params;
 *       SignatureAndHashAlgorithm algorithm;   // uint16, a SignatureScheme code
 *       opaque signature&lt;0..2^16-1&gt;;         // over client_random + server_random + params
 *   } ServerKeyExchange;
 * </pre>
 * Whether the group and scheme were offered, and whether the point and signature are valid, is for
 * the handshake to check.
 */
public record ServerKeyExchangeEcdhe(int namedCurve, byte[] publicPoint, int signatureScheme,
        byte[] signature) implements HandshakeMessage {
    /** ECCurveType.named_curve (RFC 8422 5.4); explicit_prime (1) and explicit_char2 (2) are deprecated. */
    public static final int CURVE_TYPE_NAMED_CURVE = 3;

    public ServerKeyExchangeEcdhe {
        checkU16(namedCurve, "namedcurve");
        checkU16(signatureScheme, "signature algorithm");
        if (publicPoint.length < 1 || publicPoint.length > 0xFF) {
            throw new IllegalArgumentException("ECDHE point must be 1..255 bytes, got " + publicPoint.length);
        }
        if (signature.length > 0xFFFF) {
            throw new IllegalArgumentException("signature exceeds 65535 bytes: " + signature.length);
        }
        publicPoint = publicPoint.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] publicPoint() {
        return publicPoint.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_KEY_EXCHANGE;
    }

    /** The ServerECDHParams bytes, exactly as on the wire (the decoding is strict, so it is canonical). */
    public byte[] signedParams() {
        return encodeParams(namedCurve, publicPoint);
    }

    /** ServerECDHParams for {@code namedCurve} and {@code publicPoint}: what the server signs, and sends. */
    public static byte[] encodeParams(int namedCurve, byte[] publicPoint) {
        TlsWriter w = new TlsWriter(4 + publicPoint.length);
        w.u8(CURVE_TYPE_NAMED_CURVE).u16(namedCurve).vector8(publicPoint);
        return w.toByteArray();
    }

    /**
     * The content the signature covers: {@code ClientHello.random + ServerHello.random +
     * ServerKeyExchange.params} (RFC 8422 5.4, RFC 5246 7.4.3).
     */
    public byte[] signedContent(byte[] clientRandom, byte[] serverRandom) {
        return ServerKeyExchangeDhe.concat(clientRandom, serverRandom, signedParams());
    }

    public static ServerKeyExchangeEcdhe decode(TlsReader body) throws TlsAlertException {
        int curveType = body.u8("ServerKeyExchange curve_type");
        if (curveType != CURVE_TYPE_NAMED_CURVE) {
            throw TlsAlertException.illegalParameter("ServerKeyExchange curve_type " + curveType
                    + " is not named_curve (3); RFC 8422 5.4 forbids explicit curves");
        }
        int namedCurve = body.u16("ServerKeyExchange namedcurve");
        byte[] point = body.vector8("ServerKeyExchange point");
        if (point.length == 0) {
            throw TlsAlertException.decodeError("ServerKeyExchange point is empty (RFC 8422 5.4: <1..2^8-1>)");
        }
        int scheme = body.u16("ServerKeyExchange signature algorithm");
        byte[] signature = body.vector16("ServerKeyExchange signature");
        body.ensureEmpty("ServerKeyExchange (ECDHE)");
        return new ServerKeyExchangeEcdhe(namedCurve, point, scheme, signature);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u8(CURVE_TYPE_NAMED_CURVE).u16(namedCurve).vector8(publicPoint);
        w.u16(signatureScheme).vector16(signature);
    }

    static void checkU16(int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " is a uint16: " + value);
        }
    }
}
