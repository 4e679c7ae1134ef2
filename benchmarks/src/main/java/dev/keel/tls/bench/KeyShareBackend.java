package dev.keel.tls.bench;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;

import javax.crypto.KeyAgreement;

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

/**
 * One side of an (EC)DHE key exchange as a TLS endpoint does it (RFC 8446 4.2.8, 7.4): generate an
 * ephemeral key pair, encode its public key for the key_share, decode the peer's share, and agree on
 * the shared secret. X25519 uses 32-byte little-endian u-coordinates (RFC 7748 5); the NIST curves use
 * uncompressed points (RFC 8446 4.2.8.2) and the x-coordinate as the secret.
 */
public interface KeyShareBackend {
    /**
     * Does one exchange against the peer's encoded share: {@code ownShare} receives our encoded public
     * key; returns the shared secret.
     */
    byte[] exchange(byte[] peerShare, byte[] ownShare) throws GeneralSecurityException;

    /** Length of an encoded share. */
    int shareLength();

    /** "X25519", "P-256" or "P-384", with "JDK" or "BC". */
    static KeyShareBackend create(String group, String backend, SecureRandom random) throws GeneralSecurityException {
        boolean jdk;
        if (backend.equals("JDK")) {
            jdk = true;
        } else if (backend.equals("BC")) {
            jdk = false;
        } else {
            throw new IllegalArgumentException("unknown backend " + backend + " (JDK or BC)");
        }
        switch (group) {
            case "X25519":
                return jdk ? new JdkX25519() : new BcX25519(random);
            case "P-256":
                return jdk ? new JdkEcdh("secp256r1", 32) : new BcEcdh("secp256r1", random);
            case "P-384":
                return jdk ? new JdkEcdh("secp384r1", 48) : new BcEcdh("secp384r1", random);
            default:
                throw new IllegalArgumentException("unknown group " + group);
        }
    }

    /** The JDK's XDH: KeyPairGenerator, KeyFactory and KeyAgreement "X25519". */
    final class JdkX25519 implements KeyShareBackend {
        private final KeyPairGenerator generator;
        private final KeyFactory factory;
        private final KeyAgreement agreement;

        JdkX25519() throws GeneralSecurityException {
            generator = KeyPairGenerator.getInstance("X25519");
            factory = KeyFactory.getInstance("X25519");
            agreement = KeyAgreement.getInstance("X25519");
        }

        @Override
        public byte[] exchange(byte[] peerShare, byte[] ownShare) throws GeneralSecurityException {
            KeyPair own = generator.generateKeyPair();
            encodeLittleEndian(((XECPublicKey) own.getPublic()).getU(), ownShare);
            PublicKey peer = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                    decodeLittleEndian(peerShare)));
            agreement.init(own.getPrivate());
            agreement.doPhase(peer, true);
            return agreement.generateSecret();
        }

        @Override
        public int shareLength() {
            return 32;
        }

        /** RFC 7748 5: the u-coordinate is little-endian; the top bit of the last byte is ignored. */
        private static BigInteger decodeLittleEndian(byte[] u) {
            byte[] bigEndian = new byte[u.length];
            for (int i = 0; i < u.length; i++) {
                bigEndian[i] = u[u.length - 1 - i];
            }
            bigEndian[0] &= 0x7F;
            return new BigInteger(1, bigEndian);
        }

        private static void encodeLittleEndian(BigInteger u, byte[] out) {
            byte[] bigEndian = BigIntegers.asUnsignedByteArray(out.length, u);
            for (int i = 0; i < out.length; i++) {
                out[i] = bigEndian[out.length - 1 - i];
            }
        }
    }

    /** Bouncy Castle's X25519 (RFC 7748) over byte arrays. */
    final class BcX25519 implements KeyShareBackend {
        private final SecureRandom random;
        private final byte[] privateKey = new byte[X25519.SCALAR_SIZE];

        BcX25519(SecureRandom random) {
            this.random = random;
        }

        @Override
        public byte[] exchange(byte[] peerShare, byte[] ownShare) throws GeneralSecurityException {
            X25519.generatePrivateKey(random, privateKey);
            X25519.generatePublicKey(privateKey, 0, ownShare, 0);
            byte[] secret = new byte[X25519.POINT_SIZE];
            if (!X25519.calculateAgreement(privateKey, 0, peerShare, 0, secret, 0)) {
                throw new GeneralSecurityException("X25519 shared secret is all zeros (RFC 7748 6.1)");
            }
            return secret;
        }

        @Override
        public int shareLength() {
            return X25519.POINT_SIZE;
        }
    }

    /** The JDK's ECDH: KeyPairGenerator, KeyFactory and KeyAgreement over SunEC. */
    final class JdkEcdh implements KeyShareBackend {
        private final KeyPairGenerator generator;
        private final KeyFactory factory;
        private final KeyAgreement agreement;
        private final ECParameterSpec curve;
        private final int fieldLength;

        JdkEcdh(String curveName, int fieldLength) throws GeneralSecurityException {
            this.fieldLength = fieldLength;
            generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curveName));
            factory = KeyFactory.getInstance("EC");
            agreement = KeyAgreement.getInstance("ECDH");
            curve = ((ECPublicKey) generator.generateKeyPair().getPublic()).getParams();
        }

        @Override
        public byte[] exchange(byte[] peerShare, byte[] ownShare) throws GeneralSecurityException {
            KeyPair own = generator.generateKeyPair();
            ECPoint w = ((ECPublicKey) own.getPublic()).getW();
            ownShare[0] = 0x04;
            BigIntegers.asUnsignedByteArray(w.getAffineX(), ownShare, 1, fieldLength);
            BigIntegers.asUnsignedByteArray(w.getAffineY(), ownShare, 1 + fieldLength, fieldLength);
            if (peerShare.length != 1 + 2 * fieldLength || peerShare[0] != 0x04) {
                throw new GeneralSecurityException("not an uncompressed point");
            }
            ECPoint peerPoint = new ECPoint(
                    new BigInteger(1, Arrays.copyOfRange(peerShare, 1, 1 + fieldLength)),
                    new BigInteger(1, Arrays.copyOfRange(peerShare, 1 + fieldLength, peerShare.length)));
            PublicKey peer = factory.generatePublic(new ECPublicKeySpec(peerPoint, curve));
            agreement.init(own.getPrivate());
            agreement.doPhase(peer, true);
            return agreement.generateSecret();
        }

        @Override
        public int shareLength() {
            return 1 + 2 * fieldLength;
        }
    }

    /** Bouncy Castle's lightweight ECDH over its custom (fast) curve implementations. */
    final class BcEcdh implements KeyShareBackend {
        private final ECDomainParameters domain;
        private final ECKeyPairGenerator generator = new ECKeyPairGenerator();
        private final ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        private final int fieldLength;

        BcEcdh(String curveName, SecureRandom random) {
            X9ECParameters x9 = CustomNamedCurves.getByName(curveName);
            domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
            generator.init(new ECKeyGenerationParameters(domain, random));
            fieldLength = (x9.getCurve().getFieldSize() + 7) / 8;
        }

        @Override
        public byte[] exchange(byte[] peerShare, byte[] ownShare) throws GeneralSecurityException {
            AsymmetricCipherKeyPair own = generator.generateKeyPair();
            byte[] encoded = ((ECPublicKeyParameters) own.getPublic()).getQ().getEncoded(false);
            System.arraycopy(encoded, 0, ownShare, 0, encoded.length);
            ECPublicKeyParameters peer;
            try {
                // decodePoint checks the point is on the curve; the parameters check it is valid.
                peer = new ECPublicKeyParameters(domain.getCurve().decodePoint(peerShare), domain);
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("invalid peer share: " + e.getMessage(), e);
            }
            agreement.init(own.getPrivate());
            return BigIntegers.asUnsignedByteArray(fieldLength, agreement.calculateAgreement(peer));
        }

        @Override
        public int shareLength() {
            return 1 + 2 * fieldLength;
        }
    }
}
