package dev.keel.tls.tls12;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keel.tls.testutil.EnginePump;
import dev.keel.tls.testutil.TestPki.KeyType;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Tls12SmokeTest {
    @ParameterizedTest
    @CsvSource({"Keel,Keel,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,EC_P256",
        "Keel,SunJSSE,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,EC_P256",
        "SunJSSE,Keel,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,EC_P256",
        "Keel,BCJSSE,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,EC_P256",
        "BCJSSE,Keel,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,EC_P256"})
    void smoke(String c, String s, String suite, KeyType key) throws Exception {
        SSLEngine client = Peers.client(c, "TLSv1.2");
        SSLEngine server = Peers.server(s, "TLSv1.2", key);
        client.setEnabledCipherSuites(new String[] {suite});
        EnginePump pump = new EnginePump(client, server);
        pump.handshake();
        assertEquals("TLSv1.2", client.getSession().getProtocol());
        assertEquals(suite, server.getSession().getCipherSuite());
        pump.transfer(1 << 20, 1 << 20);
        pump.closeBoth();
    }
}
