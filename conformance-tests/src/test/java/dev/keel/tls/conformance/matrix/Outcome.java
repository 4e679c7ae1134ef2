package dev.keel.tls.conformance.matrix;

/** How a case ended. */
public enum Outcome {
    PASS,
    FAIL,
    /** The subject lacks a capability the case needs (see SubjectCapabilities): reported, not failed. */
    NOT_YET;

    public String label() {
        return this == NOT_YET ? "NOT YET" : name();
    }
}
