package dev.keel.tls.conformance.matrix;

/**
 * The cipher suites of the matrix: the three TLS 1.3 suites (RFC 8446 B.4) and the TLS 1.2 AEAD
 * suites (RFC 5289, 7905, 5288), each with the names OpenSSL and GnuTLS use.
 */
public enum Suite {
    TLS_AES_128_GCM_SHA256(0x1301, TlsVersion.TLS13, "TLS_AES_128_GCM_SHA256", "AES-128-GCM", null),
    TLS_AES_256_GCM_SHA384(0x1302, TlsVersion.TLS13, "TLS_AES_256_GCM_SHA384", "AES-256-GCM", null),
    TLS_CHACHA20_POLY1305_SHA256(0x1303, TlsVersion.TLS13, "TLS_CHACHA20_POLY1305_SHA256",
            "CHACHA20-POLY1305", null),

    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xC02B, TlsVersion.TLS12, "ECDHE-ECDSA-AES128-GCM-SHA256",
            "AES-128-GCM", "ECDHE-ECDSA"),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xC02C, TlsVersion.TLS12, "ECDHE-ECDSA-AES256-GCM-SHA384",
            "AES-256-GCM", "ECDHE-ECDSA"),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA9, TlsVersion.TLS12, "ECDHE-ECDSA-CHACHA20-POLY1305",
            "CHACHA20-POLY1305", "ECDHE-ECDSA"),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F, TlsVersion.TLS12, "ECDHE-RSA-AES128-GCM-SHA256",
            "AES-128-GCM", "ECDHE-RSA"),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xC030, TlsVersion.TLS12, "ECDHE-RSA-AES256-GCM-SHA384",
            "AES-256-GCM", "ECDHE-RSA"),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA8, TlsVersion.TLS12, "ECDHE-RSA-CHACHA20-POLY1305",
            "CHACHA20-POLY1305", "ECDHE-RSA"),
    TLS_DHE_RSA_WITH_AES_128_GCM_SHA256(0x009E, TlsVersion.TLS12, "DHE-RSA-AES128-GCM-SHA256",
            "AES-128-GCM", "DHE-RSA"),
    TLS_DHE_RSA_WITH_AES_256_GCM_SHA384(0x009F, TlsVersion.TLS12, "DHE-RSA-AES256-GCM-SHA384",
            "AES-256-GCM", "DHE-RSA"),
    TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCAA, TlsVersion.TLS12, "DHE-RSA-CHACHA20-POLY1305",
            "CHACHA20-POLY1305", "DHE-RSA"),
    TLS_RSA_WITH_AES_128_GCM_SHA256(0x009C, TlsVersion.TLS12, "AES128-GCM-SHA256", "AES-128-GCM", "RSA"),
    TLS_RSA_WITH_AES_256_GCM_SHA384(0x009D, TlsVersion.TLS12, "AES256-GCM-SHA384", "AES-256-GCM", "RSA");

    private final int code;
    private final TlsVersion version;
    private final String openSslName;
    private final String gnutlsCipher;
    private final String gnutlsKx;

    Suite(int code, TlsVersion version, String openSslName, String gnutlsCipher, String gnutlsKx) {
        this.code = code;
        this.version = version;
        this.openSslName = openSslName;
        this.gnutlsCipher = gnutlsCipher;
        this.gnutlsKx = gnutlsKx;
    }

    /** The IANA / JSSE name, used for every observation. */
    public String jsseName() {
        return name();
    }

    public int code() {
        return code;
    }

    public TlsVersion version() {
        return version;
    }

    /** OpenSSL's name: for TLS 1.3 the IANA name (-ciphersuites), for TLS 1.2 its own (-cipher). */
    public String openSslName() {
        return openSslName;
    }

    /** GnuTLS's bulk cipher token ("AES-128-GCM"). */
    public String gnutlsCipher() {
        return gnutlsCipher;
    }

    /** GnuTLS's key-exchange token ("ECDHE-ECDSA"), null for TLS 1.3 suites. */
    public String gnutlsKx() {
        return gnutlsKx;
    }

    public boolean isDhe() {
        return name().startsWith("TLS_DHE_");
    }

    public boolean isRsaKeyExchange() {
        return name().startsWith("TLS_RSA_");
    }

    public boolean isEcdhe() {
        return name().startsWith("TLS_ECDHE_");
    }

    /** The server certificate this suite needs: ECDSA suites P-256, RSA suites RSA-2048, TLS 1.3 any (P-256). */
    public CertType defaultCert() {
        if (version == TlsVersion.TLS13 || name().contains("_ECDSA_")) {
            return CertType.ECDSA_P256;
        }
        return CertType.RSA_2048;
    }

    /** The suite for a wire code, or null. */
    public static Suite fromCode(int code) {
        for (Suite s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    /** The suite for an OpenSSL or IANA name, or null. */
    public static Suite fromAnyName(String name) {
        for (Suite s : values()) {
            if (s.name().equals(name) || s.openSslName.equals(name)) {
                return s;
            }
        }
        return null;
    }
}
