package dev.keel.tls.cli;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.jsse.KeelProvider;
import dev.keel.tls.jsse.KeelSSLSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * {@code keel connect HOST:PORT}: a real handshake with Keel, explained step by step. Exit status 0
 * when the handshake succeeds, 1 with the alert and the reason when it fails.
 */
final class ConnectCommand {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 15_000;

    final String host;
    final int port;
    final List<String> alpn;
    final Path trustFile;
    final boolean insecure;
    final String sni;
    final boolean noSni;
    /** Trust these certificates instead of the JDK's cacerts (used by {@code demo}). */
    KeyStore trustStore;
    /** A one-line HTTP request to send after the handshake (used by {@code demo}), or null. */
    String httpGetPath;

    ConnectCommand(String host, int port, List<String> alpn, Path trustFile, boolean insecure, String sni,
            boolean noSni) {
        this.host = host;
        this.port = port;
        this.alpn = alpn;
        this.trustFile = trustFile;
        this.insecure = insecure;
        this.sni = sni;
        this.noSni = noSni;
    }

    static ConnectCommand parse(String[] args) throws Main.UsageException {
        String target = null;
        List<String> alpn = List.of();
        Path trust = null;
        boolean insecure = false;
        String sni = null;
        boolean noSni = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--alpn" -> alpn = Arrays.asList(value(args, ++i, "--alpn").split(","));
                case "--trust" -> trust = Path.of(value(args, ++i, "--trust"));
                case "--insecure" -> insecure = true;
                case "--sni" -> sni = value(args, ++i, "--sni");
                case "--no-sni" -> noSni = true;
                default -> {
                    if (args[i].startsWith("-") || target != null) {
                        throw new Main.UsageException("connect: unexpected argument '" + args[i] + "'");
                    }
                    target = args[i];
                }
            }
        }
        if (target == null) {
            throw new Main.UsageException("connect needs HOST:PORT");
        }
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new Main.UsageException("connect: '" + target + "' is not HOST:PORT");
        }
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new Main.UsageException("connect: port '" + target.substring(colon + 1) + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new Main.UsageException("connect: port " + port + " is out of range");
        }
        return new ConnectCommand(host, port, alpn, trust, insecure, sni, noSni);
    }

    private static String value(String[] args, int i, String option) throws Main.UsageException {
        if (i >= args.length) {
            throw new Main.UsageException(option + " needs a value");
        }
        return args[i];
    }

    int run(PrintStream out) throws Main.CommandFailedException {
        TrustChoice trust = trust();
        out.printf("keel connect %s:%d%n", host, port);
        out.println("  trust: " + trust.description);
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS", new KeelProvider());
            context.init(null, new TrustManager[] {trust.manager}, null);
        } catch (GeneralSecurityException e) {
            throw new Main.CommandFailedException("cannot set up Keel: " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            out.printf(Locale.ROOT, "  TCP connected to %s in %.2f ms%n", socket.getRemoteSocketAddress(),
                    (System.nanoTime() - t0) / 1e6);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            configure(socket);
            ((KeelSSLSocket) socket).setHandshakeObserver(new HandshakeReport(out));
            socket.startHandshake();
            summarize(out, socket, trust);
            if (httpGetPath != null) {
                HttpExchange.get(socket, host, httpGetPath, out);
            }
            return 0;
        } catch (SSLException e) {
            throw new Main.CommandFailedException("TLS handshake with " + host + ":" + port + " failed: "
                    + explain(e), e);
        } catch (IOException e) {
            throw new Main.CommandFailedException("cannot talk to " + host + ":" + port + ": " + e, e);
        }
    }

    private void configure(SSLSocket socket) {
        SSLParameters p = socket.getSSLParameters();
        if (!insecure) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!alpn.isEmpty()) {
            p.setApplicationProtocols(alpn.toArray(new String[0]));
        }
        if (noSni) {
            p.setServerNames(List.of());
        } else if (sni != null) {
            p.setServerNames(List.<SNIServerName>of(new SNIHostName(sni)));
        } else if (looksLikeHostName(host)) {
            p.setServerNames(List.<SNIServerName>of(new SNIHostName(host)));
        }
        socket.setSSLParameters(p);
    }

    private static boolean looksLikeHostName(String h) {
        if (h.contains(":") || h.matches("[0-9.]+")) {
            return false;
        }
        try {
            new SNIHostName(h);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void summarize(PrintStream out, SSLSocket socket, TrustChoice trust) throws SSLException {
        SSLSession s = socket.getSession();
        out.println("  result:");
        out.println("       protocol:     " + s.getProtocol());
        out.println("       cipher suite: " + s.getCipherSuite());
        String alpnResult = socket.getApplicationProtocol();
        out.println("       ALPN:         " + (alpnResult == null || alpnResult.isEmpty() ? "none" : alpnResult));
        out.println("       resumption:   no (a full handshake: each run is a new context)");
        X509Certificate leaf = (X509Certificate) s.getPeerCertificates()[0];
        if (insecure) {
            out.println("       certificate:  NOT VERIFIED (--insecure): " + leaf.getSubjectX500Principal().getName());
        } else {
            out.println("       certificate:  verified against " + trust.description
                    + ", host name '" + host + "' matches");
        }
    }

    /**
     * Names the alert and the reason: "sent alert certificate_unknown: server certificate rejected: ..."
     * for an alert Keel sent; a received alert's message already names it ("Received fatal alert:
     * handshake_failure").
     */
    static String explain(SSLException e) {
        StringBuilder sb = new StringBuilder();
        TlsAlertException alert = alertIn(e);
        if (alert != null && !alert.receivedFromPeer()) {
            sb.append("sent alert ").append(alert.alert().rfcName()).append(": ");
        }
        sb.append(e.getMessage());
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !sb.toString().contains(cause.getMessage())) {
            sb.append(" (").append(cause.getMessage()).append(')');
        }
        return sb.toString();
    }

    /** The core's alert behind a Keel exception: in the cause chain or among the suppressed. */
    private static TlsAlertException alertIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TlsAlertException a) {
                return a;
            }
            for (Throwable s : c.getSuppressed()) {
                if (s instanceof TlsAlertException a) {
                    return a;
                }
            }
        }
        return null;
    }

    private record TrustChoice(X509TrustManager manager, String description) {
    }

    private TrustChoice trust() throws Main.CommandFailedException {
        try {
            if (insecure) {
                return new TrustChoice(new TrustAll(), "none (--insecure: the certificate is NOT verified)");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            String description;
            if (trustStore != null) {
                tmf.init(trustStore);
                description = "the demo server's self-signed certificate";
            } else if (trustFile != null) {
                tmf.init(Pem.trustStore(trustFile));
                description = "the CA certificates in " + trustFile;
            } else {
                tmf.init((KeyStore) null);
                description = "the JDK's default trust store (cacerts)";
            }
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return new TrustChoice(x, description);
                }
            }
            throw new Main.CommandFailedException("the JDK offers no X.509 trust manager", null);
        } catch (GeneralSecurityException | IOException e) {
            throw new Main.CommandFailedException("cannot load trust anchors: " + e.getMessage(), e);
        }
    }

    /** --insecure: accepts any chain. Only for looking at a server, never for real traffic. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this trust manager is for connect --insecure only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    static List<String> split(String csv) {
        return new ArrayList<>(Arrays.asList(csv.split(",")));
    }
}
