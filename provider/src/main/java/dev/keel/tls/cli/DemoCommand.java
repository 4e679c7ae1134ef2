package dev.keel.tls.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

/**
 * {@code keel demo}: starts {@code serve} on a free port with a fresh self-signed certificate, then
 * runs {@code connect} against it, trusting exactly that certificate, and fetches one page.
 */
final class DemoCommand {
    int run(PrintStream out) throws Main.CommandFailedException {
        ServeCommand serve = new ServeCommand(0, null, null);
        try (ServeCommand.Server server = serve.start(out)) {
            out.println();
            ConnectCommand connect = new ConnectCommand("localhost", server.port(), List.of("http/1.1"), null,
                    false, null, false);
            connect.trustStore = trustOnly(server);
            connect.httpGetPath = "/";
            return connect.run(out);
        }
    }

    private static KeyStore trustOnly(ServeCommand.Server server) throws Main.CommandFailedException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("demo-server", server.certificate);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new Main.CommandFailedException("cannot build the demo trust store: " + e.getMessage(), e);
        }
    }
}
