package dev.keel.tls.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** Runs {@link Main#run} in-process and keeps what it printed; writes PEM files for peers. */
final class Cli {
    private Cli() {
    }

    /** Exit status and the two output streams of one command. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, o, e);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A log another thread writes (a server's worker): {@link #await} waits, bounded, until a text
     * appears, instead of guessing how long the other thread needs.
     */
    static final class AwaitableLog extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Waits up to {@code seconds} for {@code expected} to be logged; fails with the log otherwise. */
        synchronized void await(String expected, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!text().contains(expected)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("not logged within " + seconds + " s: " + expected + "\nlog:\n" + text());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** A fresh self-signed localhost certificate, as {@code serve} makes, with its files. */
    record Identity(SelfSigned selfSigned, Path certPem, Path keyPem) {
    }

    static Identity identity(Path dir, String name) throws GeneralSecurityException, IOException {
        SelfSigned s = SelfSigned.forLocalhost();
        Path cert = dir.resolve(name + "-cert.pem");
        Pem.write(cert, s.certificate());
        Path key = dir.resolve(name + "-key.pem");
        writePkcs8(key, s.keyPair().getPrivate());
        return new Identity(s, cert, key);
    }

    /** An unencrypted PKCS#8 "PRIVATE KEY" (RFC 7468 section 10), the form every openssl reads. */
    static void writePkcs8(Path file, PrivateKey key) throws IOException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
    }
}
