package dev.keel.tls.handshake;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.ServerNameMatcher;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.message.ApplicationLayerProtocols;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.ServerName;
import dev.keel.tls.message.ServerNameList;
import dev.keel.tls.session.TlsSession;
import java.util.List;

/**
 * What a server of either version does with the client's server_name (RFC 6066 3) and ALPN (RFC 7301 3)
 * extensions: the same rules in TLS 1.3 and 1.2, so one place.
 */
final class ServerNameAndAlpn {
    private ServerNameAndAlpn() {
    }

    /**
     * Records the requested names in the session and applies the application's SNI matchers (JSSE
     * semantics: a name of a type that has a matcher must match it, else unrecognized_name). Returns
     * whether the client sent server_name, so the server acknowledges it.
     */
    static boolean acceptServerName(Extensions ext, TlsConfig config, TlsSession session) throws TlsAlertException {
        byte[] data = ext.find(ExtensionType.SERVER_NAME);
        if (data == null) {
            return false;
        }
        List<ServerName> names = ServerNameList.decode(data).names();
        session.setRequestedServerNames(names);
        for (ServerName name : names) {
            for (ServerNameMatcher matcher : config.serverNameMatchers()) {
                if (matcher.type() == name.type() && !matcher.matches(name)) {
                    throw new TlsAlertException(AlertDescription.UNRECOGNIZED_NAME,
                            "requested server name " + name + " is not recognized by this server");
                }
            }
        }
        return true;
    }

    /** The application protocol to answer with, {@code ""} for none (see {@link Negotiation}). */
    static String chooseAlpn(Extensions ext, TlsConfig config) throws TlsAlertException {
        byte[] data = ext.find(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION);
        if (data == null) {
            return "";
        }
        List<String> offered = ApplicationLayerProtocols.decode(data).protocols();
        return Negotiation.chooseApplicationProtocol(offered, config.applicationProtocols(),
                config.applicationProtocolSelector());
    }
}
