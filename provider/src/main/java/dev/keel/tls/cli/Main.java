package dev.keel.tls.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** Entry point of {@code java -jar keel-provider-*-cli.jar <command>}. */
public final class Main {
    private Main() {
    }

    static final String USAGE = String.join("\n",
            "usage: keel <command> [options]",
            "",
            "  connect HOST:PORT [--alpn h2,http/1.1] [--trust FILE] [--insecure] [--sni NAME] [--no-sni]",
            "        Connect with Keel and explain the TLS handshake step by step.",
            "        --trust FILE   trust the CA certificates in this PEM file instead of the JDK's cacerts",
            "        --insecure     do not verify the server's certificate (shown as NOT VERIFIED)",
            "  serve [--port 8443] [--cert FILE --key FILE]",
            "        An HTTPS test server; each response names what was negotiated. Without --cert it",
            "        generates a self-signed certificate for localhost at start.",
            "  demo",
            "        Start 'serve' on a free port and 'connect' to it: a real handshake with no setup.",
            "");

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs a command; returns the process exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "connect" -> ConnectCommand.parse(rest).run(out);
                case "serve" -> ServeCommand.parse(rest).runForever(out);
                case "demo" -> new DemoCommand().run(out);
                default -> {
                    err.println("keel: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (UsageException e) {
            err.println("keel: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (CommandFailedException e) {
            err.println("keel: " + e.getMessage());
            return 1;
        }
    }

    /** Wrong command-line arguments. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The command ran and failed; the message says why in a person's terms. */
    static final class CommandFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
