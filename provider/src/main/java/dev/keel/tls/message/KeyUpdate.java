package dev.keel.tls.message;

import dev.keel.tls.alert.TlsAlertException;

/**
 * KeyUpdate, RFC 8446 section 4.6.3:
 * {@code enum { update_not_requested(0), update_requested(1), (255) } KeyUpdateRequest;}
 * {@code struct { KeyUpdateRequest request_update; } KeyUpdate;}.
 */
public record KeyUpdate(boolean updateRequested) implements HandshakeMessage {
    public static final int UPDATE_NOT_REQUESTED = 0;
    public static final int UPDATE_REQUESTED = 1;

    @Override
    public HandshakeType type() {
        return HandshakeType.KEY_UPDATE;
    }

    /** Any request_update value other than 0 or 1 is an illegal_parameter (RFC 8446 4.6.3). */
    public static KeyUpdate decode(TlsReader body) throws TlsAlertException {
        int request = body.u8("KeyUpdate request_update");
        body.ensureEmpty("KeyUpdate");
        return switch (request) {
            case UPDATE_NOT_REQUESTED -> new KeyUpdate(false);
            case UPDATE_REQUESTED -> new KeyUpdate(true);
            default -> throw TlsAlertException.illegalParameter(
                    "KeyUpdate request_update is " + request + "; only 0 and 1 are defined (RFC 8446 4.6.3)");
        };
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u8(updateRequested ? UPDATE_REQUESTED : UPDATE_NOT_REQUESTED);
    }
}
