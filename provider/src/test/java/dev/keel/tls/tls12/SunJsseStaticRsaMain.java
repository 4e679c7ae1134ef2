package dev.keel.tls.tls12;

import dev.keel.tls.testutil.EnginePump;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;

/**
 * Keel ↔ SunJSSE over static RSA key exchange, run in a JVM of its own by
 * {@link Tls12SunJsseStaticRsaTest}: JDK 24+ disables TLS_RSA_* through jdk.tls.disabledAlgorithms,
 * which SunJSSE reads once per JVM, so the property is edited here before SunJSSE is first used. Prints
 * one line per handshake: {@code OK <client> <server> <protocol> <suite>}.
 */
public final class SunJsseStaticRsaMain {
    private SunJsseStaticRsaMain() {
    }

    public static void main(String[] args) throws Exception {
        String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
        if (disabled != null) {
            List<String> kept = new ArrayList<>();
            for (String entry : disabled.split(",")) {
                if (!entry.trim().startsWith("TLS_RSA_")) {
                    kept.add(entry.trim());
                }
            }
            Security.setProperty("jdk.tls.disabledAlgorithms", String.join(", ", kept));
        }
        for (String suite : Tls12EngineInteropTest.RSA) {
            for (String[] pair : new String[][] {{Peers.KEEL, Peers.SUN}, {Peers.SUN, Peers.KEEL}}) {
                SSLEngine client = Peers.client(pair[0], "TLS");
                SSLEngine server = Peers.server(pair[1], "TLS", KeyType.RSA_2048);
                server.setEnabledProtocols(new String[] {"TLSv1.2"});
                server.setEnabledCipherSuites(new String[] {suite});
                client.setEnabledCipherSuites(new String[] {suite, "TLS_AES_128_GCM_SHA256"});
                EnginePump pump = new EnginePump(client, server);
                pump.handshake();
                pump.transfer(1 << 20, 1 << 20);
                pump.closeBoth();
                if (!client.getSession().getCipherSuite().equals(server.getSession().getCipherSuite())) {
                    throw new AssertionError("the two sides disagree on the suite");
                }
                System.out.println("OK " + pair[0] + " " + pair[1] + " " + client.getSession().getProtocol() + " "
                        + server.getSession().getCipherSuite());
            }
        }
    }
}
