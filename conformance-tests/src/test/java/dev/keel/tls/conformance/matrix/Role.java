package dev.keel.tls.conformance.matrix;

/** The side the subject (the implementation under test) plays; the peer plays the other. */
public enum Role {
    SUBJECT_CLIENT("client"),
    SUBJECT_SERVER("server");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** "client" or "server": the subject's side. */
    public String label() {
        return label;
    }
}
