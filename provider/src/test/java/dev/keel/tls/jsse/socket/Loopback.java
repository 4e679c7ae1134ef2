package dev.keel.tls.jsse.socket;

import dev.keel.tls.jsse.KeelSSLServerSocketFactory;
import dev.keel.tls.jsse.KeelSSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** Loopback endpoints for the socket tests: Keel's sockets (over Keel's engines), and SunJSSE's own. */
final class Loopback {
    /** 127.0.0.1 explicitly: "localhost" may resolve to ::1 while a server listens on IPv4 only. */
    static final InetAddress ADDRESS = ipv4Loopback();

    private Loopback() {
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeelSSLSocketFactory keelClientFactory(SSLContext context) {
        return new KeelSSLSocketFactory(new ContextEngineSource(context));
    }

    static KeelSSLServerSocketFactory keelServerFactory(SSLContext context) {
        return new KeelSSLServerSocketFactory(new ContextEngineSource(context));
    }

    /** A Keel server socket on an ephemeral loopback port. */
    static SSLServerSocket keelServer(SSLContext context) throws IOException {
        return (SSLServerSocket) keelServerFactory(context).createServerSocket(0, 50, ADDRESS);
    }

    /** A SunJSSE server socket on an ephemeral loopback port. */
    static SSLServerSocket jdkServer(SSLContext context) throws IOException {
        return (SSLServerSocket) SocketTestPki.jdkTwin(context).getServerSocketFactory()
                .createServerSocket(0, 50, ADDRESS);
    }

    /** A plain TCP server socket on an ephemeral loopback port. */
    static ServerSocket plainServer() throws IOException {
        return new ServerSocket(0, 50, ADDRESS);
    }

    /** A Keel client socket connected to the loopback port. */
    static SSLSocket keelClient(SSLContext context, int port) throws IOException {
        return (SSLSocket) keelClientFactory(context).createSocket(ADDRESS, port);
    }

    /** A SunJSSE client socket connected to the loopback port. */
    static SSLSocket jdkClient(SSLContext context, int port) throws IOException {
        return (SSLSocket) SocketTestPki.jdkTwin(context).getSocketFactory().createSocket(ADDRESS, port);
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] data = new byte[length];
        int done = 0;
        while (done < length) {
            int n = in.read(data, done, length - done);
            if (n < 0) {
                throw new EOFException("end of stream after " + done + " of " + length + " bytes");
            }
            done += n;
        }
        return data;
    }

    /** Everything until end of stream (-1). */
    static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
