/**
 * Cryptographic primitives behind small interfaces: cipher suites, AEADs, hashes and HKDF, key-share
 * groups, signature schemes. Each primitive picks the fastest correct backend (the JDK or Bouncy
 * Castle) by measurement. Depends on nothing in Keel but {@code alert}.
 */
package dev.keel.tls.crypto;
