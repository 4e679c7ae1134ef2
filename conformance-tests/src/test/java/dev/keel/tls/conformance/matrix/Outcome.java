package dev.keel.tls.conformance.matrix;

/** How a case ended. */
public enum Outcome {
    PASS,
    FAIL;

    public String label() {
        return name();
    }
}
