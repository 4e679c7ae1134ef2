package dev.keel.tls.handshake;

import static dev.keel.tls.handshake.Rfc8448Trace.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.crypto.HashAlgorithm;
import dev.keel.tls.crypto.TrafficKeys;
import dev.keel.tls.message.TlsReader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The TLS 1.3 key schedule and transcript hash, byte for byte against RFC 8448 section 3 (full
 * handshake), section 4 (PSK binder and early secrets, resuming section 3) and section 5
 * (HelloRetryRequest transcript).
 */
class KeySchedule13Rfc8448Test {
    private static final CipherSuite SUITE = CipherSuite.TLS_AES_128_GCM_SHA256;
    private static final HashAlgorithm H = HashAlgorithm.SHA256;
    private static final Rfc8448Trace T = Rfc8448Trace.load("/rfc8448/section3-simple-1rtt.txt");

    private static final byte[] CLIENT_HELLO = T.get("{client} construct a ClientHello handshake message", "ClientHello");
    private static final byte[] SERVER_HELLO = T.get("{server} construct a ServerHello handshake message", "ServerHello");
    private static final byte[] ENCRYPTED_EXTENSIONS =
            T.get("{server} construct an EncryptedExtensions handshake message", "EncryptedExtensions");
    private static final byte[] CERTIFICATE = T.get("{server} construct a Certificate handshake message", "Certificate");
    private static final byte[] CERTIFICATE_VERIFY =
            T.get("{server} construct a CertificateVerify handshake message", "CertificateVerify");
    private static final byte[] SERVER_FINISHED = T.get("{server} construct a Finished handshake message", "Finished");
    private static final byte[] CLIENT_FINISHED = T.get("{client} construct a Finished handshake message", "Finished");
    private static final byte[] NEW_SESSION_TICKET =
            T.get("{server} construct a NewSessionTicket handshake message", "NewSessionTicket");

    private static byte[] expanded(String label) {
        return T.get("{server} derive secret \"" + label + "\"", "expanded");
    }

    private static byte[] hashOf(String label) {
        return T.get("{server} derive secret \"" + label + "\"", "hash");
    }

    @Test
    void transcriptHashesOverTheRfcMessages() {
        Transcript t = new Transcript();
        t.update(CLIENT_HELLO); // before the suite is known: buffered
        t.setHash(H);
        t.update(SERVER_HELLO);
        assertArrayEquals(hashOf("tls13 c hs traffic"), t.currentHash(), "ClientHello..ServerHello");
        assertArrayEquals(hashOf("tls13 c hs traffic"), t.currentHash(), "currentHash is not destructive");
        t.update(ENCRYPTED_EXTENSIONS);
        t.update(CERTIFICATE);
        t.update(CERTIFICATE_VERIFY);
        t.update(SERVER_FINISHED);
        assertArrayEquals(hashOf("tls13 c ap traffic"), t.currentHash(), "ClientHello..server Finished");
        t.update(CLIENT_FINISHED);
        assertArrayEquals(T.get("{client} derive secret \"tls13 res master\"", "hash"), t.currentHash(),
                "ClientHello..client Finished");
    }

    @Test
    void transcriptBuffersEverythingBeforeTheHashIsKnown() {
        Transcript t = new Transcript();
        byte[] both = concat(CLIENT_HELLO, SERVER_HELLO);
        t.update(both, 0, 10);
        t.update(both, 10, both.length - 10);
        assertNull(t.hash());
        assertThrows(IllegalStateException.class, t::currentHash);
        t.setHash(H);
        assertArrayEquals(hashOf("tls13 c hs traffic"), t.currentHash());
        t.setHash(H); // same hash again: harmless
        assertThrows(IllegalStateException.class, () -> t.setHash(HashAlgorithm.SHA384));
    }

    @Test
    void transcriptCanRetainTheMessages() {
        Transcript t = new Transcript(true);
        t.update(CLIENT_HELLO);
        assertArrayEquals(CLIENT_HELLO, t.messages());
        t.setHash(H);
        t.update(SERVER_HELLO);
        assertArrayEquals(concat(CLIENT_HELLO, SERVER_HELLO), t.messages());
        assertArrayEquals(hashOf("tls13 c hs traffic"), t.currentHash());
        assertThrows(IllegalStateException.class, () -> new Transcript().messages());
    }

    @Test
    void fullHandshakeKeySchedule() {
        KeySchedule13 ks = new KeySchedule13(SUITE);
        ks.deriveEarlySecret(null);
        assertArrayEquals(T.get("{server} extract secret \"early\"", "secret"), ks.earlySecretForTest(), "early secret");

        byte[] ecdhe = T.get("{server} extract secret \"handshake\"", "IKM");
        ks.deriveHandshakeSecret(ecdhe);
        assertArrayEquals(T.get("{server} extract secret \"handshake\"", "secret"), ks.handshakeSecretForTest(),
                "handshake secret");
        assertNull(ks.earlySecretForTest(), "early secret wiped once the handshake secret exists");

        byte[] thSh = transcript(CLIENT_HELLO, SERVER_HELLO);
        byte[] cHs = ks.clientHandshakeTrafficSecret(thSh);
        byte[] sHs = ks.serverHandshakeTrafficSecret(thSh);
        assertArrayEquals(expanded("tls13 c hs traffic"), cHs, "client_handshake_traffic_secret");
        assertArrayEquals(expanded("tls13 s hs traffic"), sHs, "server_handshake_traffic_secret");

        ks.deriveMasterSecret();
        assertArrayEquals(T.get("{server} extract secret \"master\"", "secret"), ks.masterSecretForTest(), "master secret");
        assertNull(ks.handshakeSecretForTest(), "handshake secret wiped once the master secret exists");

        byte[] thSf = transcript(CLIENT_HELLO, SERVER_HELLO, ENCRYPTED_EXTENSIONS, CERTIFICATE, CERTIFICATE_VERIFY,
                SERVER_FINISHED);
        assertArrayEquals(expanded("tls13 c ap traffic"), ks.clientApplicationTrafficSecret(thSf), "c ap traffic");
        assertArrayEquals(expanded("tls13 s ap traffic"), ks.serverApplicationTrafficSecret(thSf), "s ap traffic");
        assertArrayEquals(expanded("tls13 exp master"), ks.exporterMasterSecret(thSf), "exporter master secret");

        byte[] thCf = transcript(CLIENT_HELLO, SERVER_HELLO, ENCRYPTED_EXTENSIONS, CERTIFICATE, CERTIFICATE_VERIFY,
                SERVER_FINISHED, CLIENT_FINISHED);
        byte[] rms = ks.resumptionMasterSecret(thCf);
        assertArrayEquals(T.get("{client} derive secret \"tls13 res master\"", "expanded"), rms, "resumption master");

        ks.destroy();
        assertNull(ks.masterSecretForTest());
        assertThrows(IllegalStateException.class, () -> ks.clientApplicationTrafficSecret(thSf));
    }

    @Test
    void finishedVerifyDataOfBothSides() {
        byte[] cHs = expanded("tls13 c hs traffic");
        byte[] sHs = expanded("tls13 s hs traffic");
        byte[] thCv = transcript(CLIENT_HELLO, SERVER_HELLO, ENCRYPTED_EXTENSIONS, CERTIFICATE, CERTIFICATE_VERIFY);
        byte[] serverVerifyData = KeySchedule13.finishedVerifyData(H, sHs, thCv);
        assertArrayEquals(T.get("{server} calculate finished \"tls13 finished\"", "finished"), serverVerifyData);
        assertArrayEquals(Arrays.copyOfRange(SERVER_FINISHED, 4, SERVER_FINISHED.length), serverVerifyData,
                "the server Finished message body");

        byte[] thSf = transcript(CLIENT_HELLO, SERVER_HELLO, ENCRYPTED_EXTENSIONS, CERTIFICATE, CERTIFICATE_VERIFY,
                SERVER_FINISHED);
        byte[] clientVerifyData = KeySchedule13.finishedVerifyData(H, cHs, thSf);
        assertArrayEquals(T.get("{client} calculate finished \"tls13 finished\"", "finished"), clientVerifyData);
        assertArrayEquals(Arrays.copyOfRange(CLIENT_FINISHED, 4, CLIENT_FINISHED.length), clientVerifyData);
    }

    @Test
    void trafficKeysAndIvs() {
        assertKeys(expanded("tls13 s hs traffic"), "{server} derive write traffic keys for handshake data");
        assertKeys(expanded("tls13 c hs traffic"), "{server} derive read traffic keys for handshake data");
        assertKeys(expanded("tls13 s ap traffic"), "{server} derive write traffic keys for application data");
        assertKeys(expanded("tls13 c ap traffic"), "{client} derive write traffic keys for application data");
    }

    private static void assertKeys(byte[] secret, String step) {
        TrafficKeys keys = TrafficKeys.derive(SUITE, secret);
        assertArrayEquals(T.get(step, "key expanded"), keys.key(), step + ": key");
        assertArrayEquals(T.get(step, "iv expanded"), keys.iv(), step + ": iv");
        keys.destroy();
        assertArrayEquals(new byte[16], keys.key(), "destroy wipes the key");
    }

    @Test
    void resumptionPskFromTheTicketNonce() throws Exception {
        TlsReader r = new TlsReader(NEW_SESSION_TICKET);
        assertEquals(4, r.u8("msg_type"));
        r.u24("length");
        r.u32("ticket_lifetime");
        r.u32("ticket_age_add");
        byte[] nonce = r.vector8("ticket_nonce");
        byte[] rms = T.get("{client} derive secret \"tls13 res master\"", "expanded");
        byte[] psk = KeySchedule13.resumptionPsk(H, rms, nonce);
        assertArrayEquals(T.get("{server} generate resumption secret \"tls13 resumption\"", "expanded"), psk);
    }

    @Test
    void pskBinderAndEarlySecretsOfTheResumedHandshake() {
        // RFC 8448 section 4 resumes section 3: its PSK is section 3's resumption PSK.
        Rfc8448Trace t4 = Rfc8448Trace.load("/rfc8448/section4-resumed-0rtt.txt");
        byte[] psk = T.get("{server} generate resumption secret \"tls13 resumption\"", "expanded");
        assertArrayEquals(t4.get("{client} extract secret \"early\"", "IKM"), psk);

        KeySchedule13 ks = new KeySchedule13(SUITE);
        ks.deriveEarlySecret(psk);
        assertArrayEquals(t4.get("{client} extract secret \"early\"", "secret"), ks.earlySecretForTest());

        byte[] binderKey = ks.binderKey(true);
        assertArrayEquals(t4.get("{client} calculate PSK binder", "PRK"), binderKey, "res binder key");

        // The binder is a Finished MAC over the ClientHello truncated before the binders (RFC 8446 4.2.11.2).
        byte[] prefix = t4.get("{client} calculate PSK binder", "ClientHello prefix");
        byte[] binderHash = H.newDigest().digest(prefix);
        assertArrayEquals(t4.get("{client} calculate PSK binder", "binder hash"), binderHash);
        assertArrayEquals(t4.get("{client} calculate PSK binder", "finished"),
                KeySchedule13.finishedVerifyData(H, binderKey, binderHash), "binder");

        byte[] fullClientHello = t4.get("{client} send handshake record", "payload", 0);
        byte[] thCh = transcript(fullClientHello);
        assertArrayEquals(t4.get("{client} derive secret \"tls13 c e traffic\"", "hash"), thCh);
        assertArrayEquals(t4.get("{client} derive secret \"tls13 c e traffic\"", "expanded"),
                ks.clientEarlyTrafficSecret(thCh), "client_early_traffic_secret");
        assertArrayEquals(t4.get("{client} derive secret \"tls13 e exp master\"", "expanded"),
                ks.earlyExporterMasterSecret(thCh), "early_exporter_master_secret");
    }

    @Test
    void helloRetryRequestTranscriptUsesMessageHash() {
        Rfc8448Trace t5 = Rfc8448Trace.load("/rfc8448/section5-hello-retry-request.txt");
        byte[] ch1 = t5.get("{client} construct a ClientHello handshake message", "ClientHello", 0);
        byte[] hrr = t5.get("{server} construct a ServerHello handshake message", "ServerHello", 0);
        byte[] ch2 = t5.get("{client} construct a ClientHello handshake message", "ClientHello", 1);
        byte[] sh = t5.get("{server} construct a ServerHello handshake message", "ServerHello", 1);

        Transcript t = new Transcript();
        t.update(ch1);
        t.setHash(H); // the HelloRetryRequest names the suite
        t.replaceWithMessageHash();
        t.update(hrr);
        t.update(ch2);
        t.update(sh);
        byte[] thSh = t.currentHash();
        assertArrayEquals(t5.get("{server} derive secret \"tls13 c hs traffic\"", "hash"), thSh);

        // The synthetic message is message_hash(254) || uint24(32) || SHA-256(ClientHello1).
        byte[] synthetic = concat(new byte[] {(byte) 254, 0, 0, 32}, H.newDigest().digest(ch1));
        assertArrayEquals(transcript(synthetic, hrr, ch2, sh), thSh);

        KeySchedule13 ks = new KeySchedule13(SUITE);
        ks.deriveEarlySecret(null);
        ks.deriveHandshakeSecret(t5.get("{server} extract secret \"handshake\"", "IKM"));
        assertArrayEquals(t5.get("{server} derive secret \"tls13 s hs traffic\"", "expanded"),
                ks.serverHandshakeTrafficSecret(thSh));
    }

    @Test
    void stagesMustBeDerivedInOrder() {
        KeySchedule13 ks = new KeySchedule13(SUITE);
        assertThrows(IllegalStateException.class, () -> ks.binderKey(false));
        assertThrows(IllegalStateException.class, () -> ks.deriveHandshakeSecret(new byte[32]));
        assertThrows(IllegalStateException.class, ks::deriveMasterSecret);
        assertThrows(IllegalStateException.class, () -> ks.exporterMasterSecret(new byte[32]));
    }

    @Test
    void trafficUpdateIsExpandLabelOverTheCurrentSecret() {
        // RFC 8446 7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length)
        byte[] s0 = expanded("tls13 s ap traffic");
        byte[] s1 = KeySchedule13.nextTrafficSecret(H, s0);
        assertArrayEquals(Bc.expandLabel(H, s0, "traffic upd", new byte[0], 32), s1);
        assertEquals(32, s1.length);
    }

    private static byte[] transcript(byte[]... messages) {
        Transcript t = new Transcript();
        t.setHash(H);
        for (byte[] m : messages) {
            t.update(m);
        }
        return t.currentHash();
    }
}
