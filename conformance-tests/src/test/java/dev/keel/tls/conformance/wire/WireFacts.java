package dev.keel.tls.conformance.wire;

import java.util.List;

/**
 * What the handshake records of one connection showed. Null means "not visible on the wire" (for
 * example the server certificate in TLS 1.3, which is encrypted).
 *
 * @param clientHellos      ClientHello messages seen (2 after a HelloRetryRequest)
 * @param helloRetryRequest whether the server sent a HelloRetryRequest
 * @param version           "TLSv1.3" / "TLSv1.2" from ServerHello (supported_versions or legacy_version)
 * @param suite             the ServerHello's cipher suite (IANA name, or hex)
 * @param group             TLS 1.3: ServerHello key_share; TLS 1.2 ECDHE: ServerKeyExchange's curve
 * @param resumed           TLS 1.3: ServerHello carries pre_shared_key; TLS 1.2: abbreviated handshake
 * @param sni               the server_name host name in the (last) ClientHello, or null
 * @param offeredAlpn       ALPN protocols the client offered (empty: no extension)
 * @param selectedAlpn      TLS 1.2 only: the ServerHello's ALPN choice ("none" when absent)
 * @param serverCertKey     TLS 1.2 only: the server leaf's key type label
 * @param clientCertSent    TLS 1.2 only: whether the client's Certificate message was non-empty
 * @param keyShareGroups    the groups of the key shares in the first ClientHello
 * @param alerts            alerts seen in plaintext ("server→client fatal no_application_protocol")
 * @param parseError        why the parser stopped early (malformed or non-TLS bytes), or null
 * @param pskOffered        whether the (last) ClientHello offered a pre_shared_key (a resumption attempt)
 */
public record WireFacts(int clientHellos, boolean helloRetryRequest, String version, String suite, String group,
        Boolean resumed, String sni, List<String> offeredAlpn, String selectedAlpn, String serverCertKey,
        Boolean clientCertSent, List<String> keyShareGroups, List<String> alerts, String parseError,
        boolean pskOffered) {
}
