package dev.keel.tls.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

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
 * SSLSocket over real loopback TCP, client and server of the same provider (TLS 1.3,
 * TLS_AES_128_GCM_SHA256, x25519, ECDSA P-256 certificate), the server on its own threads:
 * <ul>
 *   <li>{@code handshake}: connections per second; each opens a TCP connection, handshakes, sends one
 *       byte, reads it back, and reads the server's close;</li>
 *   <li>{@code echo}: over one established connection, the client writes {@code size} bytes and reads
 *       them back; the report turns ops/s into MB/s (bytes each way).</li>
 * </ul>
 * Client sockets are layered over a connected plain socket and name a different peer each time
 * ("peer1", "peer2", ...: no dot, so no SNI is sent), so no provider finds a cached session to resume:
 * every handshake is full, which the trust-manager count checks per iteration. (Naming no peer does
 * not work: SunJSSE then takes the host from the socket's address and resumes.) The client session
 * cache is limited to one entry so the unique names do not pile up.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Djdk.tls.namedGroups=x25519,secp256r1", "--enable-native-access=ALL-UNNAMED",
        "-Xms1g", "-Xmx1g"})
public class SocketBench {

    static final Offer OFFER = new Offer(Offer.TLS13, "TLS_AES_128_GCM_SHA256", CertificateType.ECDSA_P256);

    /** Shared by both socket states: a server, a client factory, and connecting. */
    abstract static class Loopback {
        TlsEndpoints endpoints;
        LoopbackServer server;
        SSLSocketFactory factory;
        private long peerNumber;

        void start(BenchmarkParams params, String provider, LoopbackServer.Mode mode) {
            SetupFailures.guard(params, provider, () -> {
                endpoints = TlsEndpoints.create(TlsProvider.byName(provider), OFFER);
                endpoints.clientContext().getClientSessionContext().setSessionCacheSize(1);
                factory = endpoints.clientContext().getSocketFactory();
                server = LoopbackServer.start(endpoints, mode);
            });
        }

        SSLSocket connect() throws IOException {
            InetSocketAddress address = server.address();
            Socket tcp = new Socket();
            tcp.setTcpNoDelay(true);
            tcp.connect(address);
            SSLSocket socket = (SSLSocket) factory.createSocket(tcp, "peer" + (++peerNumber), address.getPort(), true);
            endpoints.configureClient(socket);
            return socket;
        }

        /** Throws unless a session is the offer's version and suite. */
        void requireNegotiated(SSLSession session) {
            if (!OFFER.protocol().equals(session.getProtocol()) || !OFFER.suite().equals(session.getCipherSuite())) {
                throw new IllegalStateException("negotiated " + session.getProtocol() + " " + session.getCipherSuite()
                        + ", the benchmark needs " + OFFER);
            }
        }

        IOException failure(String what, IOException e) {
            Exception serverSide = server.lastError();
            IOException wrapped = new IOException(what + (serverSide == null ? "" : "; server side: " + serverSide), e);
            return wrapped;
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            if (server != null) {
                server.close();
            }
        }
    }

    @State(Scope.Thread)
    public static class Handshakes extends Loopback {
        @Param({"Keel", "SunJSSE"})
        public String provider;
        long connections;
        long checksAtStart;

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            start(params, provider, LoopbackServer.Mode.ONE_BYTE);
            SetupFailures.guard(params, provider, () -> {
                long before = endpoints.serverCertificateChecks();
                for (int i = 0; i < 2; i++) {
                    requireNegotiated(oneConnection());
                }
                if (endpoints.serverCertificateChecks() - before != 2) {
                    throw new IllegalStateException("a connection resumed a session; the benchmark measures full "
                            + "handshakes");
                }
            });
        }

        /** One connection: handshake, one byte there and back, the server's close. Returns the session. */
        SSLSession oneConnection() throws IOException {
            connections++;
            try (SSLSocket socket = connect()) {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(0x2a);
                out.flush();
                if (in.read() != 0x2a) {
                    throw new EOFException("the server did not echo the byte");
                }
                if (in.read() != -1) {
                    throw new IOException("the server sent more than one byte");
                }
                return socket.getSession();
            } catch (IOException e) {
                throw failure("connection failed", e);
            }
        }

        @Setup(Level.Iteration)
        public void startIteration() {
            connections = 0;
            checksAtStart = endpoints.serverCertificateChecks();
        }

        @TearDown(Level.Iteration)
        public void checkIteration() {
            long checks = endpoints.serverCertificateChecks() - checksAtStart;
            if (checks != connections) {
                throw new IllegalStateException(provider + ": " + checks + " server certificate checks in "
                        + connections + " connections; some handshakes were resumed, not full");
            }
        }
    }

    @State(Scope.Thread)
    public static class Echo extends Loopback {
        @Param({"Keel", "SunJSSE"})
        public String provider;
        @Param({"16384"})
        public int size;

        SSLSocket socket;
        OutputStream out;
        InputStream in;
        byte[] payload;
        byte[] echoed;

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            start(params, provider, LoopbackServer.Mode.ECHO);
            SetupFailures.guard(params, provider, () -> {
                socket = connect();
                socket.startHandshake();
                requireNegotiated(socket.getSession());
                out = socket.getOutputStream();
                in = socket.getInputStream();
                payload = new byte[size];
                PrimitivesBench.RANDOM.nextBytes(payload);
                echoed = new byte[size];
                roundTrip();
                if (!java.util.Arrays.equals(payload, echoed)) {
                    throw new IllegalStateException("the echo differs from what was sent");
                }
            });
        }

        int roundTrip() throws IOException {
            out.write(payload);
            out.flush();
            int n = 0;
            while (n < size) {
                int r = in.read(echoed, n, size - n);
                if (r < 0) {
                    throw failure("the server closed after " + n + " of " + size + " bytes", new EOFException());
                }
                n += r;
            }
            return n;
        }

        @TearDown(Level.Trial)
        public void closeConnection() throws IOException {
            if (socket != null) {
                socket.close();
            }
        }
    }

    @Benchmark
    public SSLSession handshake(Handshakes s) throws IOException {
        return s.oneConnection();
    }

    @Benchmark
    public int echo(Echo s) throws IOException {
        return s.roundTrip();
    }
}
