package dev.keel.tls.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.crypto.SignatureScheme;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The signature schemes a TLS 1.3 CertificateVerify uses (RFC 8446 4.2.3, 4.4.3), signing and verifying
 * in the wire encoding: ecdsa_secp256r1_sha256 (DER-encoded r and s), ed25519, rsa_pss_rsae_sha256
 * (salt length = hash length). Keys are made by the JDK and handed to both backends, so a signature made
 * by one verifies with the other.
 */
public interface SignatureBackend {
    byte[] sign(byte[] message) throws GeneralSecurityException;

    boolean verify(byte[] message, byte[] signature) throws GeneralSecurityException;

    /** A key pair for "ECDSA-P256", "Ed25519" or "RSA-PSS-2048". */
    static KeyPair generateKeys(String scheme) throws GeneralSecurityException {
        switch (scheme) {
            case "ECDSA-P256": {
                KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
                kpg.initialize(new ECGenParameterSpec("secp256r1"));
                return kpg.generateKeyPair();
            }
            case "Ed25519":
                return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            case "RSA-PSS-2048": {
                KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
                kpg.initialize(2048);
                return kpg.generateKeyPair();
            }
            default:
                throw new IllegalArgumentException("unknown scheme " + scheme);
        }
    }

    /** The scheme with "JDK", "BC" or "Keel", over the given keys. */
    static SignatureBackend create(String scheme, String backend, KeyPair keys, SecureRandom random)
            throws GeneralSecurityException {
        if (backend.equals("JDK")) {
            return new Jdk(scheme, keys);
        }
        if (backend.equals("Keel")) {
            return new Keel(scheme, keys, random);
        }
        if (!backend.equals("BC")) {
            throw new IllegalArgumentException("unknown backend " + backend + " (JDK, BC or Keel)");
        }
        switch (scheme) {
            case "ECDSA-P256":
                return new BcEcdsaP256(keys);
            case "Ed25519":
                return new BcEd25519(keys);
            case "RSA-PSS-2048":
                return new BcRsaPss(keys, random);
            default:
                throw new IllegalArgumentException("unknown scheme " + scheme);
        }
    }

    /** The JDK's {@link Signature}: SHA256withECDSA, Ed25519, RSASSA-PSS; initialised per operation. */
    final class Jdk implements SignatureBackend {
        private final KeyPair keys;
        private final Signature signature;
        private final PSSParameterSpec pss;

        Jdk(String scheme, KeyPair keys) throws GeneralSecurityException {
            this.keys = keys;
            switch (scheme) {
                case "ECDSA-P256":
                    signature = Signature.getInstance("SHA256withECDSA");
                    pss = null;
                    break;
                case "Ed25519":
                    signature = Signature.getInstance("Ed25519");
                    pss = null;
                    break;
                case "RSA-PSS-2048":
                    signature = Signature.getInstance("RSASSA-PSS");
                    pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
                    break;
                default:
                    throw new IllegalArgumentException("unknown scheme " + scheme);
            }
        }

        @Override
        public byte[] sign(byte[] message) throws GeneralSecurityException {
            signature.initSign(keys.getPrivate());
            if (pss != null) {
                signature.setParameter(pss);
            }
            signature.update(message);
            return signature.sign();
        }

        @Override
        public boolean verify(byte[] message, byte[] sig) throws GeneralSecurityException {
            signature.initVerify(keys.getPublic());
            if (pss != null) {
                signature.setParameter(pss);
            }
            signature.update(message);
            return signature.verify(sig);
        }
    }

    /**
     * Keel's own choice per scheme, through its public {@link SignatureScheme} API with the JDK's key
     * objects, as a handshake signs and verifies: ecdsa_secp256r1_sha256 on Keel's P-256 code, ed25519 on
     * Bouncy Castle, rsa_pss_rsae_sha256 on the JDK. Nothing is cached per public key, so every
     * verification works as with a fresh certificate key; the private key's conversion is cached per key.
     */
    final class Keel implements SignatureBackend {
        private final SignatureScheme scheme;
        private final KeyPair keys;
        private final SecureRandom random;

        Keel(String scheme, KeyPair keys, SecureRandom random) {
            this.scheme = switch (scheme) {
                case "ECDSA-P256" -> SignatureScheme.ECDSA_SECP256R1_SHA256;
                case "Ed25519" -> SignatureScheme.ED25519;
                case "RSA-PSS-2048" -> SignatureScheme.RSA_PSS_RSAE_SHA256;
                default -> throw new IllegalArgumentException("unknown scheme " + scheme);
            };
            this.keys = keys;
            this.random = random;
        }

        @Override
        public byte[] sign(byte[] message) throws GeneralSecurityException {
            try {
                return scheme.sign(keys.getPrivate(), message, random);
            } catch (TlsAlertException e) {
                throw new GeneralSecurityException(e.getMessage(), e);
            }
        }

        @Override
        public boolean verify(byte[] message, byte[] signature) {
            return scheme.verify(keys.getPublic(), message, signature);
        }
    }

    /** BC ECDSASigner with deterministic k (RFC 6979, HMacDSAKCalculator) over the custom P-256 curve. */
    final class BcEcdsaP256 implements SignatureBackend {
        private final ECPrivateKeyParameters privateKey;
        private final ECPublicKeyParameters publicKey;
        private final ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(SHA256Digest.newInstance()));
        private final Digest sha256 = SHA256Digest.newInstance();
        private final byte[] hash = new byte[32];

        BcEcdsaP256(KeyPair keys) {
            X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
            ECDomainParameters domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
            privateKey = new ECPrivateKeyParameters(((ECPrivateKey) keys.getPrivate()).getS(), domain);
            java.security.spec.ECPoint w = ((ECPublicKey) keys.getPublic()).getW();
            publicKey = new ECPublicKeyParameters(
                    domain.getCurve().createPoint(w.getAffineX(), w.getAffineY()), domain);
        }

        @Override
        public byte[] sign(byte[] message) throws GeneralSecurityException {
            signer.init(true, privateKey);
            BigInteger[] rs = signer.generateSignature(hash(message));
            try {
                return StandardDSAEncoding.INSTANCE.encode(signer.getOrder(), rs[0], rs[1]);
            } catch (IOException e) {
                throw new GeneralSecurityException("cannot DER-encode an ECDSA signature", e);
            }
        }

        @Override
        public boolean verify(byte[] message, byte[] signature) throws GeneralSecurityException {
            signer.init(false, publicKey);
            BigInteger[] rs;
            try {
                rs = StandardDSAEncoding.INSTANCE.decode(signer.getOrder(), signature);
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
            return signer.verifySignature(hash(message), rs[0], rs[1]);
        }

        private byte[] hash(byte[] message) {
            sha256.update(message, 0, message.length);
            sha256.doFinal(hash, 0);
            return hash;
        }
    }

    /** BC's RFC 8032 Ed25519 over byte arrays. */
    final class BcEd25519 implements SignatureBackend {
        private final byte[] privateKey;
        private final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];

        BcEd25519(KeyPair keys) {
            privateKey = ((EdECPrivateKey) keys.getPrivate()).getBytes()
                    .orElseThrow(() -> new IllegalArgumentException("the Ed25519 key exposes no bytes"));
            Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
        }

        @Override
        public byte[] sign(byte[] message) {
            byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
            Ed25519.sign(privateKey, 0, publicKey, 0, message, 0, message.length, signature, 0);
            return signature;
        }

        @Override
        public boolean verify(byte[] message, byte[] signature) {
            return signature.length == Ed25519.SIGNATURE_SIZE
                    && Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
        }
    }

    /** BC PSSSigner over the blinded RSA engine (CRT private key), SHA-256, 32-byte salt. */
    final class BcRsaPss implements SignatureBackend {
        private final ParametersWithRandom privateKey;
        private final RSAKeyParameters publicKey;
        private final PSSSigner signer = new PSSSigner(new RSABlindedEngine(), SHA256Digest.newInstance(), 32);

        BcRsaPss(KeyPair keys, SecureRandom random) {
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) keys.getPrivate();
            privateKey = new ParametersWithRandom(new RSAPrivateCrtKeyParameters(k.getModulus(),
                    k.getPublicExponent(), k.getPrivateExponent(), k.getPrimeP(), k.getPrimeQ(),
                    k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient()), random);
            RSAPublicKey p = (RSAPublicKey) keys.getPublic();
            publicKey = new RSAKeyParameters(false, p.getModulus(), p.getPublicExponent());
        }

        @Override
        public byte[] sign(byte[] message) throws GeneralSecurityException {
            signer.init(true, privateKey);
            signer.update(message, 0, message.length);
            try {
                return signer.generateSignature();
            } catch (CryptoException e) {
                throw new GeneralSecurityException("RSA-PSS signing failed", e);
            }
        }

        @Override
        public boolean verify(byte[] message, byte[] signature) {
            signer.init(false, publicKey);
            signer.update(message, 0, message.length);
            return signer.verifySignature(signature);
        }
    }
}
