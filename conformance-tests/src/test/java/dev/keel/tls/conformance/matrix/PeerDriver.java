package dev.keel.tls.conformance.matrix;

import java.util.List;
import java.util.Set;

/**
 * Runs cases against one peer. A driver knows the peer's limits ({@link #notApplicable}) — those
 * combinations are listed in the report, never silently dropped — and how to run a case and collect
 * every source's observation of it.
 */
public interface PeerDriver extends AutoCloseable {

    Peer peer();

    /** The sides the subject can play against this peer (curl is only ever a client). */
    Set<Role> roles();

    /** The transport a standard case runs over. */
    Transport transportFor(Role role, CaseParams params);

    /** Why this peer cannot take part in a combination (the peer's limitation, not the subject's), or null. */
    String notApplicable(Role role, Transport transport, CaseParams params);

    /** Cases beyond the standard matrix, such as socket variants of in-process peers. */
    default List<InteropCase> extraCases() {
        return List.of();
    }

    /**
     * Runs one case and returns what it observed, after checking it against the case's expectations.
     * Throws AssertionError (or any exception) when the case fails.
     */
    Observation run(InteropCase c) throws Exception;

    /** Stops every process and server the driver kept across cases. */
    @Override
    void close();
}
