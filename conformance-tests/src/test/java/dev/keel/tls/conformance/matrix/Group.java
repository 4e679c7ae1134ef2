package dev.keel.tls.conformance.matrix;

/**
 * Key-exchange groups in the matrix (RFC 8446 4.2.7), with the names each tool uses. FFDHE6144 is not
 * a matrix dimension: it is the group a peer offers as its only key share to provoke a
 * HelloRetryRequest from a subject that does not accept it.
 */
public enum Group {
    X25519("x25519", 0x001D, "X25519", "GROUP-X25519", "X25519"),
    SECP256R1("secp256r1", 0x0017, "P-256", "GROUP-SECP256R1", "P-256"),
    SECP384R1("secp384r1", 0x0018, "P-384", "GROUP-SECP384R1", "P-384"),
    FFDHE2048("ffdhe2048", 0x0100, "ffdhe2048", "GROUP-FFDHE2048", "ffdhe2048"),
    FFDHE6144("ffdhe6144", 0x0103, "ffdhe6144", "GROUP-FFDHE6144", "ffdhe6144");

    /** The groups a case may be about. */
    public static final Group[] MATRIX = {X25519, SECP256R1, SECP384R1, FFDHE2048};

    private final String rfcName;
    private final int code;
    private final String openSslName;
    private final String gnutlsToken;
    private final String curlName;

    Group(String rfcName, int code, String openSslName, String gnutlsToken, String curlName) {
        this.rfcName = rfcName;
        this.code = code;
        this.openSslName = openSslName;
        this.gnutlsToken = gnutlsToken;
        this.curlName = curlName;
    }

    /** "x25519": the RFC / JSSE name, used for every observation. */
    public String rfcName() {
        return rfcName;
    }

    public int code() {
        return code;
    }

    public String openSslName() {
        return openSslName;
    }

    public String gnutlsToken() {
        return gnutlsToken;
    }

    public String curlName() {
        return curlName;
    }

    public boolean isFiniteField() {
        return code >= 0x0100 && code <= 0x01FF;
    }
}
