package dev.keel.tls.conformance.matrix;

/** How the bytes travel between subject and peer. */
public enum Transport {
    /** The peer is a separate process (openssl, gnutls, curl) on a loopback socket. */
    PROCESS("process"),
    /** Both are SSLEngines in this JVM; the harness moves the records between them in memory. */
    MEMORY("memory"),
    /** The peer is in this JVM; subject and peer talk through loopback sockets. */
    SOCKET("socket"),
    /** The peer is a JSSE provider in a child JVM (used where a JVM-wide property is needed). */
    FORKED_JVM("forked JVM");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
