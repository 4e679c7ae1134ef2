/**
 * Cryptographic primitives behind small interfaces: cipher suites, AEADs, hashes and HKDF, key-share
 * groups, signature schemes. Each primitive picks the fastest correct backend by measurement: the JDK
 * (AES-GCM, SHA-2, RSA), Bouncy Castle's lightweight API (X25519, X448, EdDSA, ECDH and ECDSA on P-384 and
 * P-521), or Keel's own code where it beats both or allocates far less (ECDSA P-256 over Bouncy Castle's
 * field arithmetic, HMAC over the JDK's digests, ChaCha20-Poly1305 below JDK 20). Depends on nothing in
 * Keel but {@code alert}.
 */
package dev.keel.tls.crypto;
