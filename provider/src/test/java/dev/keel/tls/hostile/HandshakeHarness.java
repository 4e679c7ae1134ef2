package dev.keel.tls.hostile;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.handshake.ClientHandshake13;
import dev.keel.tls.handshake.HandshakeIo;
import dev.keel.tls.handshake.HandshakeProtocol;
import dev.keel.tls.handshake.ServerHandshake13;
import dev.keel.tls.message.HandshakeMessage;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.session.TlsSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Keel {@link ClientHandshake13} and {@link ServerHandshake13} talking through recording
 * {@link HandshakeIo}s, with no record layer in between: every handshake message, including the ones a
 * connection would encrypt, passes through the test as a {@link RawHandshake} that it may drop,
 * reorder, duplicate or rewrite before handing it to the other side.
 *
 * <p>Typical use: {@code List<RawHandshake> flight = h.serverFlight();} (the client's ClientHello
 * given to the server, the server's answer returned), then {@code h.toClient(mutated(flight))}.
 */
final class HandshakeHarness {
    final TlsConfig clientConfig;
    final TlsConfig serverConfig;
    final RecordingIo clientIo = new RecordingIo();
    final RecordingIo serverIo = new RecordingIo();
    final ClientHandshake13 client;
    final ServerHandshake13 server;

    HandshakeHarness(TlsConfig clientConfig, TlsConfig serverConfig) {
        this.clientConfig = clientConfig;
        this.serverConfig = serverConfig;
        this.client = new ClientHandshake13(clientConfig, clientIo, new TlsSession("localhost", 443));
        this.server = new ServerHandshake13(serverConfig, serverIo, new TlsSession(null, -1));
        server.start();
    }

    HandshakeHarness(TlsConfig.Builder clientConfig, TlsConfig.Builder serverConfig) {
        this(clientConfig.build(), serverConfig.build());
    }

    /** Starts the client and returns its ClientHello. */
    RawHandshake clientHello() throws TlsAlertException {
        client.start();
        return single(clientIo.take());
    }

    /** The client's ClientHello given to the server: what the server answers (HRR, or SH ... Finished). */
    List<RawHandshake> serverFlight() throws TlsAlertException {
        return toServer(List.of(clientHello()));
    }

    /** Hands messages to the server in order; returns what it sent meanwhile. */
    List<RawHandshake> toServer(List<RawHandshake> messages) throws TlsAlertException {
        deliver(server, messages);
        return serverIo.take();
    }

    /** Hands messages to the client in order; returns what it sent meanwhile. */
    List<RawHandshake> toClient(List<RawHandshake> messages) throws TlsAlertException {
        deliver(client, messages);
        return clientIo.take();
    }

    /** The server's flight given, unchanged, to the client: the client's answer (not yet given to the server). */
    List<RawHandshake> clientSecondFlight() throws TlsAlertException {
        List<RawHandshake> flight = serverFlight();
        return toClient(flight);
    }

    private static void deliver(HandshakeProtocol side, List<RawHandshake> messages) throws TlsAlertException {
        for (RawHandshake m : messages) {
            side.handle(m);
        }
    }

    private static RawHandshake single(List<RawHandshake> messages) {
        if (messages.size() != 1) {
            throw new AssertionError("expected one message, got " + types(messages));
        }
        return messages.get(0);
    }

    // ------------------------------------------------------------------ message helpers

    /** A message as it would arrive: type, body, and the wire bytes (header + body). */
    static RawHandshake raw(byte[] wire) {
        return new RawHandshake(wire.clone());
    }

    static RawHandshake raw(HandshakeMessage m) {
        return raw(m.encode());
    }

    /** A message of any type code with this body (the header's length is the body's). */
    static RawHandshake raw(int type, byte[] body) {
        byte[] wire = new byte[4 + body.length];
        wire[0] = (byte) type;
        wire[1] = (byte) (body.length >>> 16);
        wire[2] = (byte) (body.length >>> 8);
        wire[3] = (byte) body.length;
        System.arraycopy(body, 0, wire, 4, body.length);
        return raw(wire);
    }

    static int indexOf(List<RawHandshake> flight, HandshakeType type) {
        for (int i = 0; i < flight.size(); i++) {
            if (flight.get(i).type() == type.code()) {
                return i;
            }
        }
        throw new AssertionError("no " + type.rfcName() + " in " + types(flight));
    }

    static RawHandshake find(List<RawHandshake> flight, HandshakeType type) {
        return flight.get(indexOf(flight, type));
    }

    /** A copy of the flight with the message of this type replaced. */
    static List<RawHandshake> replace(List<RawHandshake> flight, HandshakeType type, RawHandshake replacement) {
        List<RawHandshake> out = new ArrayList<>(flight);
        out.set(indexOf(flight, type), replacement);
        return out;
    }

    /** A copy of the flight without the message of this type. */
    static List<RawHandshake> without(List<RawHandshake> flight, HandshakeType type) {
        List<RawHandshake> out = new ArrayList<>(flight);
        out.remove(indexOf(flight, type));
        return out;
    }

    /** A copy of the flight with the message of this type sent twice in a row. */
    static List<RawHandshake> duplicated(List<RawHandshake> flight, HandshakeType type) {
        List<RawHandshake> out = new ArrayList<>(flight);
        int i = indexOf(flight, type);
        out.add(i, flight.get(i));
        return out;
    }

    /** A copy of the flight with two messages swapped. */
    static List<RawHandshake> swapped(List<RawHandshake> flight, HandshakeType a, HandshakeType b) {
        List<RawHandshake> out = new ArrayList<>(flight);
        int i = indexOf(flight, a);
        int j = indexOf(flight, b);
        out.set(i, flight.get(j));
        out.set(j, flight.get(i));
        return out;
    }

    /** The same message with one bit of its body flipped at {@code bodyIndex} (negative: from the end). */
    static RawHandshake flipBit(RawHandshake m, int bodyIndex) {
        byte[] body = m.body().clone();
        int i = bodyIndex < 0 ? body.length + bodyIndex : bodyIndex;
        body[i] ^= 0x01;
        return raw(m.type(), body);
    }

    static List<String> types(List<RawHandshake> messages) {
        List<String> names = new ArrayList<>();
        for (RawHandshake m : messages) {
            HandshakeType t = m.handshakeType();
            names.add(t == null ? "type " + m.type() : t.rfcName());
        }
        return names;
    }

    // ------------------------------------------------------------------ recording I/O

    /** Records what one side's state machine asks of its connection. */
    static final class RecordingIo implements HandshakeIo {
        private final List<RawHandshake> sent = new ArrayList<>();
        private int taken;
        final List<byte[]> writeSecrets = new ArrayList<>();
        final List<byte[]> readSecrets = new ArrayList<>();
        CipherSuite suite;
        int changeCipherSpecs;
        ProtocolVersion version;

        /** The messages sent since the last call. */
        List<RawHandshake> take() {
            List<RawHandshake> out = List.copyOf(sent.subList(taken, sent.size()));
            taken = sent.size();
            return out;
        }

        @Override
        public void changeWriteKeys12(CipherSuite s, byte[] writeKey, byte[] writeIv) {
            throw new UnsupportedOperationException("this TLS 1.3 test double does not do TLS 1.2");
        }

        @Override
        public void changeReadKeys12(CipherSuite s, byte[] readKey, byte[] readIv) {
            throw new UnsupportedOperationException("this TLS 1.3 test double does not do TLS 1.2");
        }

        @Override
        public void sendHandshake(byte[] messageWire) {
            sent.add(raw(messageWire));
        }

        @Override
        public void sendChangeCipherSpec() {
            changeCipherSpecs++;
        }

        @Override
        public void changeWriteKeys(CipherSuite s, byte[] trafficSecret) {
            suite = s;
            writeSecrets.add(trafficSecret.clone());
        }

        @Override
        public void changeReadKeys(CipherSuite s, byte[] trafficSecret) {
            suite = s;
            readSecrets.add(trafficSecret.clone());
        }

        @Override
        public void versionNegotiated(ProtocolVersion v) {
            version = v;
        }
    }
}
