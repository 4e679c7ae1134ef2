package dev.keel.tls.conformance.matrix;

/** Protocol versions in the matrix, with the names each tool uses for them. */
public enum TlsVersion {
    TLS13("TLSv1.3", 0x0304, "-tls1_3", "VERS-TLS1.3", "--tlsv1.3", "1.3"),
    TLS12("TLSv1.2", 0x0303, "-tls1_2", "VERS-TLS1.2", "--tlsv1.2", "1.2");

    private final String jsseName;
    private final int code;
    private final String openSslFlag;
    private final String gnutlsToken;
    private final String curlFlag;
    private final String curlMax;

    TlsVersion(String jsseName, int code, String openSslFlag, String gnutlsToken, String curlFlag,
            String curlMax) {
        this.jsseName = jsseName;
        this.code = code;
        this.openSslFlag = openSslFlag;
        this.gnutlsToken = gnutlsToken;
        this.curlFlag = curlFlag;
        this.curlMax = curlMax;
    }

    /** "TLSv1.3": the JSSE protocol name, also used for every observation. */
    public String jsseName() {
        return jsseName;
    }

    public int code() {
        return code;
    }

    public String openSslFlag() {
        return openSslFlag;
    }

    public String gnutlsToken() {
        return gnutlsToken;
    }

    public String curlFlag() {
        return curlFlag;
    }

    public String curlMax() {
        return curlMax;
    }

    /** The version for a wire code, or null. */
    public static TlsVersion fromCode(int code) {
        for (TlsVersion v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
