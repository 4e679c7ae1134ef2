package dev.keel.tls.conformance.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's wire witness against the RFC 8448 handshake traces (records in src/test/resources/rfc8448). */
class TlsWireObserverTest {

    private static byte[] record(String name) throws IOException {
        try (InputStream in = TlsWireObserverTest.class.getResourceAsStream("/rfc8448/" + name + ".hex")) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("\\s", ""));
        }
    }

    @Test
    void simpleHandshakeShowsVersionSuiteGroupAndServerName() throws IOException {
        TlsWireObserver w = new TlsWireObserver();
        byte[] ch = record("simple-client-hello");
        byte[] sh = record("simple-server-hello");
        w.fromClient(ch, 0, ch.length);
        w.fromServer(sh, 0, sh.length);
        WireFacts f = w.facts();
        assertEquals("TLSv1.3", f.version());
        assertEquals("TLS_AES_128_GCM_SHA256", f.suite());
        assertEquals("x25519", f.group());
        assertEquals(List.of("x25519"), f.keyShareGroups());
        assertEquals("server", f.sni()); // RFC 8448 3: server_name "server"
        assertEquals(1, f.clientHellos());
        assertFalse(f.helloRetryRequest());
        assertEquals(Boolean.FALSE, f.resumed());
        assertFalse(f.pskOffered());
        assertNull(f.parseError());
    }

    @Test
    void recordsSplitIntoSingleBytesAreReassembled() throws IOException {
        TlsWireObserver w = new TlsWireObserver();
        byte[] ch = record("simple-client-hello");
        byte[] sh = record("simple-server-hello");
        for (int i = 0; i < ch.length; i++) {
            w.fromClient(ch, i, 1);
        }
        for (int i = 0; i < sh.length; i++) {
            w.fromServer(sh, i, 1);
        }
        assertEquals("x25519", w.facts().group());
        assertEquals("TLS_AES_128_GCM_SHA256", w.facts().suite());
    }

    @Test
    void resumedHandshakeIsRecognisedByPreSharedKeyInServerHello() throws IOException {
        TlsWireObserver w = new TlsWireObserver();
        byte[] ch = record("resumed-client-hello");
        byte[] sh = record("resumed-server-hello");
        w.fromClient(ch, 0, ch.length);
        w.fromServer(sh, 0, sh.length);
        assertTrue(w.facts().pskOffered());
        assertEquals(Boolean.TRUE, w.facts().resumed());
    }

    @Test
    void helloRetryRequestIsSeenAndTheFinalGroupIsTheServerHellos() throws IOException {
        TlsWireObserver w = new TlsWireObserver();
        byte[] ch1 = record("hrr-client-hello-1");
        byte[] hrr = record("hrr-retry-request");
        byte[] ch2 = record("hrr-client-hello-2");
        byte[] sh = record("hrr-server-hello");
        w.fromClient(ch1, 0, ch1.length);
        w.fromServer(hrr, 0, hrr.length);
        w.fromClient(ch2, 0, ch2.length);
        w.fromServer(sh, 0, sh.length);
        WireFacts f = w.facts();
        assertTrue(f.helloRetryRequest());
        assertEquals(2, f.clientHellos());
        assertEquals(List.of("x25519"), f.keyShareGroups()); // the first ClientHello's share
        assertEquals("secp256r1", f.group()); // RFC 8448 5: the server asks for P-256
        assertEquals("TLSv1.3", f.version());
    }

    @Test
    void nonTlsBytesStopTheParserWithAReasonInsteadOfThrowing() {
        TlsWireObserver w = new TlsWireObserver();
        byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        w.fromClient(http, 0, http.length);
        assertNotNull(w.facts().parseError());
        assertNull(w.facts().version());
    }

    @Test
    void truncatedHandshakeMessageIsReportedNotThrown() {
        TlsWireObserver w = new TlsWireObserver();
        // One handshake record holding a whole ClientHello message whose 2-byte body stops after
        // legacy_version: the random and everything after it are missing.
        byte[] truncated = HexFormat.of().parseHex("1603010006" + "01000002" + "0303");
        w.fromClient(truncated, 0, truncated.length);
        assertNotNull(w.facts().parseError());
        assertEquals(1, w.facts().clientHellos());
    }
}
