package dev.keel.tls.handshake;

import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.KeyExchangeAlgorithm;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.message.ApplicationLayerProtocols;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.EcPointFormats;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.ServerNameList;
import dev.keel.tls.message.SignatureAlgorithms;
import dev.keel.tls.message.SupportedGroups;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client's ClientHello offers for TLS 1.2: the TLS 1.2 suites with
 * TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 3.4), extended_master_secret (RFC 7627 5.1) and
 * ec_point_formats (RFC 8422 5.1.2). {@link ClientHandshake13} adds these to its ClientHello when TLS 1.2
 * is enabled too (one ClientHello for both versions); {@link ClientHandshake12} builds a whole TLS 1.2
 * ClientHello with {@link #clientHello} when TLS 1.3 is not offered.
 *
 * <p>Resumption ({@link ClientResumption12}): the session_id of a cached session (or a fresh one beside a
 * ticket), and the session_ticket extension (RFC 5077 3.2) when TLS 1.2 tickets are on.
 *
 * <p>Never offered: encrypt_then_mac (AEAD only), the renegotiation_info extension (the SCSV says the
 * same, RFC 5746 3.3).
 */
final class ClientOffer12 {
    private ClientOffer12() {
    }

    /**
     * The enabled TLS 1.2 suites this client can carry out, then the SCSV. A suite whose key exchange
     * has no enabled group is left out: ECDHE needs an elliptic curve group, DHE an RFC 7919 group
     * (the only DHE groups Keel accepts).
     */
    static void addSuites(TlsConfig config, List<Integer> suites) {
        for (CipherSuite s : config.cipherSuites()) {
            if (!s.isTls13() && hasGroupFor(s.keyExchange(), config.namedGroups())) {
                suites.add(s.code());
            }
        }
        suites.add(CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
    }

    /** The TLS 1.2 suites this client offers, with the SCSV (see {@link #addSuites}). */
    static List<Integer> suites(TlsConfig config) {
        List<Integer> suites = new ArrayList<>();
        addSuites(config, suites);
        return suites;
    }

    /** The TLS 1.2 extensions a ClientHello that already offers TLS 1.3 lacks. */
    static void addExtensions(TlsConfig config, List<Extension> ext, ClientResumption12 resumption) {
        ext.add(EcPointFormats.UNCOMPRESSED_ONLY.toExtension());
        ext.add(new Extension(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]));
        resumption.addExtension(ext);
    }

    /** A ClientHello offering only TLS 1.2 (no supported_versions: RFC 8446 4.2.1, RFC 5246 7.4.1.2). */
    static ClientHello clientHello(TlsConfig config, byte[] random, ClientResumption12 resumption) {
        List<Extension> ext = new ArrayList<>();
        if (!config.serverNames().isEmpty()) {
            ext.add(new Extension(ExtensionType.SERVER_NAME, new ServerNameList(config.serverNames()).encode()));
        }
        List<Integer> groups = new ArrayList<>();
        config.namedGroups().forEach(g -> groups.add(g.code()));
        if (!groups.isEmpty()) {
            ext.add(new Extension(ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(groups).encode()));
        }
        ext.add(new Extension(ExtensionType.SIGNATURE_ALGORITHMS,
                new SignatureAlgorithms(ClientHandshake13.schemeCodes(config.signatureSchemes())).encode()));
        if (!config.signatureSchemesCert().isEmpty()) {
            ext.add(new Extension(ExtensionType.SIGNATURE_ALGORITHMS_CERT,
                    new SignatureAlgorithms(ClientHandshake13.schemeCodes(config.signatureSchemesCert())).encode()));
        }
        if (!config.applicationProtocols().isEmpty()) {
            ext.add(new Extension(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                    new ApplicationLayerProtocols(config.applicationProtocols()).encode()));
        }
        addExtensions(config, ext, resumption);
        return new ClientHello(0x0303, random, resumption.sessionId(), suites(config), new byte[] {0},
                Extensions.of(ext));
    }

    private static boolean hasGroupFor(KeyExchangeAlgorithm kex, List<NamedGroup> groups) {
        if (!kex.isEcdhe() && kex != KeyExchangeAlgorithm.DHE_RSA) {
            return true;
        }
        boolean finiteField = kex == KeyExchangeAlgorithm.DHE_RSA;
        for (int i = 0, n = groups.size(); i < n; i++) { // no stream: runs per suite of every ClientHello
            if (groups.get(i).isFiniteField() == finiteField) {
                return true;
            }
        }
        return false;
    }
}
