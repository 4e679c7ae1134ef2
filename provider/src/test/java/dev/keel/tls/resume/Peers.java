package dev.keel.tls.resume;

import dev.keel.tls.config.HandshakeObserver;
import dev.keel.tls.jsse.KeelSSLEngine;
import dev.keel.tls.jsse.KeelSessionContext;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.session.SessionStore;
import dev.keel.tls.testutil.EnginePump;
import dev.keel.tls.testutil.TestPki;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/** Client and server contexts that live across connections, and what each handshake looked like. */
final class Peers {
    static final String KEEL = "Keel";
    static final String SUN = "SunJSSE";
    static final String HOST = "localhost";
    static final int PORT = 8443;

    final String protocol;
    final SSLContext clientContext;
    final SSLContext serverContext;
    /** The fake time of both Keel stores (ms), moved by tests instead of sleeping. */
    final AtomicLong now = new AtomicLong(1_700_000_000_000L);

    Peers(String protocol, String clientProvider, String serverProvider) {
        this(protocol, protocol, clientProvider, serverProvider);
    }

    /** Contexts of different protocols, e.g. a client offering TLS 1.3 and 1.2 and a TLS 1.2 server. */
    Peers(String clientProtocol, String serverProtocol, String clientProvider, String serverProvider) {
        this(serverProtocol, TestPki.context(clientProtocol, clientProvider, null),
                TestPki.context(serverProtocol, serverProvider, TestPki.KeyType.EC_P256));
    }

    /** Given contexts (e.g. a client with a certificate); Keel stores get the fake clock. */
    Peers(String protocol, SSLContext clientContext, SSLContext serverContext) {
        this.protocol = protocol;
        this.clientContext = clientContext;
        this.serverContext = serverContext;
        for (SSLContext c : List.of(clientContext, serverContext)) {
            if (c.getClientSessionContext() instanceof KeelSessionContext k) {
                k.store().setClock(now::get);
            }
            if (c.getServerSessionContext() instanceof KeelSessionContext k) {
                k.store().setClock(now::get);
            }
        }
    }

    static SessionStore store(javax.net.ssl.SSLSessionContext c) {
        return ((KeelSessionContext) c).store();
    }

    SessionStore serverStore() {
        return store(serverContext.getServerSessionContext());
    }

    SessionStore clientStore() {
        return store(clientContext.getClientSessionContext());
    }

    /** Handshake messages one Keel engine sent and received. */
    static final class Seen implements HandshakeObserver {
        final List<String> sent = new ArrayList<>();
        final List<String> received = new ArrayList<>();
        final List<RawHandshake> receivedMessages = new ArrayList<>();
        final List<RawHandshake> sentMessages = new ArrayList<>();

        @Override
        public synchronized void message(boolean isSent, RawHandshake message) {
            HandshakeType t = message.handshakeType();
            String name = t == null ? "type " + message.type() : t.rfcName();
            (isSent ? sent : received).add(name);
            (isSent ? sentMessages : receivedMessages).add(message);
        }

        /** The first sent message of this type. */
        synchronized RawHandshake firstSent(HandshakeType type) {
            for (RawHandshake m : sentMessages) {
                if (m.type() == type.code()) {
                    return m;
                }
            }
            throw new AssertionError("no " + type.rfcName() + " sent; got " + sent);
        }

        @Override
        public synchronized String toString() {
            return "sent " + sent + ", received " + received;
        }

        boolean certificateExchanged() {
            return sent.contains("certificate") || received.contains("certificate");
        }

        /** The first received message of this type, decoded by the test. */
        synchronized RawHandshake firstReceived(HandshakeType type) {
            for (RawHandshake m : receivedMessages) {
                if (m.type() == type.code()) {
                    return m;
                }
            }
            throw new AssertionError("no " + type.rfcName() + " received; got " + received);
        }
    }

    /** One connection: engines, what was seen, and the pump. */
    final class Connection {
        final SSLEngine client;
        final SSLEngine server;
        final Seen clientSeen = new Seen();
        final Seen serverSeen = new Seen();
        final EnginePump pump;

        Connection(String host, int port) {
            client = clientContext.createSSLEngine(host, port);
            client.setUseClientMode(true);
            server = serverContext.createSSLEngine();
            server.setUseClientMode(false);
            if (client instanceof KeelSSLEngine k) {
                k.setHandshakeObserver(clientSeen);
            }
            if (server instanceof KeelSSLEngine k) {
                k.setHandshakeObserver(serverSeen);
            }
            pump = new EnginePump(client, server);
        }

        /** Handshake, then data both ways (which carries the server's tickets to the client). */
        Connection run() throws SSLException {
            pump.handshake();
            pump.transfer(100, 100);
            return this;
        }

        SSLSession clientSession() {
            return client.getSession();
        }

        SSLSession serverSession() {
            return server.getSession();
        }
    }

    Connection connect() throws SSLException {
        return new Connection(HOST, PORT).run();
    }

    Connection connect(String host, int port) throws SSLException {
        return new Connection(host, port).run();
    }

    void advanceSeconds(long seconds) {
        now.addAndGet(seconds * 1000);
    }
}
