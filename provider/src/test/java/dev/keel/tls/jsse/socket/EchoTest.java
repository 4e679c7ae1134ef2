package dev.keel.tls.jsse.socket;

import static dev.keel.tls.jsse.socket.Loopback.keelClient;
import static dev.keel.tls.jsse.socket.Loopback.keelServer;
import static dev.keel.tls.jsse.socket.Loopback.randomBytes;
import static dev.keel.tls.jsse.socket.Loopback.readFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.jsse.KeelSSLSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keel client socket to Keel server socket: bulk data through the engines, both directions. */
// Tests close sockets inside try-with-resources on purpose, and hold accepted sockets only to close them.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EchoTest {
    private static final SSLContext SERVER = SocketTestPki.context();
    private static final SSLContext CLIENT = SocketTestPki.context();

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void echoesOneMebibyteBothWays(String protocol) throws Exception {
        byte[] data = randomBytes(1 << 20, 1);
        try (SSLServerSocket server = keelServer(SERVER)) {
            server.setEnabledProtocols(new String[] {protocol});
            try (Peer<SSLSession> echo = Peer.start("echo-server", () -> echoUntilEnd(server));
                    SSLSocket client = keelClient(CLIENT, server.getLocalPort());
                    Peer<Void> writer = Peer.start("client-writer", () -> {
                        client.getOutputStream().write(data);
                        return null;
                    })) {
                byte[] echoed = readFully(client.getInputStream(), data.length);
                writer.join();
                client.close();
                SSLSession serverSession = echo.join();

                assertArrayEquals(data, echoed);
                assertTrue(client instanceof KeelSSLSocket);
                assertEquals(protocol, client.getSession().getProtocol());
                assertEquals(protocol, serverSession.getProtocol());
                assertEquals(serverSession.getCipherSuite(), client.getSession().getCipherSuite());
            }
        }
    }

    @Test
    void singleByteReadsAndWritesWork() throws Exception {
        try (SSLServerSocket server = keelServer(SERVER)) {
            try (Peer<SSLSession> echo = Peer.start("echo-server", () -> echoUntilEnd(server));
                    SSLSocket client = keelClient(CLIENT, server.getLocalPort())) {
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();
                for (int b : new int[] {0, 1, 0x7f, 0x80, 0xff}) {
                    out.write(b);
                    out.flush();
                    assertEquals(b, in.read());
                }
                client.close();
                echo.join();
            }
        }
    }

    /** Accepts one connection and writes back everything it reads until the peer's close_notify. */
    static SSLSession echoUntilEnd(SSLServerSocket server) throws Exception {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            return socket.getSession();
        }
    }
}
