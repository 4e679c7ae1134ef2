package dev.keel.tls.config;

import java.util.List;

/**
 * Server-side ALPN choice supplied by the application (JSSE's handshake application protocol
 * selector). Returns the protocol to use, {@code ""} to negotiate none, or {@code null} to fail the
 * handshake with no_application_protocol (RFC 7301 3.2).
 */
@FunctionalInterface
public interface ApplicationProtocolSelector {
    String select(List<String> offered);
}
