package dev.keel.tls.bench;

import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Handshakes between two in-memory SSLEngines of the same provider. One operation is one connection:
 * new client and server engines, the handshake, one byte of application data from server to client
 * (which also makes the client consume the server's NewSessionTickets), and close_notify both ways
 * (see {@link EnginePump}). Run with {@code -prof gc} for the allocation per handshake.
 *
 * <p>The key-exchange group is restricted to x25519 (with secp256r1 also allowed, which BCJSSE needs to
 * sign with P-256) through {@code jdk.tls.namedGroups}, read once per JVM, hence a fork argument.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Djdk.tls.namedGroups=x25519,secp256r1", "--enable-native-access=ALL-UNNAMED",
        "-Xms1g", "-Xmx1g"})
public class HandshakeBench {

    /** Full TLS 1.3 handshake, x25519, TLS_AES_128_GCM_SHA256, with an ECDSA P-256 or an RSA-2048 certificate. */
    @State(Scope.Thread)
    public static class FullTls13 extends ConnectionState {
        @Param({"Keel", "SunJSSE", "BCJSSE", "Conscrypt"})
        public String provider;
        @Param({"ECDSA_P256", "RSA_2048"})
        public String certificate;

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            prepare(params, provider,
                    new Offer(Offer.TLS13, "TLS_AES_128_GCM_SHA256", CertificateType.valueOf(certificate)), false);
        }

        @Setup(Level.Iteration)
        public void startIteration0() {
            startIteration();
        }

        @TearDown(Level.Iteration)
        public void checkIteration0() {
            checkIteration();
        }
    }

    /** Resumed TLS 1.3 handshake (psk_dhe_ke), ECDSA P-256 server, TLS_AES_128_GCM_SHA256. */
    @State(Scope.Thread)
    public static class ResumedTls13 extends ConnectionState {
        @Param({"Keel", "SunJSSE", "BCJSSE", "Conscrypt"})
        public String provider;

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            prepare(params, provider,
                    new Offer(Offer.TLS13, "TLS_AES_128_GCM_SHA256", CertificateType.ECDSA_P256), true);
        }

        @Setup(Level.Iteration)
        public void startIteration0() {
            startIteration();
        }

        @TearDown(Level.Iteration)
        public void checkIteration0() {
            checkIteration();
        }
    }

    /** Full TLS 1.2 handshake, ECDHE (x25519) ECDSA P-256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256. */
    @State(Scope.Thread)
    public static class FullTls12 extends ConnectionState {
        @Param({"Keel", "SunJSSE", "BCJSSE", "Conscrypt"})
        public String provider;

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            prepare(params, provider, new Offer(Offer.TLS12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                    CertificateType.ECDSA_P256), false);
        }

        @Setup(Level.Iteration)
        public void startIteration0() {
            startIteration();
        }

        @TearDown(Level.Iteration)
        public void checkIteration0() {
            checkIteration();
        }
    }

    @Benchmark
    public int tls13Full(FullTls13 s) throws SSLException {
        return s.connect();
    }

    @Benchmark
    public int tls13Resumed(ResumedTls13 s) throws SSLException {
        return s.connect();
    }

    @Benchmark
    public int tls12Full(FullTls12 s) throws SSLException {
        return s.connect();
    }
}
