/**
 * JMH benchmarks that put Keel side by side with SunJSSE, Bouncy Castle JSSE and Conscrypt, plus the
 * tools around them: the report generator ({@link dev.keel.tls.bench.Report}) and the retained-heap
 * measurement ({@link dev.keel.tls.bench.RetainedHeap}).
 *
 * <p>Every TLS benchmark drives SSLEngine pairs (or loopback SSLSockets) created from the same provider on
 * both sides, checks once at setup what was negotiated (version, suite, key-exchange group, full or
 * resumed handshake) by reading the server's plaintext handshake records off the wire, and fails its
 * setup with a clear reason when a provider cannot do what the benchmark measures.
 */
package dev.keel.tls.bench;
