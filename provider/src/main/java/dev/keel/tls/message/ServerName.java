package dev.keel.tls.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One entry of the server_name extension (RFC 6066 section 3): a name type (0 = host_name) and the
 * encoded name. Kept as bytes so that types other than host_name survive a round trip.
 */
public record ServerName(int type, byte[] encoded) {
    public static final int HOST_NAME = 0;

    public ServerName {
        encoded = encoded.clone();
    }

    public static ServerName hostName(String asciiHostName) {
        return new ServerName(HOST_NAME, asciiHostName.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The host name as ASCII text (only meaningful for {@link #HOST_NAME}). */
    public String asciiName() {
        return new String(encoded, StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerName s && s.type == type && Arrays.equals(s.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return type == HOST_NAME ? "host_name=" + asciiName() : "type=" + type + ",len=" + encoded.length;
    }
}
