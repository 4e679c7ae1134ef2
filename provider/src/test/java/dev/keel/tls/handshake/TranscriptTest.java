package dev.keel.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keel.tls.crypto.HashAlgorithm;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** Transcript-Hash (RFC 8446 4.4.1) against the JDK's SHA-256 over the concatenated messages. */
class TranscriptTest {
    private static final byte[] CLIENT_HELLO = {1, 0, 0, 3, 10, 11, 12};
    private static final byte[] SERVER_HELLO = {2, 0, 0, 2, 20, 21};
    private static final byte[] FINISHED = {20, 0, 0, 1, 30};

    private static byte[] sha256(byte[]... messages) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (byte[] m : messages) {
            d.update(m);
        }
        return d.digest();
    }

    @Test
    void messagesBeforeTheHashIsKnownAreHashedOnceItIs() throws Exception {
        Transcript t = new Transcript();
        t.update(CLIENT_HELLO);
        t.update(SERVER_HELLO);
        t.setHash(HashAlgorithm.SHA256);
        assertArrayEquals(sha256(CLIENT_HELLO, SERVER_HELLO), t.currentHash());
    }

    @Test
    void askingTwiceGivesTheSameHashAndAnUpdateMovesItOn() throws Exception {
        Transcript t = new Transcript();
        t.update(CLIENT_HELLO);
        t.setHash(HashAlgorithm.SHA256);
        assertArrayEquals(sha256(CLIENT_HELLO), t.currentHash());
        assertArrayEquals(sha256(CLIENT_HELLO), t.currentHash());
        t.update(SERVER_HELLO);
        assertArrayEquals(sha256(CLIENT_HELLO, SERVER_HELLO), t.currentHash());
        assertArrayEquals(sha256(CLIENT_HELLO, SERVER_HELLO, FINISHED), t.currentHashWith(FINISHED));
        assertArrayEquals(sha256(CLIENT_HELLO, SERVER_HELLO), t.currentHash());
    }

    @Test
    void finalHashEndsTheTranscript() throws Exception {
        Transcript t = new Transcript();
        t.setHash(HashAlgorithm.SHA256);
        t.update(CLIENT_HELLO);
        t.currentHash();
        t.update(FINISHED);
        assertArrayEquals(sha256(CLIENT_HELLO, FINISHED), t.finalHash());
        assertThrows(IllegalStateException.class, () -> t.update(SERVER_HELLO));
        assertThrows(IllegalStateException.class, t::currentHash);
    }

    @Test
    void messageHashReplacesClientHello1() throws Exception {
        Transcript t = new Transcript(true);
        t.update(CLIENT_HELLO);
        t.setHash(HashAlgorithm.SHA256);
        t.currentHash();
        t.replaceWithMessageHash();
        t.update(SERVER_HELLO);
        byte[] ch1 = sha256(CLIENT_HELLO);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {(byte) 254, 0, 0, 32});
        expected.writeBytes(ch1);
        expected.writeBytes(SERVER_HELLO);
        assertArrayEquals(expected.toByteArray(), t.messages());
        assertArrayEquals(sha256(expected.toByteArray()), t.currentHash());
    }
}
