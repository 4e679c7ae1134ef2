package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS 1.2 CertificateRequest (RFC 5246 7.4.4):
 * <pre>
 *   struct {
 *       ClientCertificateType certificate_types&lt;1..2^8-1&gt;;
 *       SignatureAndHashAlgorithm supported_signature_algorithms&lt;2..2^16-2&gt;;
 *       DistinguishedName certificate_authorities&lt;0..2^16-1&gt;;
 *   } CertificateRequest;
 *   opaque DistinguishedName&lt;1..2^16-1&gt;;    // DER X.501 name
 * </pre>
 * Unknown certificate types and signature algorithms are kept: the handshake ignores what it does not
 * know.
 */
public record CertificateRequest12(List<Integer> certificateTypes, List<Integer> signatureSchemes,
        List<byte[]> certificateAuthorities) implements HandshakeMessage {
    /** ClientCertificateType rsa_sign (RFC 5246 7.4.4). */
    public static final int RSA_SIGN = 1;
    /** ClientCertificateType ecdsa_sign (RFC 8422 5.5). */
    public static final int ECDSA_SIGN = 64;

    public CertificateRequest12 {
        if (certificateTypes.isEmpty() || certificateTypes.size() > 0xFF) {
            throw new IllegalArgumentException("certificate_types needs 1..255 entries, got " + certificateTypes.size());
        }
        for (int t : certificateTypes) {
            if (t < 0 || t > 0xFF) {
                throw new IllegalArgumentException("certificate type is a uint8: " + t);
            }
        }
        if (signatureSchemes.isEmpty() || signatureSchemes.size() > 0x7FFF) {
            throw new IllegalArgumentException(
                    "supported_signature_algorithms needs 1..32767 entries, got " + signatureSchemes.size());
        }
        for (int s : signatureSchemes) {
            ServerKeyExchangeEcdhe.checkU16(s, "signature algorithm");
        }
        List<byte[]> names = new ArrayList<>(certificateAuthorities.size());
        for (byte[] name : certificateAuthorities) {
            if (name.length < 1 || name.length > 0xFFFF) {
                throw new IllegalArgumentException("a DistinguishedName must be 1..65535 bytes, got " + name.length);
            }
            names.add(name.clone());
        }
        certificateTypes = List.copyOf(certificateTypes);
        signatureSchemes = List.copyOf(signatureSchemes);
        certificateAuthorities = List.copyOf(names);
    }

    /** The DER distinguished names of acceptable CAs; each array is a fresh copy. */
    @Override
    public List<byte[]> certificateAuthorities() {
        List<byte[]> out = new ArrayList<>(certificateAuthorities.size());
        for (byte[] name : certificateAuthorities) {
            out.add(name.clone());
        }
        return out;
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_REQUEST;
    }

    public static CertificateRequest12 decode(TlsReader body) throws TlsAlertException {
        TlsReader types = body.sub8("CertificateRequest certificate_types");
        if (!types.hasRemaining()) {
            throw TlsAlertException.decodeError(
                    "CertificateRequest certificate_types is empty (RFC 5246 7.4.4: <1..2^8-1>)");
        }
        List<Integer> certificateTypes = new ArrayList<>();
        while (types.hasRemaining()) {
            certificateTypes.add(types.u8("CertificateRequest certificate type"));
        }

        TlsReader algorithms = body.sub16("CertificateRequest supported_signature_algorithms");
        int algorithmsLength = algorithms.remaining();
        if (algorithmsLength == 0 || algorithmsLength % 2 != 0) {
            throw TlsAlertException.decodeError("CertificateRequest supported_signature_algorithms has "
                    + algorithmsLength + " bytes; RFC 5246 7.4.4 needs a non-zero even length");
        }
        List<Integer> signatureSchemes = new ArrayList<>(algorithmsLength / 2);
        while (algorithms.hasRemaining()) {
            signatureSchemes.add(algorithms.u16("CertificateRequest signature algorithm"));
        }

        TlsReader authorities = body.sub16("CertificateRequest certificate_authorities");
        List<byte[]> names = new ArrayList<>();
        while (authorities.hasRemaining()) {
            byte[] name = authorities.vector16("CertificateRequest DistinguishedName");
            if (name.length == 0) {
                throw TlsAlertException.decodeError("CertificateRequest DistinguishedName " + names.size()
                        + " is empty (RFC 5246 7.4.4: <1..2^16-1>)");
            }
            names.add(name);
        }
        body.ensureEmpty("CertificateRequest (TLS 1.2)");
        return new CertificateRequest12(certificateTypes, signatureSchemes, names);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        int types = w.startVector8();
        for (int t : certificateTypes) {
            w.u8(t);
        }
        w.endVector8(types);
        int algorithms = w.startVector16();
        for (int s : signatureSchemes) {
            w.u16(s);
        }
        w.endVector16(algorithms);
        int authorities = w.startVector16();
        for (byte[] name : certificateAuthorities) {
            w.vector16(name);
        }
        w.endVector16(authorities);
    }
}
