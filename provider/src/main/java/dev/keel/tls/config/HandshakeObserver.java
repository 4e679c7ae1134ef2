package dev.keel.tls.config;

import dev.keel.tls.message.RawHandshake;

/**
 * Watches a handshake message by message, for tools that explain what happened (Keel's command line
 * prints each step with its timing). Called on the thread that drives the connection; it must not
 * block or throw. Secrets are never passed.
 */
public interface HandshakeObserver {
    /** A complete handshake message was queued to be sent ({@code sent}) or was received. */
    void message(boolean sent, RawHandshake message);

    /** The handshake completed. */
    default void completed() {
    }

    /** An observer that ignores everything. */
    HandshakeObserver NONE = (sent, message) -> {
    };
}
