package dev.keel.tls.conformance.app;

import dev.keel.tls.conformance.matrix.CertType;
import dev.keel.tls.conformance.matrix.Observation;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What one endpoint's own JSSE objects say was negotiated: protocol, suite, ALPN, the server
 * certificate's key type, the client certificate's subject, and (server side) the SNI names received.
 */
public record SessionView(String protocol, String suite, String alpn, String serverCert, String clientCert,
        List<String> requestedServerNames) {

    /**
     * A snapshot of a connected session.
     *
     * @param alpn the value of {@code getApplicationProtocol()} ("" = none negotiated, null = unknown)
     */
    public static SessionView of(SSLSession s, String alpn, boolean client) {
        Certificate[] local = s.getLocalCertificates();
        Certificate[] peer;
        try {
            peer = s.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            peer = null;
        }
        Certificate[] serverChain = client ? peer : local;
        Certificate[] clientChain = client ? local : peer;
        String serverCert = null;
        if (serverChain != null && serverChain.length > 0) {
            CertType t = CertType.of(serverChain[0].getPublicKey());
            serverCert = t != null ? t.label() : serverChain[0].getPublicKey().getAlgorithm();
        }
        String clientCert = clientChain != null && clientChain.length > 0
                ? ((X509Certificate) clientChain[0]).getSubjectX500Principal().getName()
                : "none";
        List<String> sni = new ArrayList<>();
        if (!client && s instanceof ExtendedSSLSession ext) {
            try {
                for (SNIServerName n : ext.getRequestedServerNames()) {
                    sni.add(n instanceof SNIHostName h ? h.getAsciiName() : n.toString());
                }
            } catch (UnsupportedOperationException e) {
                sni = null;
            }
        }
        return new SessionView(s.getProtocol(), s.getCipherSuite(),
                alpn == null ? null : alpn.isEmpty() ? "none" : alpn, serverCert, clientCert, sni);
    }

    /** Adds this view to an observation as the given source. */
    public void recordAs(Observation o, Observation.Source source) {
        o.saw(source, Observation.VERSION, protocol);
        o.saw(source, Observation.SUITE, suite);
        o.saw(source, Observation.SERVER_CERT, serverCert);
        o.saw(source, Observation.CLIENT_CERT, clientCert);
        o.saw(source, Observation.ALPN, alpn);
        if (requestedServerNames != null && !requestedServerNames.isEmpty()) {
            o.saw(source, Observation.SNI, String.join(",", requestedServerNames));
        }
    }
}
