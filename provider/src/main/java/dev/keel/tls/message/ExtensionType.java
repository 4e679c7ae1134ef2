package dev.keel.tls.message;

/** Extension code points Keel understands (RFC 8446 4.2 and the RFCs named per value). */
public final class ExtensionType {
    private ExtensionType() {
    }

    public static final int SERVER_NAME = 0;                       // RFC 6066
    public static final int MAX_FRAGMENT_LENGTH = 1;               // RFC 6066
    public static final int STATUS_REQUEST = 5;                    // RFC 6066
    public static final int SUPPORTED_GROUPS = 10;                 // RFC 8422, 7919
    public static final int EC_POINT_FORMATS = 11;                 // RFC 8422
    public static final int SIGNATURE_ALGORITHMS = 13;             // RFC 8446
    public static final int APPLICATION_LAYER_PROTOCOL_NEGOTIATION = 16; // RFC 7301
    public static final int SIGNED_CERTIFICATE_TIMESTAMP = 18;     // RFC 6962
    public static final int PADDING = 21;                          // RFC 7685
    public static final int ENCRYPT_THEN_MAC = 22;                 // RFC 7366
    public static final int EXTENDED_MASTER_SECRET = 23;           // RFC 7627
    public static final int COMPRESS_CERTIFICATE = 27;             // RFC 8879
    public static final int RECORD_SIZE_LIMIT = 28;                // RFC 8449
    public static final int SESSION_TICKET = 35;                   // RFC 5077
    public static final int PRE_SHARED_KEY = 41;                   // RFC 8446
    public static final int EARLY_DATA = 42;                       // RFC 8446
    public static final int SUPPORTED_VERSIONS = 43;               // RFC 8446
    public static final int COOKIE = 44;                           // RFC 8446
    public static final int PSK_KEY_EXCHANGE_MODES = 45;           // RFC 8446
    public static final int CERTIFICATE_AUTHORITIES = 47;          // RFC 8446
    public static final int OID_FILTERS = 48;                      // RFC 8446
    public static final int POST_HANDSHAKE_AUTH = 49;              // RFC 8446
    public static final int SIGNATURE_ALGORITHMS_CERT = 50;        // RFC 8446
    public static final int KEY_SHARE = 51;                        // RFC 8446
    public static final int RENEGOTIATION_INFO = 0xFF01;           // RFC 5746

    /** RFC 8701: GREASE code points are 0x?A?A with both bytes equal. */
    public static boolean isGrease(int codePoint) {
        return (codePoint & 0x0F0F) == 0x0A0A && (codePoint >>> 8) == (codePoint & 0xFF);
    }

    /** A readable name for error messages: "key_share(51)", "unknown(65000)", "GREASE(2570)". */
    public static String nameOf(int codePoint) {
        String name = switch (codePoint) {
            case SERVER_NAME -> "server_name";
            case MAX_FRAGMENT_LENGTH -> "max_fragment_length";
            case STATUS_REQUEST -> "status_request";
            case SUPPORTED_GROUPS -> "supported_groups";
            case EC_POINT_FORMATS -> "ec_point_formats";
            case SIGNATURE_ALGORITHMS -> "signature_algorithms";
            case APPLICATION_LAYER_PROTOCOL_NEGOTIATION -> "application_layer_protocol_negotiation";
            case SIGNED_CERTIFICATE_TIMESTAMP -> "signed_certificate_timestamp";
            case PADDING -> "padding";
            case ENCRYPT_THEN_MAC -> "encrypt_then_mac";
            case EXTENDED_MASTER_SECRET -> "extended_master_secret";
            case COMPRESS_CERTIFICATE -> "compress_certificate";
            case RECORD_SIZE_LIMIT -> "record_size_limit";
            case SESSION_TICKET -> "session_ticket";
            case PRE_SHARED_KEY -> "pre_shared_key";
            case EARLY_DATA -> "early_data";
            case SUPPORTED_VERSIONS -> "supported_versions";
            case COOKIE -> "cookie";
            case PSK_KEY_EXCHANGE_MODES -> "psk_key_exchange_modes";
            case CERTIFICATE_AUTHORITIES -> "certificate_authorities";
            case OID_FILTERS -> "oid_filters";
            case POST_HANDSHAKE_AUTH -> "post_handshake_auth";
            case SIGNATURE_ALGORITHMS_CERT -> "signature_algorithms_cert";
            case KEY_SHARE -> "key_share";
            case RENEGOTIATION_INFO -> "renegotiation_info";
            default -> isGrease(codePoint) ? "GREASE" : "unknown";
        };
        return name + "(" + codePoint + ")";
    }
}
