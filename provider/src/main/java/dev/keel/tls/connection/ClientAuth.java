package dev.keel.tls.connection;

/** Server policy for client certificates: JSSE's needClientAuth / wantClientAuth. */
public enum ClientAuth {
    NONE,
    WANTED,
    REQUIRED
}
