package dev.keel.tls.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keel.tls.testutil.TestPki.KeyType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The TLS 1.3 keying-material exporter (RFC 8446 7.5) of two {@code TlsConnection}s: both ends derive
 * it on their own, so agreement checks the whole chain; and it stays available once the handshake
 * object is gone, through KeyUpdates and after close.
 */
class ExporterAfterHandshakeTest {
    private static final byte[] CONTEXT = "context".getBytes(StandardCharsets.US_ASCII);

    @Test
    void bothEndsExportTheSameKeyingMaterialForTheWholeConnection() throws Exception {
        ConnectionPair pair = new ConnectionPair(Fixtures.client().build(), Fixtures.server(KeyType.EC_P256).build());
        assertNull(pair.client.connection.exportKeyingMaterial("EXPORTER-keel", CONTEXT, 32), "before the handshake");
        pair.handshake();

        byte[] client = pair.client.connection.exportKeyingMaterial("EXPORTER-keel", CONTEXT, 100);
        assertEquals(100, client.length);
        assertArrayEquals(client, pair.server.connection.exportKeyingMaterial("EXPORTER-keel", CONTEXT, 100));
        byte[] otherLabel = pair.server.connection.exportKeyingMaterial("EXPORTER-keel2", CONTEXT, 100);
        assertFalse(Arrays.equals(client, otherLabel));
        // RFC 8446 7.5: in TLS 1.3 no context and an empty context are the same.
        assertArrayEquals(pair.client.connection.exportKeyingMaterial("EXPORTER-keel", new byte[0], 32),
                pair.server.connection.exportKeyingMaterial("EXPORTER-keel", null, 32));

        // The exporter secret does not follow the traffic keys (RFC 8446 7.5, 4.6.3).
        pair.client.connection.requestKeyUpdate(true);
        byte[][] got = pair.exchange("ping".getBytes(StandardCharsets.US_ASCII), "pong".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), got[0]);
        assertArrayEquals(client, pair.client.connection.exportKeyingMaterial("EXPORTER-keel", CONTEXT, 100));
        assertArrayEquals(client, pair.server.connection.exportKeyingMaterial("EXPORTER-keel", CONTEXT, 100));

        pair.client.connection.closeOutbound();
        assertArrayEquals(client, pair.client.connection.exportKeyingMaterial("EXPORTER-keel", CONTEXT, 100),
                "still the established connection's exporter");
    }
}
