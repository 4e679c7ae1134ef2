package dev.keel.tls.conformance.matrix;

/** What a case does beyond a handshake with the given parameters. */
public enum Scenario {
    /** Handshake, a short message each way, close_notify each way. */
    HANDSHAKE("handshake"),
    /** The peer makes the subject's first key share unusable: the handshake goes through a HelloRetryRequest. */
    HRR("HelloRetryRequest"),
    /** Client offers h2 and http/1.1, server supports both: h2 is selected. */
    ALPN_H2("ALPN h2"),
    /** Client offers only http/1.1, server supports h2 and http/1.1: http/1.1 is selected. */
    ALPN_HTTP11("ALPN http/1.1"),
    /** Client offers only http/1.1, server supports only h2 (RFC 7301 3.2: no_application_protocol). */
    ALPN_MISMATCH("ALPN mismatch"),
    /** The client sends server_name "localhost"; the server sees it. */
    SNI("SNI"),
    /** The server requires a client certificate; the client presents one. */
    CLIENT_AUTH("client auth"),
    /** Two connections: the second resumes the first's session. */
    RESUMPTION("resumption"),
    /** 1 MiB each way, content checked. */
    BULK_1MIB("1 MiB each way"),
    /** The peer sends KeyUpdate(update_not_requested) mid-connection; data keeps flowing. */
    KEY_UPDATE("KeyUpdate"),
    /** The peer sends KeyUpdate(update_requested); the subject must answer with its own KeyUpdate. */
    KEY_UPDATE_REQUESTED("KeyUpdate requested");

    private final String label;

    Scenario(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isAlpn() {
        return this == ALPN_H2 || this == ALPN_HTTP11 || this == ALPN_MISMATCH;
    }

    public boolean isKeyUpdate() {
        return this == KEY_UPDATE || this == KEY_UPDATE_REQUESTED;
    }

    /** ALPN protocols the client offers in this scenario, or null for no ALPN extension. */
    public String[] clientAlpn() {
        switch (this) {
            case ALPN_H2:
                return new String[] {"h2", "http/1.1"};
            case ALPN_HTTP11:
            case ALPN_MISMATCH:
                return new String[] {"http/1.1"};
            default:
                return null;
        }
    }

    /** ALPN protocols the server supports in this scenario, or null for none configured. */
    public String[] serverAlpn() {
        switch (this) {
            case ALPN_H2:
            case ALPN_HTTP11:
                return new String[] {"h2", "http/1.1"};
            case ALPN_MISMATCH:
                return new String[] {"h2"};
            default:
                return null;
        }
    }

    /** The protocol ALPN must select, "" for none, or null when the scenario is not about ALPN. */
    public String expectedAlpn() {
        switch (this) {
            case ALPN_H2:
                return "h2";
            case ALPN_HTTP11:
                return "http/1.1";
            default:
                return null;
        }
    }
}
