package dev.keel.tls.conformance.matrix;

/** The six TLS implementations the subject is run against. */
public enum Peer {
    OPENSSL("OpenSSL"),
    GNUTLS("GnuTLS"),
    CURL("curl"),
    SUNJSSE("SunJSSE"),
    BCJSSE("BCJSSE"),
    CONSCRYPT("Conscrypt");

    private final String label;

    Peer(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
