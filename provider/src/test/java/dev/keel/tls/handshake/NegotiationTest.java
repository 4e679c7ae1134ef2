package dev.keel.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.NamedGroup;
import dev.keel.tls.crypto.SignatureScheme;
import dev.keel.tls.message.KeyShareEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class NegotiationTest {
    private static final List<CipherSuite> ALL13 = List.of(CipherSuite.TLS_AES_128_GCM_SHA256,
            CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256);

    @Test
    void serverOrderWinsWhenAsked() {
        List<Integer> offered = List.of(0x1303, 0x1302, 0x1301);
        assertEquals(CipherSuite.TLS_AES_128_GCM_SHA256, Negotiation.chooseCipherSuite13(offered, ALL13, true));
        assertEquals(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, Negotiation.chooseCipherSuite13(offered, ALL13, false));
    }

    @Test
    void unknownAndGreaseSuitesAreSkipped() {
        List<Integer> offered = List.of(0x0A0A, 0xC02B, 0x1302);
        assertEquals(CipherSuite.TLS_AES_256_GCM_SHA384, Negotiation.chooseCipherSuite13(offered, ALL13, false));
        assertNull(Negotiation.chooseCipherSuite13(List.of(0xC02B, 0x009C), ALL13, true));
    }

    @Test
    void groupWithAShareBeatsAMorePreferredGroupWithout() {
        List<NamedGroup> server = List.of(NamedGroup.SECP256R1, NamedGroup.X25519);
        List<KeyShareEntry> shares = List.of(new KeyShareEntry(NamedGroup.X25519.code(), new byte[32]));
        Negotiation.GroupChoice c = Negotiation.chooseGroup(List.of(0x001D, 0x0017), shares, server);
        assertEquals(NamedGroup.X25519, c.group());
        assertEquals(shares.get(0), c.share());
    }

    @Test
    void noUsableShareMeansHelloRetryRequestForTheServersFavourite() {
        List<NamedGroup> server = List.of(NamedGroup.SECP384R1, NamedGroup.SECP256R1);
        List<KeyShareEntry> shares = List.of(new KeyShareEntry(NamedGroup.X25519.code(), new byte[32]));
        Negotiation.GroupChoice c = Negotiation.chooseGroup(List.of(0x001D, 0x0017, 0x0018), shares, server);
        assertEquals(NamedGroup.SECP384R1, c.group());
        assertNull(c.share());
        assertNull(Negotiation.chooseGroup(List.of(0x001D), shares, server));
    }

    @Test
    void alpnServerPreferenceAndMismatch() throws TlsAlertException {
        assertEquals("h2", Negotiation.chooseApplicationProtocol(List.of("http/1.1", "h2"), List.of("h2", "http/1.1"), null));
        assertEquals("", Negotiation.chooseApplicationProtocol(List.of(), List.of("h2"), null));
        assertEquals("", Negotiation.chooseApplicationProtocol(List.of("h2"), List.of(), null));
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> Negotiation.chooseApplicationProtocol(List.of("spdy/3"), List.of("h2"), null));
        assertEquals(AlertDescription.NO_APPLICATION_PROTOCOL, e.alert());
    }

    @Test
    void alpnSelectorDecides() throws TlsAlertException {
        assertEquals("http/1.1", Negotiation.chooseApplicationProtocol(List.of("h2", "http/1.1"), List.of("h2"),
                offered -> "http/1.1"));
        assertEquals("", Negotiation.chooseApplicationProtocol(List.of("h2"), List.of(), offered -> ""));
        assertEquals(AlertDescription.NO_APPLICATION_PROTOCOL, assertThrows(TlsAlertException.class,
                () -> Negotiation.chooseApplicationProtocol(List.of("h2"), List.of(), offered -> null)).alert());
        assertEquals(AlertDescription.NO_APPLICATION_PROTOCOL, assertThrows(TlsAlertException.class,
                () -> Negotiation.chooseApplicationProtocol(List.of("h2"), List.of(), offered -> "h3")).alert());
    }

    @Test
    void pkcs1IsNeverACertificateVerifyScheme() {
        List<Integer> peer = List.of(SignatureScheme.RSA_PKCS1_SHA256.code(), SignatureScheme.RSA_PSS_RSAE_SHA256.code());
        List<SignatureScheme> local = List.of(SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA256,
                SignatureScheme.ECDSA_SECP256R1_SHA256);
        assertEquals(List.of(SignatureScheme.RSA_PSS_RSAE_SHA256), Negotiation.certificateVerifySchemes13(peer, local));
    }
}
