package dev.keel.tls.tls12;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.testutil.TestPki.KeyType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * RFC 5246 7.4.7.1 at the level of the whole server: however the encrypted premaster secret is
 * malformed, the server says nothing about it at ClientKeyExchange and fails at the client's Finished,
 * always with the same alert (bad_record_mac: the Finished record cannot be opened with keys from the
 * substitute premaster secret) and the same message. Bleichenbacher-style attacks need the difference
 * this test shows does not exist.
 */
class Tls12RsaPremasterTest {
    private static final int[] FATAL_BAD_RECORD_MAC = {2, 20};
    private static final int REPETITIONS = 5;

    private static SSLEngine rsaServer() {
        SSLEngine server = Peers.server(Peers.KEEL, "TLSv1.2", KeyType.RSA_2048);
        server.setEnabledCipherSuites(new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256"});
        return server;
    }

    /** One malformed premaster secret: the block to encrypt (or raw ciphertext), and the client's idea of the secret. */
    private record Variant(String name, Function<ScriptedClient12, byte[][]> make) {
    }

    /** {ciphertext, premaster secret the client believes in}. */
    private static byte[][] encrypted(ScriptedClient12 c, byte[] em, byte[] believed) {
        return new byte[][] {c.rawEncrypt(em), believed};
    }

    private static byte[] message(ScriptedClient12 c, int version) {
        byte[] m = c.randomBytes(48);
        m[0] = (byte) (version >>> 8);
        m[1] = (byte) version;
        return m;
    }

    private static List<Variant> variants() {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("wrong client_version 0x0301", c -> {
            byte[] m = message(c, 0x0301);
            return encrypted(c, c.pkcs1Block(m), m);
        }));
        v.add(new Variant("wrong client_version 0x0304", c -> {
            byte[] m = message(c, 0x0304);
            return encrypted(c, c.pkcs1Block(m), m);
        }));
        v.add(new Variant("block type 1 instead of 2", c -> {
            byte[] m = message(c, 0x0303);
            byte[] em = c.pkcs1Block(m);
            em[1] = 1;
            return encrypted(c, em, m);
        }));
        v.add(new Variant("first byte not zero", c -> {
            byte[] m = message(c, 0x0303);
            byte[] em = c.pkcs1Block(m);
            em[0] = 1;
            return encrypted(c, em, m);
        }));
        v.add(new Variant("no zero separator", c -> {
            byte[] m = message(c, 0x0303);
            byte[] em = c.pkcs1Block(m);
            em[em.length - 49] = 0x55;
            return encrypted(c, em, c.randomBytes(48));
        }));
        v.add(new Variant("47-byte message", c -> {
            byte[] m = c.randomBytes(47);
            m[0] = 3;
            m[1] = 3;
            return encrypted(c, c.pkcs1Block(m), Wire.concat(m, new byte[1]));
        }));
        v.add(new Variant("49-byte message", c -> {
            byte[] m = c.randomBytes(49);
            m[0] = 3;
            m[1] = 3;
            return encrypted(c, c.pkcs1Block(m), java.util.Arrays.copyOf(m, 48));
        }));
        v.add(new Variant("zero byte inside the first 8 padding bytes", c -> {
            byte[] m = message(c, 0x0303);
            byte[] em = c.pkcs1Block(m);
            em[5] = 0;
            return encrypted(c, em, m);
        }));
        v.add(new Variant("random block", c -> {
            byte[] em = c.randomBytes(c.modulusLength());
            em[0] = 0;
            return encrypted(c, em, c.randomBytes(48));
        }));
        v.add(new Variant("ciphertext one byte short", c ->
                new byte[][] {c.randomBytes(c.modulusLength() - 1), c.randomBytes(48)}));
        v.add(new Variant("ciphertext one byte long", c ->
                new byte[][] {c.randomBytes(c.modulusLength() + 1), c.randomBytes(48)}));
        v.add(new Variant("ciphertext not below the modulus", c -> {
            byte[] ff = new byte[c.modulusLength()];
            java.util.Arrays.fill(ff, (byte) 0xFF);
            return new byte[][] {ff, c.randomBytes(48)};
        }));
        v.add(new Variant("empty ciphertext", c -> new byte[][] {new byte[0], c.randomBytes(48)}));
        return v;
    }

    @Test
    void everyMalformedPremasterSecretFailsTheSameWayAtFinished() throws Exception {
        Set<String> messages = new LinkedHashSet<>();
        int runs = 0;
        for (Variant variant : variants()) {
            for (int i = 0; i < REPETITIONS; i++) {
                SSLEngine server = rsaServer();
                ScriptedClient12 client = new ScriptedClient12(server);
                client.hello(client.clientHello(true, List.of()));
                byte[][] made = variant.make().apply(client);
                byte[] cke = client.clientKeyExchange(made[0], made[1]);
                // Nothing is said at ClientKeyExchange or ChangeCipherSpec (RFC 5246 7.4.7.1).
                client.feedQuietly(Wire.concat(cke, Wire.changeCipherSpec()));
                assertEquals(0, Wire.wrapAll(server).length, variant.name() + ": the server must stay silent");
                SSLException e = assertThrows(SSLException.class,
                        () -> Wire.unwrapAll(server, client.finished()), variant.name());
                messages.add(e.getMessage());
                assertArrayEquals(FATAL_BAD_RECORD_MAC, Wire.plaintextAlert(Wire.wrapAll(server)), variant.name());
                runs++;
            }
        }
        assertEquals(variants().size() * REPETITIONS, runs);
        assertEquals(1, messages.size(), "one failure message for every malformed premaster secret: " + messages);
    }

    /** The control: the same script with a well-formed premaster secret completes the handshake. */
    @Test
    void aWellFormedPremasterSecretCompletes() throws Exception {
        SSLEngine server = rsaServer();
        ScriptedClient12 client = new ScriptedClient12(server);
        client.hello(client.clientHello(true, List.of()));
        byte[] m = message(client, 0x0303);
        byte[] cke = client.clientKeyExchange(client.rawEncrypt(client.pkcs1Block(m)), m);
        Wire.unwrapAll(server, Wire.concat(cke, Wire.changeCipherSpec(), client.finished()));
        List<Wire.Rec> reply = Wire.records(Wire.wrapAll(server));
        assertEquals(2, reply.size());
        assertEquals(Wire.CHANGE_CIPHER_SPEC, reply.get(0).type());
        assertTrue(client.serverFinishedMatches(reply.get(1).fragment()), "server Finished verifies");
        assertEquals("TLS_RSA_WITH_AES_128_GCM_SHA256", server.getSession().getCipherSuite());
    }
}
