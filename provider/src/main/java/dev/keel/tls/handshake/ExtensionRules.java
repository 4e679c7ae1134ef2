package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which extensions may appear in which server message (the table of RFC 8446 4.2), and the two rules a
 * client applies to the server's extensions: an extension it did not offer is unsupported_extension;
 * one it offered but that does not belong in that message is illegal_parameter.
 */
final class ExtensionRules {
    static final Set<Integer> SERVER_HELLO = Set.of(
            ExtensionType.KEY_SHARE, ExtensionType.PRE_SHARED_KEY, ExtensionType.SUPPORTED_VERSIONS);
    static final Set<Integer> HELLO_RETRY_REQUEST = Set.of(
            ExtensionType.KEY_SHARE, ExtensionType.COOKIE, ExtensionType.SUPPORTED_VERSIONS);
    static final Set<Integer> ENCRYPTED_EXTENSIONS = Set.of(
            ExtensionType.SERVER_NAME, ExtensionType.MAX_FRAGMENT_LENGTH, ExtensionType.SUPPORTED_GROUPS,
            14 /* use_srtp */, 15 /* heartbeat */, ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
            19 /* client_certificate_type */, 20 /* server_certificate_type */, ExtensionType.EARLY_DATA,
            ExtensionType.RECORD_SIZE_LIMIT);

    private ExtensionRules() {
    }

    /**
     * Checks a server message's extensions. {@code mayBeUnsolicited} lists extensions the server may
     * send without a request (only "cookie" in HelloRetryRequest, RFC 8446 4.2).
     */
    static void checkServerExtensions(String message, Extensions received, Collection<Integer> offered,
            Set<Integer> allowedInMessage, Set<Integer> mayBeUnsolicited) throws TlsAlertException {
        List<Extension> list = received.list();
        for (int i = 0, n = list.size(); i < n; i++) { // indexed: no list or iterator per message
            int type = list.get(i).type();
            if (!offered.contains(type) && !mayBeUnsolicited.contains(type)) {
                throw new TlsAlertException(AlertDescription.UNSUPPORTED_EXTENSION,
                        message + " carries extension " + type + ", which the client did not offer");
            }
            if (!allowedInMessage.contains(type)) {
                throw TlsAlertException.illegalParameter(
                        message + " carries extension " + type + ", which does not belong in " + message);
            }
        }
    }

    /** True for a GREASE value or an extension we do not know: both are ignored where they arrive. */
    static boolean isGrease(int type) {
        return ExtensionType.isGrease(type);
    }
}
