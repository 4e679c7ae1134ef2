package dev.keel.tls.tls12;

import dev.keel.tls.message.CertificateMessage12;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.HandshakeMessage;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.ServerHelloDone;
import dev.keel.tls.message.ServerKeyExchangeDhe;
import dev.keel.tls.message.ServerKeyExchangeEcdhe;
import dev.keel.tls.testutil.TestPki;
import dev.keel.tls.testutil.TestPki.Identity;
import dev.keel.tls.testutil.TestPki.KeyType;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;

/**
 * A TLS 1.2 server written out message by message against a client {@link SSLEngine}: it answers the
 * client's ClientHello with a first flight of its choosing, with ServerKeyExchange parameters signed
 * with the JDK's own {@link Signature} (rsa_pkcs1_sha256 or ecdsa_secp256r1_sha256), to test what the
 * client accepts.
 */
final class ScriptedServer12 {
    static final int RSA_PKCS1_SHA256 = 0x0401;
    static final int ECDSA_SECP256R1_SHA256 = 0x0403;

    final SSLEngine client;
    final ClientHello clientHello;
    final byte[] serverRandom = new byte[32];

    /** Starts the client engine and reads its ClientHello. */
    ScriptedServer12(SSLEngine client) throws Exception {
        this.client = client;
        client.beginHandshake();
        RawHandshake ch = Wire.find(Wire.wrapAll(client), HandshakeType.CLIENT_HELLO.code());
        this.clientHello = ClientHello.decode(ch.reader());
        new SecureRandom().nextBytes(serverRandom);
    }

    /** The usual ServerHello extensions of a TLS 1.2 server answering this client: EMS and renegotiation_info. */
    static List<Extension> usualExtensions() {
        List<Extension> ext = new ArrayList<>();
        ext.add(new Extension(ExtensionType.RENEGOTIATION_INFO, new byte[] {0}));
        ext.add(new Extension(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]));
        return ext;
    }

    ServerHello serverHello(int version, int suite, List<Extension> extensions) {
        return new ServerHello(version, serverRandom, new byte[0], suite, 0, Extensions.of(extensions));
    }

    static CertificateMessage12 certificate(KeyType key) throws Exception {
        List<byte[]> ders = new ArrayList<>();
        for (X509Certificate c : TestPki.server(key).chain()) {
            ders.add(c.getEncoded());
        }
        return new CertificateMessage12(ders);
    }

    /** Signs client_random + server_random + params with the test key of {@code key} (RFC 5246 7.4.3). */
    byte[] sign(KeyType key, byte[] params) throws Exception {
        Identity id = TestPki.server(key);
        Signature s = Signature.getInstance(key == KeyType.RSA_2048 ? "SHA256withRSA" : "SHA256withECDSA");
        s.initSign(id.privateKey());
        s.update(clientHello.random());
        s.update(serverRandom);
        s.update(params);
        return s.sign();
    }

    /** A DHE ServerKeyExchange with these (p, g, Ys), signed rsa_pkcs1_sha256 unless {@code badSignature}. */
    ServerKeyExchangeDhe dhe(byte[] p, byte[] g, byte[] ys, boolean badSignature) throws Exception {
        byte[] sig = sign(KeyType.RSA_2048, ServerKeyExchangeDhe.encodeParams(p, g, ys));
        if (badSignature) {
            sig[sig.length / 2] ^= 1;
        }
        return new ServerKeyExchangeDhe(p, g, ys, RSA_PKCS1_SHA256, sig);
    }

    /** An ECDHE ServerKeyExchange signed with the P-256 test key, with the given scheme code on the wire. */
    ServerKeyExchangeEcdhe ecdhe(int group, byte[] point, int scheme) throws Exception {
        byte[] sig = sign(KeyType.EC_P256, ServerKeyExchangeEcdhe.encodeParams(group, point));
        return new ServerKeyExchangeEcdhe(group, point, scheme, sig);
    }

    /** Sends a flight ending with ServerHelloDone to the client. */
    void flight(HandshakeMessage... messages) throws Exception {
        List<HandshakeMessage> all = new ArrayList<>(List.of(messages));
        all.add(new ServerHelloDone());
        Wire.unwrapAll(client, Wire.handshakeRecord(all.toArray(new HandshakeMessage[0])));
    }

    /** The flight, expecting the client to fail; returns its alert {level, description}. */
    int[] flightFailing(HandshakeMessage... messages) {
        List<HandshakeMessage> all = new ArrayList<>(List.of(messages));
        all.add(new ServerHelloDone());
        return Wire.failingWith(client, Wire.handshakeRecord(all.toArray(new HandshakeMessage[0])));
    }
}
