package dev.keel.tls.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
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
 * The record layer: over an established in-memory connection, the client wraps one application write
 * of {@code size} bytes and the server unwraps it. One operation is one write, which every provider
 * puts in one record except SunJSSE's TLS 1.3 for 16 KiB (two records: 16367 + 17 bytes); the setup
 * prints the count. The report turns ops/s into MB/s of application data. Run with {@code -prof gc}
 * for the allocation per write.
 *
 * <p>The {@code suite} parameter picks the AEAD: the TLS 1.3 suites by default; the TLS 1.2 ECDHE-ECDSA
 * suites ({@code TLS_ECDHE_ECDSA_WITH_*}) can be given with {@code -p suite=...}. Conscrypt cannot choose
 * TLS 1.3 suites individually (PEERS.md): its AES-256 and ChaCha20 TLS 1.3 rows fail at setup with the
 * suite it negotiated instead. Buffers are heap ByteBuffers, as most applications use.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Djdk.tls.namedGroups=x25519,secp256r1", "--enable-native-access=ALL-UNNAMED",
        "-Xms1g", "-Xmx1g"})
public class BulkBench {

    @State(Scope.Thread)
    public static class Established {
        @Param({"Keel", "SunJSSE", "BCJSSE", "Conscrypt"})
        public String provider;
        @Param({"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
        public String suite;
        @Param({"16384", "1024", "64"})
        public int size;

        private final EnginePump pump = new EnginePump();
        SSLEngine client;
        SSLEngine server;
        ByteBuffer plaintext;
        ByteBuffer record;
        ByteBuffer received;

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            SetupFailures.guard(params, provider, () -> {
                Offer offer = Offer.forSuite(suite, CertificateType.ECDSA_P256);
                TlsEndpoints endpoints = TlsEndpoints.create(TlsProvider.byName(provider), offer);
                client = endpoints.newClient(false);
                server = endpoints.newServer();
                Negotiated negotiated;
                try {
                    negotiated = pump.establish(client, server);
                    negotiated.require(offer, false);
                } catch (IllegalStateException e) {
                    tearDown();
                    if (TlsProvider.byName(provider) == TlsProvider.CONSCRYPT && Offer.TLS13.equals(offer.protocol())) {
                        throw new IllegalStateException("Conscrypt cannot choose TLS 1.3 suites individually: "
                                + e.getMessage(), e);
                    }
                    throw e;
                } catch (RuntimeException | SSLException e) {
                    tearDown();
                    throw e;
                }
                byte[] data = new byte[size];
                PrimitivesBench.RANDOM.nextBytes(data);
                plaintext = ByteBuffer.wrap(data);
                // Room for a write split in two records, and for its plaintext.
                record = ByteBuffer.allocate(2 * client.getSession().getPacketBufferSize());
                received = ByteBuffer.allocate(size + server.getSession().getApplicationBufferSize());
                int records = transfer();
                System.out.println("# " + provider + " " + suite + ": a " + size + "-byte write is " + records
                        + (records == 1 ? " record" : " records"));
            });
        }

        /**
         * The client wraps one application write of {@code size} bytes, in as many records as it takes
         * (one for every provider but SunJSSE's TLS 1.3, which puts at most 16367 bytes in a record), and
         * the server unwraps them all. Returns the number of records.
         */
        int transfer() throws SSLException {
            plaintext.clear();
            record.clear();
            int records = 0;
            while (plaintext.hasRemaining()) {
                SSLEngineResult wrapped = client.wrap(plaintext, record);
                if (wrapped.getStatus() != SSLEngineResult.Status.OK || wrapped.bytesConsumed() == 0) {
                    throw new SSLException("the client cannot wrap " + plaintext.remaining() + " more bytes: "
                            + wrapped);
                }
                records++;
            }
            record.flip();
            received.clear();
            while (record.hasRemaining()) {
                SSLEngineResult unwrapped = server.unwrap(record, received);
                if (unwrapped.getStatus() != SSLEngineResult.Status.OK || unwrapped.bytesConsumed() == 0) {
                    throw new SSLException("the server cannot unwrap " + record.remaining() + " more bytes: "
                            + unwrapped);
                }
            }
            if (received.position() != size) {
                throw new SSLException("the server received " + received.position() + " of " + size + " bytes");
            }
            return records;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            EnginePump.abandon(client);
            EnginePump.abandon(server);
        }
    }

    @Benchmark
    public int clientToServer(Established s) throws SSLException {
        return s.transfer();
    }
}
