package dev.keel.tls.conformance.matrix;

/** One row of the matrix: a peer, the subject's side, the transport and the TLS parameters. */
public record InteropCase(Peer peer, Role role, Transport transport, CaseParams params) {

    /** The JUnit display name: "OpenSSL · subject=client · process · TLSv1.3 ... handshake". */
    public String displayName() {
        return peer.label() + " · subject=" + role.label() + " · " + transport.label() + " · " + params.describe();
    }
}
