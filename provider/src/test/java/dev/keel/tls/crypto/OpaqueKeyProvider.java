package dev.keel.tls.crypto;

import java.security.InvalidKeyException;
import java.security.InvalidAlgorithmParameterException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a PKCS#11 / HSM / KMS provider in tests: its private keys ({@link OpaqueKey}) expose no
 * material (no encoding, no scalar), so only this provider can sign with them. It signs by delegating to
 * the JDK with the wrapped key, and counts how often it was used.
 */
final class OpaqueKeyProvider extends Provider {
    private static final long serialVersionUID = 1L;

    static final String NAME = "KeelTestOpaqueKeys";
    static final AtomicInteger SIGNATURES = new AtomicInteger();

    /** A private key whose material is not extractable; the JDK providers do not accept it. */
    static final class OpaqueKey implements PrivateKey {
        private static final long serialVersionUID = 1L;
        private final transient PrivateKey inner;

        OpaqueKey(PrivateKey inner) {
            this.inner = inner;
        }

        @Override
        public String getAlgorithm() {
            return inner.getAlgorithm();
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }

    OpaqueKeyProvider() {
        super(NAME, "1.0", "Keel test provider for keys without extractable material");
        for (String algorithm : new String[] {"SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA",
                "SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "RSASSA-PSS", "Ed25519", "Ed448"}) {
            putService(new Service(this, "Signature", algorithm, DelegatingSignature.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) {
                    return new DelegatingSignature(getAlgorithm());
                }

                @Override
                public boolean supportsParameter(Object parameter) {
                    return parameter instanceof OpaqueKey;
                }
            });
        }
    }

    static final class DelegatingSignature extends SignatureSpi {
        private final Signature jdk;

        DelegatingSignature(String algorithm) {
            try {
                this.jdk = Signature.getInstance(algorithm);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            throw new InvalidKeyException("this test provider only signs");
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            engineInitSign(privateKey, null);
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey, SecureRandom random) throws InvalidKeyException {
            if (!(privateKey instanceof OpaqueKey)) {
                throw new InvalidKeyException("not an opaque key");
            }
            jdk.initSign(((OpaqueKey) privateKey).inner);
        }

        @Override
        protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
            jdk.setParameter(params);
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            jdk.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            jdk.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            SIGNATURES.incrementAndGet();
            return jdk.sign();
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            throw new SignatureException("this test provider only signs");
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException();
        }
    }
}
