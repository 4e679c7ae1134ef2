package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Test dispatch: which decoder reads which message body, and which extension-body class reads which
 * extension in which message. Each returns the value's re-encoding so callers can compare bytes.
 */
final class Codecs {
    private Codecs() {
    }

    /** SHA-256: every RFC 8448 trace uses TLS_AES_128_GCM_SHA256. */
    static final int FINISHED_LENGTH = 32;

    @FunctionalInterface
    interface Decoder {
        Object decode(byte[] data) throws TlsAlertException;
    }

    /** The decoder of a handshake message body, by handshake type code. */
    static Decoder message(int type) {
        return switch (HandshakeType.fromCode(type)) {
            case CLIENT_HELLO -> b -> ClientHello.decode(new TlsReader(b));
            case SERVER_HELLO -> b -> ServerHello.decode(new TlsReader(b));
            case NEW_SESSION_TICKET -> b -> NewSessionTicket13.decode(new TlsReader(b));
            case END_OF_EARLY_DATA -> b -> EndOfEarlyData.decode(new TlsReader(b));
            case ENCRYPTED_EXTENSIONS -> b -> EncryptedExtensions.decode(new TlsReader(b));
            case CERTIFICATE -> b -> CertificateMessage13.decode(new TlsReader(b));
            case CERTIFICATE_REQUEST -> b -> CertificateRequest13.decode(new TlsReader(b));
            case CERTIFICATE_VERIFY -> b -> CertificateVerify.decode(new TlsReader(b));
            case FINISHED -> b -> Finished.decode(new TlsReader(b), FINISHED_LENGTH);
            case KEY_UPDATE -> b -> KeyUpdate.decode(new TlsReader(b));
            default -> throw new IllegalArgumentException("no decoder for type " + type);
        };
    }

    /** Where an extension block sits; it decides the shape of some extension bodies. */
    enum Context { CLIENT_HELLO, SERVER_HELLO, HELLO_RETRY_REQUEST, ENCRYPTED_EXTENSIONS, CERTIFICATE_ENTRY,
        CERTIFICATE_REQUEST, NEW_SESSION_TICKET }

    /** The extension-body decoder for a type in a context, or {@code null} when this package has none. */
    static Decoder extension(Context context, int type) {
        return switch (context) {
            case CLIENT_HELLO -> switch (type) {
                case ExtensionType.SERVER_NAME -> ServerNameList::decode;
                case ExtensionType.SUPPORTED_GROUPS -> SupportedGroups::decode;
                case ExtensionType.SIGNATURE_ALGORITHMS, ExtensionType.SIGNATURE_ALGORITHMS_CERT ->
                        SignatureAlgorithms::decode;
                case ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION -> ApplicationLayerProtocols::decode;
                case ExtensionType.SUPPORTED_VERSIONS -> SupportedVersionsClient::decode;
                case ExtensionType.KEY_SHARE -> KeyShareClientHello::decode;
                case ExtensionType.COOKIE -> Cookie::decode;
                case ExtensionType.PSK_KEY_EXCHANGE_MODES -> PskKeyExchangeModes::decode;
                case ExtensionType.PRE_SHARED_KEY -> PreSharedKeyClientHello::decode;
                case ExtensionType.EARLY_DATA -> Codecs::emptyEarlyData;
                case ExtensionType.CERTIFICATE_AUTHORITIES -> CertificateAuthorities::decode;
                case ExtensionType.RECORD_SIZE_LIMIT -> RecordSizeLimit::decode;
                default -> null;
            };
            case SERVER_HELLO -> switch (type) {
                case ExtensionType.SUPPORTED_VERSIONS -> SupportedVersionsServer::decode;
                case ExtensionType.KEY_SHARE -> KeyShareServerHello::decode;
                case ExtensionType.PRE_SHARED_KEY -> PreSharedKeyServerHello::decode;
                default -> null;
            };
            case HELLO_RETRY_REQUEST -> switch (type) {
                case ExtensionType.SUPPORTED_VERSIONS -> SupportedVersionsServer::decode;
                case ExtensionType.KEY_SHARE -> KeyShareHelloRetryRequest::decode;
                case ExtensionType.COOKIE -> Cookie::decode;
                default -> null;
            };
            case ENCRYPTED_EXTENSIONS -> switch (type) {
                case ExtensionType.SERVER_NAME, ExtensionType.EARLY_DATA -> Codecs::emptyEarlyData;
                case ExtensionType.SUPPORTED_GROUPS -> SupportedGroups::decode;
                case ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION -> ApplicationLayerProtocols::decode;
                case ExtensionType.RECORD_SIZE_LIMIT -> RecordSizeLimit::decode;
                default -> null;
            };
            case CERTIFICATE_REQUEST -> switch (type) {
                case ExtensionType.SIGNATURE_ALGORITHMS, ExtensionType.SIGNATURE_ALGORITHMS_CERT ->
                        SignatureAlgorithms::decode;
                case ExtensionType.CERTIFICATE_AUTHORITIES -> CertificateAuthorities::decode;
                default -> null;
            };
            case NEW_SESSION_TICKET -> type == ExtensionType.EARLY_DATA ? EarlyDataIndication::decode : null;
            case CERTIFICATE_ENTRY -> null;
        };
    }

    /** Decodes an empty-bodied extension (server_name acknowledgement, early_data in CH/EE). */
    private static Object emptyEarlyData(byte[] data) throws TlsAlertException {
        EarlyDataIndication.decodeEmpty(data);
        return EMPTY;
    }

    private static final Object EMPTY = new Object();

    /** The re-encoding of a decoded value (message body or extension body). */
    static byte[] encode(Object value) {
        if (value == EMPTY) {
            return new byte[0];
        }
        if (value instanceof HandshakeMessage m) {
            TlsWriter w = new TlsWriter();
            m.encodeBody(w);
            return w.toByteArray();
        }
        if (value instanceof Alert a) {
            return a.encode();
        }
        if (value instanceof Extensions e) {
            TlsWriter w = new TlsWriter();
            e.encode(w);
            return w.toByteArray();
        }
        try {
            return (byte[]) value.getClass().getMethod("encode").invoke(value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot encode " + value.getClass(), e);
        }
    }

    /** The extension blocks of a decoded message, with their context. */
    static Map<Context, List<Extensions>> extensionBlocks(Object message) {
        Map<Context, List<Extensions>> out = new EnumMap<>(Context.class);
        if (message instanceof ClientHello ch) {
            out.put(Context.CLIENT_HELLO, List.of(ch.extensions()));
        } else if (message instanceof ServerHello sh) {
            out.put(sh.isHelloRetryRequest() ? Context.HELLO_RETRY_REQUEST : Context.SERVER_HELLO,
                    List.of(sh.extensions()));
        } else if (message instanceof EncryptedExtensions ee) {
            out.put(Context.ENCRYPTED_EXTENSIONS, List.of(ee.extensions()));
        } else if (message instanceof CertificateRequest13 cr) {
            out.put(Context.CERTIFICATE_REQUEST, List.of(cr.extensions()));
        } else if (message instanceof NewSessionTicket13 nst) {
            out.put(Context.NEW_SESSION_TICKET, List.of(nst.extensions()));
        } else if (message instanceof CertificateMessage13 c) {
            out.put(Context.CERTIFICATE_ENTRY, c.entries().stream().map(CertificateEntry::extensions).toList());
        }
        return out;
    }
}
