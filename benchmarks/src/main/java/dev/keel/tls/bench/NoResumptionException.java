package dev.keel.tls.bench;

/** A provider did a full handshake where the benchmark measures a resumed one. */
public final class NoResumptionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NoResumptionException(String reason) {
        super(reason);
    }
}
