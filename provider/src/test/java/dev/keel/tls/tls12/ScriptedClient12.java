package dev.keel.tls.tls12;

import dev.keel.tls.message.CertificateMessage12;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.ClientKeyExchangeRsa;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.SignatureAlgorithms;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * A TLS 1.2 client written out message by message against a server {@link SSLEngine}, for the
 * static-RSA key exchange with TLS_RSA_WITH_AES_128_GCM_SHA256: it can send any ClientHello and any
 * encrypted premaster secret, and derives its keys with {@link Wire}'s independent PRF.
 */
final class ScriptedClient12 {
    static final int TLS_RSA_WITH_AES_128_GCM_SHA256 = 0x009C;

    private final SSLEngine server;
    private final SecureRandom random = new SecureRandom();
    private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    private final byte[] clientRandom = new byte[32];
    private boolean extendedMasterSecret;
    private byte[] serverRandom;
    private RSAPublicKey serverKey;
    private byte[] masterSecret;
    private byte[] keyBlock;

    ScriptedClient12(SSLEngine server) {
        this.server = server;
        random.nextBytes(clientRandom);
    }

    /** A TLS 1.2 ClientHello for the RSA suite with signature_algorithms, the SCSV and optionally EMS. */
    ClientHello clientHello(boolean ems, List<Integer> extraSuites) {
        List<Extension> ext = new ArrayList<>();
        ext.add(new Extension(ExtensionType.SIGNATURE_ALGORITHMS,
                new SignatureAlgorithms(List.of(0x0804, 0x0401, 0x0403)).encode()));
        if (ems) {
            ext.add(new Extension(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]));
        }
        List<Integer> suites = new ArrayList<>(List.of(TLS_RSA_WITH_AES_128_GCM_SHA256, 0x00FF));
        suites.addAll(extraSuites);
        return new ClientHello(0x0303, clientRandom, new byte[0], suites, new byte[] {0}, Extensions.of(ext));
    }

    /** Sends the ClientHello, reads the server's first flight; returns its bytes. */
    byte[] hello(ClientHello ch) throws Exception {
        extendedMasterSecret = ch.extensions().contains(ExtensionType.EXTENDED_MASTER_SECRET);
        byte[] wire = ch.encode();
        transcript.writeBytes(wire);
        Wire.unwrapAll(server, Wire.record(Wire.HANDSHAKE, wire));
        byte[] flight = Wire.wrapAll(server);
        for (RawHandshake h : Wire.handshakes(Wire.records(flight))) {
            transcript.writeBytes(h.wire());
            if (h.type() == HandshakeType.SERVER_HELLO.code()) {
                serverRandom = ServerHello.decode(h.reader()).random();
            } else if (h.type() == HandshakeType.CERTIFICATE.code()) {
                byte[] der = CertificateMessage12.decode(h.reader()).certificates().get(0);
                X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der));
                serverKey = (RSAPublicKey) leaf.getPublicKey();
            }
        }
        return flight;
    }

    int modulusLength() {
        return (serverKey.getModulus().bitLength() + 7) / 8;
    }

    /** RSAEP (RFC 8017 5.1.1) of an encoded block, as k bytes: any block, well-formed or not. */
    byte[] rawEncrypt(byte[] em) {
        BigInteger c = new BigInteger(1, em).modPow(serverKey.getPublicExponent(), serverKey.getModulus());
        return unsigned(c, modulusLength());
    }

    /** A correct PKCS#1 v1.5 encryption block (RFC 8017 7.2.1) for {@code message}. */
    byte[] pkcs1Block(byte[] message) {
        int k = modulusLength();
        byte[] em = new byte[k];
        em[1] = 2;
        for (int i = 2; i < k - message.length - 1; i++) {
            em[i] = (byte) (1 + random.nextInt(255));
        }
        System.arraycopy(message, 0, em, k - message.length, message.length);
        return em;
    }

    /**
     * Sends ClientKeyExchange with {@code encrypted} and derives this client's keys from
     * {@code preMasterSecret}; returns the ClientKeyExchange record.
     */
    byte[] clientKeyExchange(byte[] encrypted, byte[] preMasterSecret) throws Exception {
        byte[] cke = new ClientKeyExchangeRsa(encrypted).encode();
        transcript.writeBytes(cke);
        byte[] th = MessageDigest.getInstance("SHA-256").digest(transcript.toByteArray());
        masterSecret = extendedMasterSecret
                ? Wire.prf256(preMasterSecret, "extended master secret", th, 48)
                : Wire.prf256(preMasterSecret, "master secret", Wire.concat(clientRandom, serverRandom), 48);
        keyBlock = Wire.prf256(masterSecret, "key expansion", Wire.concat(serverRandom, clientRandom), 40);
        return Wire.record(Wire.HANDSHAKE, cke);
    }

    /** Our Finished (RFC 5246 7.4.9), encrypted under the client write key as the first record (seq 0). */
    byte[] finished() throws Exception {
        byte[] message = finishedMessage("client finished");
        transcript.writeBytes(message);
        return seal(Wire.HANDSHAKE, message);
    }

    /** Decrypts the server's first protected record and checks that it is the expected Finished. */
    boolean serverFinishedMatches(byte[] fragment) throws Exception {
        byte[] expected = finishedMessage("server finished");
        return Arrays.equals(expected, open(Wire.HANDSHAKE, fragment));
    }

    private long writeSeq;
    private long readSeq;

    /** The next record we send, under the client write key (RFC 5288 3). */
    byte[] seal(int type, byte[] plaintext) throws Exception {
        return Wire.sealGcm(Arrays.copyOfRange(keyBlock, 0, 16), Arrays.copyOfRange(keyBlock, 32, 36), writeSeq++,
                type, plaintext);
    }

    /** The next record the server sent, opened under the server write key. */
    byte[] open(int type, byte[] fragment) throws Exception {
        return Wire.openGcm(Arrays.copyOfRange(keyBlock, 16, 32), Arrays.copyOfRange(keyBlock, 36, 40), readSeq++,
                type, fragment);
    }

    /**
     * A whole handshake with a well-formed premaster secret, up to and including the check of the
     * server's Finished; false if the server's Finished did not verify.
     */
    boolean completeHandshake(ClientHello ch) throws Exception {
        hello(ch);
        byte[] m = randomBytes(48);
        m[0] = 3;
        m[1] = 3;
        byte[] cke = clientKeyExchange(rawEncrypt(pkcs1Block(m)), m);
        Wire.unwrapAll(server, Wire.concat(cke, Wire.changeCipherSpec(), finished()));
        List<Wire.Rec> reply = Wire.records(Wire.wrapAll(server));
        return reply.size() == 2 && reply.get(0).type() == Wire.CHANGE_CIPHER_SPEC
                && serverFinishedMatches(reply.get(1).fragment());
    }

    private byte[] finishedMessage(String label) throws Exception {
        byte[] th = MessageDigest.getInstance("SHA-256").digest(transcript.toByteArray());
        return Wire.concat(new byte[] {20, 0, 0, 12}, Wire.prf256(masterSecret, label, th, 12));
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    SSLEngine server() {
        return server;
    }

    static byte[] unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(b.length, length);
        System.arraycopy(b, b.length - n, out, length - n, n);
        return out;
    }

    /** Feeds bytes, expecting no failure and no output. */
    void feedQuietly(byte[] bytes) throws SSLException {
        Wire.unwrapAll(server, bytes);
    }
}
