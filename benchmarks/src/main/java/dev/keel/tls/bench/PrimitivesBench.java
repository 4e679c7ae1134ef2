package dev.keel.tls.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.BigIntegers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every primitive Keel uses, as the JDK and as Bouncy Castle's lightweight API, so that Keel can pick the
 * faster backend per primitive by measurement (DESIGN.md, Performance). The {@code backend} parameter is
 * "JDK" or "BC"; signatures also have "Keel", Keel's own pick through its public {@code SignatureScheme}
 * API (its own P-256 ECDSA). Each setup cross-checks the backends (the same ciphertext, the same shared
 * secret, signatures that verify across), so all compute the same thing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PrimitivesBench {

    static final SecureRandom RANDOM = new SecureRandom();

    static String otherBackend(String backend) {
        return backend.equals("JDK") ? "BC" : "JDK";
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** AEAD seal then open of one record, with the TLS 1.3 per-record nonce (RFC 8446 5.3). */
    @State(Scope.Thread)
    public static class Aead {
        @Param({"JDK", "BC"})
        public String backend;
        @Param({"AES-128-GCM", "AES-256-GCM", "ChaCha20-Poly1305"})
        public String algorithm;
        @Param({"16384"})
        public int size;

        AeadBackend aead;
        final byte[] iv = randomBytes(12);
        final byte[] nonce = new byte[12];
        /** The TLS 1.3 additional data: the 5-byte record header. */
        final byte[] aad = {23, 3, 3, 0, 0};
        byte[] plaintext;
        byte[] sealed;
        byte[] opened;
        long sequence;

        @Setup
        public void setUp() throws GeneralSecurityException {
            byte[] key = randomBytes(algorithm.equals("AES-128-GCM") ? 16 : 32);
            aead = AeadBackend.create(algorithm, backend, key);
            AeadBackend other = AeadBackend.create(algorithm, otherBackend(backend), key);
            plaintext = randomBytes(size);
            sealed = new byte[size + AeadBackend.TAG_LENGTH];
            opened = new byte[size];
            aad[3] = (byte) (sealed.length >>> 8);
            aad[4] = (byte) sealed.length;
            // Cross-check: the same nonce gives the same ciphertext in both backends, and each opens the other's.
            nextNonce();
            byte[] byOther = new byte[sealed.length];
            aead.seal(nonce, aad, plaintext, size, sealed);
            other.seal(nonce, aad, plaintext, size, byOther);
            if (!Arrays.equals(sealed, byOther)) {
                throw new IllegalStateException(algorithm + ": JDK and BC ciphertexts differ");
            }
            other.open(nonce, aad, sealed, sealed.length, opened);
            if (!Arrays.equals(plaintext, opened)) {
                throw new IllegalStateException(algorithm + ": " + otherBackend(backend) + " cannot open " + backend);
            }
        }

        /** nonce = iv XOR 64-bit sequence number, left-padded (RFC 8446 5.3). */
        void nextNonce() {
            long seq = sequence++;
            System.arraycopy(iv, 0, nonce, 0, 12);
            for (int i = 0; i < 8; i++) {
                nonce[11 - i] ^= (byte) (seq >>> (8 * i));
            }
        }
    }

    /** One side of an (EC)DHE exchange against a peer share made by Bouncy Castle at setup. */
    @State(Scope.Thread)
    public static class KeyShare {
        @Param({"JDK", "BC"})
        public String backend;
        @Param({"X25519", "P-256", "P-384"})
        public String group;

        KeyShareBackend exchange;
        byte[] peerShare;
        byte[] ownShare;

        @Setup
        public void setUp() throws GeneralSecurityException {
            exchange = KeyShareBackend.create(group, backend, RANDOM);
            ownShare = new byte[exchange.shareLength()];
            // The peer's key is made with BC; after the exchange the peer derives the secret from our share.
            if (group.equals("X25519")) {
                byte[] peerPrivate = new byte[X25519.SCALAR_SIZE];
                X25519.generatePrivateKey(RANDOM, peerPrivate);
                peerShare = new byte[X25519.POINT_SIZE];
                X25519.generatePublicKey(peerPrivate, 0, peerShare, 0);
                byte[] ours = exchange.exchange(peerShare, ownShare);
                byte[] theirs = new byte[X25519.POINT_SIZE];
                X25519.calculateAgreement(peerPrivate, 0, ownShare, 0, theirs, 0);
                requireEqual(ours, theirs);
            } else {
                X9ECParameters x9 = CustomNamedCurves.getByName(group.equals("P-256") ? "secp256r1" : "secp384r1");
                ECDomainParameters domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
                ECKeyPairGenerator generator = new ECKeyPairGenerator();
                generator.init(new ECKeyGenerationParameters(domain, RANDOM));
                AsymmetricCipherKeyPair peer = generator.generateKeyPair();
                peerShare = ((ECPublicKeyParameters) peer.getPublic()).getQ().getEncoded(false);
                byte[] ours = exchange.exchange(peerShare, ownShare);
                ECDHBasicAgreement agreement = new ECDHBasicAgreement();
                agreement.init(peer.getPrivate());
                byte[] theirs = BigIntegers.asUnsignedByteArray((x9.getCurve().getFieldSize() + 7) / 8,
                        agreement.calculateAgreement(new ECPublicKeyParameters(
                                domain.getCurve().decodePoint(ownShare), domain)));
                requireEqual(ours, theirs);
            }
        }

        private void requireEqual(byte[] ours, byte[] theirs) {
            if (!Arrays.equals(ours, theirs)) {
                throw new IllegalStateException(group + " " + backend + ": the shared secret differs from the "
                        + "one Bouncy Castle derives on the peer's side");
            }
        }
    }

    /** Signing and verifying a TLS 1.3 CertificateVerify input (RFC 8446 4.4.3), 130 bytes. */
    @State(Scope.Thread)
    public static class Signatures {
        /** "Keel" is Keel's own pick per scheme through its public API (its own P-256 ECDSA). */
        @Param({"JDK", "BC", "Keel"})
        public String backend;
        @Param({"ECDSA-P256", "Ed25519", "RSA-PSS-2048"})
        public String scheme;

        SignatureBackend signer;
        byte[] message;
        byte[] signature;

        @Setup
        public void setUp() throws GeneralSecurityException {
            KeyPair keys = SignatureBackend.generateKeys(scheme);
            signer = SignatureBackend.create(scheme, backend, keys, RANDOM);
            SignatureBackend other = SignatureBackend.create(scheme, otherBackend(backend), keys, RANDOM);
            message = certificateVerifyInput();
            signature = signer.sign(message);
            byte[] byOther = other.sign(message);
            if (!other.verify(message, signature) || !signer.verify(message, byOther)) {
                throw new IllegalStateException(scheme + ": " + backend + " and " + otherBackend(backend)
                        + " signatures do not verify across backends");
            }
            if (scheme.equals("Ed25519") && !Arrays.equals(signature, byOther)) {
                throw new IllegalStateException("Ed25519 is deterministic, yet JDK and BC signatures differ");
            }
            byte[] tampered = message.clone();
            tampered[tampered.length - 1] ^= 1;
            if (signer.verify(tampered, signature)) {
                throw new IllegalStateException(scheme + " " + backend + " accepts a signature over other content");
            }
        }

        private static byte[] certificateVerifyInput() {
            byte[] context = "TLS 1.3, server CertificateVerify".getBytes(StandardCharsets.US_ASCII);
            byte[] m = new byte[64 + context.length + 1 + 32];
            Arrays.fill(m, 0, 64, (byte) 0x20);
            System.arraycopy(context, 0, m, 64, context.length);
            System.arraycopy(randomBytes(32), 0, m, 64 + context.length + 1, 32);
            return m;
        }
    }

    /** SHA-256 or HMAC-SHA256 of {@code size} bytes. */
    @State(Scope.Thread)
    public static class Hash {
        @Param({"JDK", "BC"})
        public String backend;
        @Param({"HMAC-SHA256", "SHA-256"})
        public String algorithm;
        @Param({"1024"})
        public int size;

        DigestBackend digest;
        byte[] data;
        final byte[] out = new byte[32];

        @Setup
        public void setUp() throws GeneralSecurityException {
            byte[] key = randomBytes(32);
            digest = DigestBackend.create(algorithm, backend, key);
            data = randomBytes(size);
            byte[] byOther = new byte[32];
            DigestBackend.create(algorithm, otherBackend(backend), key).compute(data, byOther);
            digest.compute(data, out);
            if (!Arrays.equals(out, byOther)) {
                throw new IllegalStateException(algorithm + ": JDK and BC results differ");
            }
        }
    }

    /** Seal and open one 16 KiB record; the report turns ops/s into MB/s of plaintext. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int aeadSealOpen(Aead s) throws GeneralSecurityException {
        s.nextNonce();
        int sealed = s.aead.seal(s.nonce, s.aad, s.plaintext, s.size, s.sealed);
        return s.aead.open(s.nonce, s.aad, s.sealed, sealed, s.opened);
    }

    /** Ephemeral key pair, encoded share, decoded peer share, shared secret. */
    @Benchmark
    public byte[] keyShare(KeyShare s) throws GeneralSecurityException {
        return s.exchange.exchange(s.peerShare, s.ownShare);
    }

    @Benchmark
    public byte[] sign(Signatures s) throws GeneralSecurityException {
        return s.signer.sign(s.message);
    }

    @Benchmark
    public boolean verify(Signatures s) throws GeneralSecurityException {
        if (!s.signer.verify(s.message, s.signature)) {
            throw new IllegalStateException(s.scheme + " " + s.backend + " rejected a valid signature");
        }
        return true;
    }

    @Benchmark
    public byte hash(Hash s) throws GeneralSecurityException {
        s.digest.compute(s.data, s.out);
        return s.out[0];
    }
}
