package dev.keel.tls.config;

/** Server policy for client certificates: JSSE's needClientAuth / wantClientAuth. */
public enum ClientAuth {
    NONE,
    WANTED,
    REQUIRED
}
