package dev.keel.tls.conformance.process;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A missing peer fails loudly with the install command; nothing is skipped. */
class PeerBinariesTest {

    @Test
    void missingProgramNamesTheInstallScript() {
        AssertionError e = assertThrows(AssertionError.class, () -> PeerBinaries.require("gnutls-cli-that-does-not-exist"));
        assertTrue(e.getMessage().contains(".ci/install-peers.sh"), e.getMessage());
    }

    @Test
    void presentProgramIsFound() {
        assertTrue(PeerBinaries.require("sh").isAbsolute());
    }
}
