package dev.keel.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.AeadAlgorithm;
import dev.keel.tls.crypto.HashAlgorithm;
import dev.keel.tls.crypto.KeyExchangeAlgorithm;
import dev.keel.tls.crypto.Prf12;
import dev.keel.tls.crypto.RsaPremasterSecret;
import dev.keel.tls.message.CertificateMessage12;
import dev.keel.tls.message.ClientKeyExchangeDhe;
import dev.keel.tls.message.ClientKeyExchangeEcdhe;
import dev.keel.tls.message.ClientKeyExchangeRsa;
import dev.keel.tls.message.ContentType;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.NewSessionTicket12;
import dev.keel.tls.message.ServerHelloDone;
import dev.keel.tls.message.ServerKeyExchangeDhe;
import dev.keel.tls.message.ServerKeyExchangeEcdhe;
import dev.keel.tls.message.TlsReader;
import dev.keel.tls.message.TlsWriter;
import dev.keel.tls.record.RecordCipher12;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays complete TLS 1.2 sessions between OpenSSL's s_client and s_server (see
 * {@code src/test/resources/dev/keel/tls/tls12/README.md}) through Keel's TLS 1.2 building blocks.
 * Every expected value is OpenSSL's: the master secret and RSA premaster secret from its key log, the
 * Finished messages and application data inside its encrypted records, its exporter output.
 */
class Tls12OpenSslVectorTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The TLS 1.2 suites of the captures (the values to add to CipherSuite; see notes-tls12-suites.md). */
    private record Suite(KeyExchangeAlgorithm kex, AeadAlgorithm aead, HashAlgorithm hash) {
        static Suite of(int code) {
            return switch (code) {
                case 0x009C -> new Suite(KeyExchangeAlgorithm.RSA, AeadAlgorithm.AES_128_GCM, HashAlgorithm.SHA256);
                case 0x009D -> new Suite(KeyExchangeAlgorithm.RSA, AeadAlgorithm.AES_256_GCM, HashAlgorithm.SHA384);
                case 0x009E -> new Suite(KeyExchangeAlgorithm.DHE_RSA, AeadAlgorithm.AES_128_GCM, HashAlgorithm.SHA256);
                case 0xC02C -> new Suite(KeyExchangeAlgorithm.ECDHE_ECDSA, AeadAlgorithm.AES_256_GCM, HashAlgorithm.SHA384);
                case 0xCCA8 -> new Suite(KeyExchangeAlgorithm.ECDHE_RSA, AeadAlgorithm.CHACHA20_POLY1305, HashAlgorithm.SHA256);
                default -> throw new IllegalArgumentException("suite " + Integer.toHexString(code));
            };
        }
    }

    private record Rec(int type, byte[] fragment) {
    }

    private record Msg(int type, byte[] body, byte[] wire) {
        TlsReader reader() {
            return new TlsReader(body);
        }
    }

    /** One side's bytes: handshake messages before ChangeCipherSpec, protected records after it. */
    private record Flight(List<Msg> plainMessages, List<Rec> protectedRecords) {
        Msg message(HandshakeType type) {
            return plainMessages.stream().filter(m -> m.type == type.code()).findFirst().orElseThrow();
        }
    }

    private static Flight parse(byte[] stream) {
        List<Rec> records = new ArrayList<>();
        for (int off = 0; off < stream.length; ) {
            int type = stream[off] & 0xFF;
            int length = ((stream[off + 3] & 0xFF) << 8) | (stream[off + 4] & 0xFF);
            records.add(new Rec(type, Arrays.copyOfRange(stream, off + 5, off + 5 + length)));
            off += 5 + length;
        }
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        int i = 0;
        for (; i < records.size() && records.get(i).type != ContentType.CHANGE_CIPHER_SPEC.code(); i++) {
            assertEquals(ContentType.HANDSHAKE.code(), records.get(i).type);
            handshake.writeBytes(records.get(i).fragment);
        }
        assertArrayEquals(new byte[] {1}, records.get(i).fragment, "ChangeCipherSpec");
        byte[] hs = handshake.toByteArray();
        List<Msg> messages = new ArrayList<>();
        for (int off = 0; off < hs.length; ) {
            int length = ((hs[off + 1] & 0xFF) << 16) | ((hs[off + 2] & 0xFF) << 8) | (hs[off + 3] & 0xFF);
            messages.add(new Msg(hs[off] & 0xFF, Arrays.copyOfRange(hs, off + 4, off + 4 + length),
                    Arrays.copyOfRange(hs, off, off + 4 + length)));
            off += 4 + length;
        }
        return new Flight(messages, records.subList(i + 1, records.size()));
    }

    private static byte[] body(Consumer<TlsWriter> encodeBody) {
        TlsWriter w = new TlsWriter();
        encodeBody.accept(w);
        return w.toByteArray();
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = resource(name)) {
            p.load(in);
        }
        return p;
    }

    private static InputStream resource(String name) {
        InputStream in = Tls12OpenSslVectorTest.class.getResourceAsStream("/dev/keel/tls/tls12/" + name);
        assertNotNull(in, name);
        return in;
    }

    private static PrivateKey privateKey(String file) throws Exception {
        String pem;
        try (InputStream in = resource(file)) {
            pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        String algorithm = file.startsWith("rsa") ? "RSA" : "EC";
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** A JCA verifier for a TLS SignatureScheme code point (RFC 8446 4.2.3). */
    private static Signature verifier(int scheme) throws Exception {
        return switch (scheme) {
            case 0x0401 -> Signature.getInstance("SHA256withRSA");
            case 0x0501 -> Signature.getInstance("SHA384withRSA");
            case 0x0601 -> Signature.getInstance("SHA512withRSA");
            case 0x0403 -> Signature.getInstance("SHA256withECDSA");
            case 0x0503 -> Signature.getInstance("SHA384withECDSA");
            case 0x0603 -> Signature.getInstance("SHA512withECDSA");
            case 0x0804, 0x0805, 0x0806 -> {
                String h = scheme == 0x0804 ? "SHA-256" : scheme == 0x0805 ? "SHA-384" : "SHA-512";
                int salt = scheme == 0x0804 ? 32 : scheme == 0x0805 ? 48 : 64;
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), salt, 1));
                yield s;
            }
            default -> throw new IllegalArgumentException("scheme " + Integer.toHexString(scheme));
        };
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] decrypt(RecordCipher12 cipher, Rec record) throws TlsAlertException {
        ByteBuffer dst = ByteBuffer.allocate(cipher.plaintextLength(record.fragment.length));
        cipher.decrypt(ContentType.fromCode(record.type), ByteBuffer.wrap(record.fragment), dst);
        return dst.array();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa_aes128gcm", "rsa_aes256gcm_noems", "ecdhe_rsa_chacha", "ecdhe_ecdsa_aes256gcm",
            "dhe_rsa_aes128gcm"})
    void keelReproducesEveryValueOfAnOpenSslSession(String name) throws Exception {
        Properties v = load(name + ".properties");
        Suite suite = Suite.of(Integer.decode(v.getProperty("suite")));
        PrivateKey serverKey = privateKey(v.getProperty("server_key"));
        byte[] masterSecret = HEX.parseHex(v.getProperty("master_secret"));
        Flight client = parse(HEX.parseHex(v.getProperty("client_to_server")));
        Flight server = parse(HEX.parseHex(v.getProperty("server_to_client")));

        // ---- hello messages: randoms, version, suite ----
        Msg clientHello = client.message(HandshakeType.CLIENT_HELLO);
        Msg serverHello = server.message(HandshakeType.SERVER_HELLO);
        int clientVersion = clientHello.reader().u16("client_version");
        byte[] clientRandom = Arrays.copyOfRange(clientHello.body, 2, 34);
        byte[] serverRandom = Arrays.copyOfRange(serverHello.body, 2, 34);
        assertArrayEquals(HEX.parseHex(v.getProperty("client_random")), clientRandom);
        int sessionIdLength = serverHello.body[34];
        int chosen = ((serverHello.body[35 + sessionIdLength] & 0xFF) << 8) | (serverHello.body[36 + sessionIdLength] & 0xFF);
        assertEquals(Integer.decode(v.getProperty("suite")), chosen);

        // ---- Certificate, ServerKeyExchange, ServerHelloDone: decode, re-encode, verify ----
        Msg certificateMsg = server.message(HandshakeType.CERTIFICATE);
        CertificateMessage12 certificate = CertificateMessage12.decode(certificateMsg.reader());
        assertArrayEquals(certificateMsg.body, body(certificate::encodeBody));
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.certificates().get(0)));
        PublicKey serverPublic = leaf.getPublicKey();
        assertTrue(suite.kex.acceptsCertificateKey(serverPublic.getAlgorithm()));
        if (serverKey instanceof RSAPrivateCrtKey rsa) {
            assertEquals(rsa.getModulus(), ((RSAPublicKey) serverPublic).getModulus());
        }

        if (suite.kex.hasServerKeyExchange()) {
            Msg skeMsg = server.message(HandshakeType.SERVER_KEY_EXCHANGE);
            byte[] signedContent;
            int scheme;
            byte[] signature;
            if (suite.kex.isEcdhe()) {
                ServerKeyExchangeEcdhe ske = ServerKeyExchangeEcdhe.decode(skeMsg.reader());
                assertArrayEquals(skeMsg.body, body(ske::encodeBody));
                signedContent = ske.signedContent(clientRandom, serverRandom);
                scheme = ske.signatureScheme();
                signature = ske.signature();
            } else {
                ServerKeyExchangeDhe ske = ServerKeyExchangeDhe.decode(skeMsg.reader());
                assertArrayEquals(skeMsg.body, body(ske::encodeBody));
                signedContent = ske.signedContent(clientRandom, serverRandom);
                scheme = ske.signatureScheme();
                signature = ske.signature();
            }
            // OpenSSL's signature verifies over the content Keel reconstructs: the params bytes are right.
            Signature verify = verifier(scheme);
            verify.initVerify(serverPublic);
            verify.update(signedContent);
            assertTrue(verify.verify(signature), "ServerKeyExchange signature");
        }
        ServerHelloDone.decode(server.message(HandshakeType.SERVER_HELLO_DONE).reader());

        // ---- ClientKeyExchange and the master secret ----
        Msg ckeMsg = client.message(HandshakeType.CLIENT_KEY_EXCHANGE);
        int serverHelloDoneIndex = server.plainMessages.indexOf(server.message(HandshakeType.SERVER_HELLO_DONE));
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        transcript.writeBytes(clientHello.wire);
        for (Msg m : server.plainMessages.subList(0, serverHelloDoneIndex + 1)) {
            transcript.writeBytes(m.wire);
        }
        transcript.writeBytes(ckeMsg.wire);
        MessageDigest hash = suite.hash.newDigest();
        byte[] sessionHash = hash.digest(transcript.toByteArray());
        Prf12 prf = new Prf12(suite.hash);

        switch (suite.kex) {
            case RSA -> {
                ClientKeyExchangeRsa cke = ClientKeyExchangeRsa.decode(ckeMsg.reader());
                assertArrayEquals(ckeMsg.body, body(cke::encodeBody));
                byte[] preMaster = RsaPremasterSecret.decrypt(
                        serverKey, cke.encryptedPreMaster(), clientVersion, new SecureRandom());
                assertArrayEquals(HEX.parseHex(v.getProperty("rsa_premaster_secret")), preMaster);
                byte[] derived = Boolean.parseBoolean(v.getProperty("extended_master_secret"))
                        ? prf.extendedMasterSecret(preMaster, sessionHash)
                        : prf.masterSecret(preMaster, clientRandom, serverRandom);
                assertArrayEquals(masterSecret, derived, "master secret from the RSA premaster");
            }
            case ECDHE_RSA, ECDHE_ECDSA -> {
                ClientKeyExchangeEcdhe cke = ClientKeyExchangeEcdhe.decode(ckeMsg.reader());
                assertArrayEquals(ckeMsg.body, body(cke::encodeBody));
            }
            case DHE_RSA -> {
                ClientKeyExchangeDhe cke = ClientKeyExchangeDhe.decode(ckeMsg.reader());
                assertArrayEquals(ckeMsg.body, body(cke::encodeBody));
            }
        }

        // ---- key block, the client's protected records, its Finished ----
        Prf12.AeadKeys keys = prf.keyBlock(masterSecret, clientRandom, serverRandom, suite.aead);
        RecordCipher12 fromClient = RecordCipher12.forDecryption(suite.aead, keys.clientWriteKey(), keys.clientWriteIv());
        byte[] clientFinished = decrypt(fromClient, client.protectedRecords.get(0));
        assertArrayEquals(concat(new byte[] {20, 0, 0, 12}, prf.clientVerifyData(masterSecret, sessionHash)),
                clientFinished, "client Finished");
        assertArrayEquals(HEX.parseHex(v.getProperty("client_app_data")), decrypt(fromClient, client.protectedRecords.get(1)));

        // With ChaCha20-Poly1305 the nonce is fixed by the sequence number, so Keel's encryptor must
        // produce OpenSSL's bytes exactly. (OpenSSL starts its GCM nonce_explicit at a random value,
        // so GCM records are not byte-comparable; RecordCipher12Test checks GCM sealing.)
        if (suite.aead == AeadAlgorithm.CHACHA20_POLY1305) {
            RecordCipher12 asClient = RecordCipher12.forEncryption(suite.aead, keys.clientWriteKey(), keys.clientWriteIv());
            for (int i = 0; i < 2; i++) {
                Rec original = client.protectedRecords.get(i);
                byte[] plaintext = i == 0 ? clientFinished : HEX.parseHex(v.getProperty("client_app_data"));
                ByteBuffer sealed = ByteBuffer.allocate(original.fragment.length);
                asClient.encrypt(ContentType.fromCode(original.type), ByteBuffer.wrap(plaintext), sealed);
                assertArrayEquals(original.fragment, sealed.array(), "re-encrypted client record " + i);
            }
        }

        // ---- NewSessionTicket (in the transcript), the server's Finished and data ----
        for (Msg m : server.plainMessages.subList(serverHelloDoneIndex + 1, server.plainMessages.size())) {
            assertEquals(HandshakeType.NEW_SESSION_TICKET.code(), m.type);
            NewSessionTicket12 ticket = NewSessionTicket12.decode(m.reader());
            assertArrayEquals(m.body, body(ticket::encodeBody));
        }
        transcript.writeBytes(clientFinished);
        for (Msg m : server.plainMessages.subList(serverHelloDoneIndex + 1, server.plainMessages.size())) {
            transcript.writeBytes(m.wire);
        }
        byte[] serverFinishedHash = hash.digest(transcript.toByteArray());
        RecordCipher12 fromServer = RecordCipher12.forDecryption(suite.aead, keys.serverWriteKey(), keys.serverWriteIv());
        assertArrayEquals(concat(new byte[] {20, 0, 0, 12}, prf.serverVerifyData(masterSecret, serverFinishedHash)),
                decrypt(fromServer, server.protectedRecords.get(0)), "server Finished");
        byte[] reply = decrypt(fromServer, server.protectedRecords.get(1));
        assertEquals("leek olleh\n", new String(reply, StandardCharsets.US_ASCII));

        // Anything after the data is an alert (close_notify) under the next sequence numbers.
        for (Flight f : List.of(client, server)) {
            RecordCipher12 c = f == client ? fromClient : fromServer;
            for (Rec r : f.protectedRecords.subList(2, f.protectedRecords.size())) {
                assertEquals(ContentType.ALERT.code(), r.type);
                assertArrayEquals(new byte[] {1, 0}, decrypt(c, r), "close_notify");
            }
        }

        // ---- RFC 5705 exporter ----
        assertArrayEquals(HEX.parseHex(v.getProperty("exporter_value")), prf.exportKeyingMaterial(masterSecret,
                clientRandom, serverRandom, v.getProperty("exporter_label"), null,
                Integer.parseInt(v.getProperty("exporter_length"))));
    }
}
