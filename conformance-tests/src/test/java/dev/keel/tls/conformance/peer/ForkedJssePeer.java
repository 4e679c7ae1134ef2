package dev.keel.tls.conformance.peer;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * SunJSSE in a child JVM: the peer for cases that need a JVM-wide setting — on JDK 17 the only way to
 * make SunJSSE use one group is {@code -Djdk.tls.namedGroups}, read once per JVM. Started by {@link
 * JsseDriver} with only the JDK and this class on its class path; one connection, then exit.
 *
 * <pre>
 *   server &lt;identity.p12&gt; &lt;trust.p12&gt; &lt;password&gt; &lt;protocol&gt; &lt;suite&gt;   prints "LISTENING port"
 *   client &lt;port&gt; &lt;trust.p12&gt; &lt;password&gt; &lt;protocol&gt; &lt;suite&gt;
 * </pre>
 * The server echoes until end of stream; the client sends one line, reads its echo, half-closes and
 * reads to the server's close. Both print "SESSION protocol=... suite=... cert=..." and "DONE".
 */
public final class ForkedJssePeer {

    private ForkedJssePeer() {
    }

    public static void main(String[] args) throws Exception {
        try {
            if (args[0].equals("server")) {
                server(args[1], args[2], args[3].toCharArray(), args[4], args[5]);
            } else {
                client(Integer.parseInt(args[1]), args[2], args[3].toCharArray(), args[4], args[5]);
            }
            System.out.println("DONE");
        } catch (Exception e) {
            System.out.println("ERROR " + e);
            System.exit(1);
        }
    }

    private static void server(String identity, String trust, char[] password, String protocol, String suite)
            throws Exception {
        SSLContext ctx = context(identity, trust, password);
        try (SSLServerSocket listener = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(20_000);
            System.out.println("LISTENING " + listener.getLocalPort());
            try (SSLSocket s = (SSLSocket) listener.accept()) {
                s.setSoTimeout(10_000);
                SSLParameters p = s.getSSLParameters();
                p.setProtocols(new String[] {protocol});
                p.setCipherSuites(new String[] {suite});
                s.setSSLParameters(p);
                s.startHandshake();
                print(s.getSession(), false);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[16384];
                long total = 0;
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    total += n;
                }
                System.out.println("ECHOED " + total);
            }
        }
    }

    private static void client(int port, String trust, char[] password, String protocol, String suite) throws Exception {
        SSLContext ctx = context(null, trust, password);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "localhost", port, true)) {
            s.setSoTimeout(10_000);
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {protocol});
            p.setCipherSuites(new String[] {suite});
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            print(s.getSession(), true);
            byte[] line = "hello from the forked SunJSSE client\n".getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(line);
            s.getOutputStream().flush();
            byte[] echo = s.getInputStream().readNBytes(line.length);
            System.out.println("ECHO " + (new String(echo, StandardCharsets.US_ASCII).equals(new String(line,
                    StandardCharsets.US_ASCII)) ? "ok" : "differs") + " " + echo.length);
            s.shutdownOutput();
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            s.getInputStream().transferTo(rest);
            System.out.println("CLOSED " + rest.size());
        }
    }

    private static SSLContext context(String identity, String trust, char[] password) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(trust)) {
            trustStore.load(in, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trustStore);
        KeyManagerFactory kmf = null;
        if (identity != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = new FileInputStream(identity)) {
                ks.load(in, password);
            }
            kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, password);
        }
        SSLContext ctx = SSLContext.getInstance("TLS", "SunJSSE");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void print(SSLSession session, boolean client) throws Exception {
        Certificate[] chain = client ? session.getPeerCertificates() : session.getLocalCertificates();
        X509Certificate leaf = (X509Certificate) chain[0];
        System.out.println("SESSION protocol=" + session.getProtocol() + " suite=" + session.getCipherSuite()
                + " certKey=" + leaf.getPublicKey().getAlgorithm() + " groups=" + System.getProperty("jdk.tls.namedGroups"));
    }
}
