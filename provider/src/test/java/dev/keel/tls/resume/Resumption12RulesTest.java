package dev.keel.tls.resume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.jsse.KeelSSLSession;
import dev.keel.tls.message.CertificateMessage12;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.ExtensionType;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.HandshakeType;
import dev.keel.tls.message.ProtocolVersion;
import dev.keel.tls.message.RenegotiationInfo;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.TlsReader;
import dev.keel.tls.session.ResumableSession;
import dev.keel.tls.session.TicketContents;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules of TLS 1.2 resumption on each side, with hand-made peers' messages:
 *
 * <ul>
 *   <li>Client (RFC 5246 7.4.1.3, RFC 7627 5.3, RFC 5077 3.2-3.3): a server that echoes the offered
 *       session id must keep the session's suite and the extended master secret, acknowledge
 *       session_ticket with an empty extension, then send NewSessionTicket (if acknowledged),
 *       ChangeCipherSpec and Finished, never a certificate.</li>
 *   <li>Server (RFC 5077 3.4, 4; RFC 7627 5.3): a presented ticket resumes only when it opens with
 *       the server's keys and is a TLS 1.2 ticket of the extended master secret for the same server
 *       name; anything else is a full handshake, not an error.</li>
 * </ul>
 */
class Resumption12RulesTest {
    private static final String TLS12 = "TLSv1.2";
    private static final int HANDSHAKE = 22;
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int UNEXPECTED_MESSAGE = 10;
    private static final int HANDSHAKE_FAILURE = 40;
    private static final int ILLEGAL_PARAMETER = 47;
    private static final int DECODE_ERROR = 50;

    // ---- the client's checks ----

    /** A Keel client with a cached session (by id or ticket) and its next ClientHello. */
    private static final class ResumingClient {
        final SSLEngine engine;
        final ClientHello clientHello;
        final CipherSuite suite;

        ResumingClient(boolean tickets) throws Exception {
            Peers peers = new Peers(TLS12, Peers.KEEL, Peers.KEEL);
            peers.serverStore().setSessionTickets12(tickets);
            Peers.Connection first = peers.connect();
            suite = CipherSuite.fromJavaName(first.clientSession().getCipherSuite());
            engine = peers.clientContext.createSSLEngine(Peers.HOST, Peers.PORT);
            engine.setUseClientMode(true);
            clientHello = ClientHello.decode(handshakeBody(wrap(engine)));
            assertEquals(32, clientHello.legacySessionId().length);
            assertEquals(tickets, clientHello.extensions().find(ExtensionType.SESSION_TICKET).length > 0);
        }

        /** A ServerHello that resumes the offered session (echoes its id), with these changes. */
        byte[] serverHello(CipherSuite chosen, boolean ems, byte[] sessionTicket) {
            List<Extension> ext = new ArrayList<>();
            ext.add(RenegotiationInfo.INITIAL.toExtension());
            if (ems) {
                ext.add(new Extension(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]));
            }
            if (sessionTicket != null) {
                ext.add(new Extension(ExtensionType.SESSION_TICKET, sessionTicket));
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new ServerHello(0x0303, random, clientHello.legacySessionId(), chosen.code(), 0,
                    Extensions.of(ext)).encode();
        }

        /** Feeds the records; the alert description the client answers with. */
        int alertFor(byte[]... records) throws Exception {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] r : records) {
                all.write(r);
            }
            ByteBuffer in = ByteBuffer.wrap(all.toByteArray());
            ByteBuffer app = ByteBuffer.allocate(1 << 17);
            assertThrows(SSLException.class, () -> {
                while (in.hasRemaining()) {
                    engine.unwrap(in, app);
                }
            });
            byte[] out = wrap(engine);
            assertEquals(21, out[0], "an alert record");
            assertEquals(2, out[5] & 0xFF, "fatal");
            return out[6] & 0xFF;
        }
    }

    private static CipherSuite otherSuite(ResumingClient c) {
        for (int code : c.clientHello.cipherSuites()) {
            CipherSuite s = CipherSuite.fromCode(code);
            if (s != null && !s.isTls13() && s != c.suite && s.keyExchange() == c.suite.keyExchange()) {
                return s;
            }
        }
        throw new AssertionError("no other suite offered");
    }

    @Test
    void resumingWithAnotherSuiteIsIllegal() throws Exception {
        ResumingClient c = new ResumingClient(false);
        assertEquals(ILLEGAL_PARAMETER, c.alertFor(record(HANDSHAKE, c.serverHello(otherSuite(c), true, null))));
    }

    @Test
    void resumingWithoutTheExtendedMasterSecretIsRefused() throws Exception {
        ResumingClient c = new ResumingClient(false);
        assertEquals(HANDSHAKE_FAILURE, c.alertFor(record(HANDSHAKE, c.serverHello(c.suite, false, null))));
    }

    @Test
    void aNonEmptySessionTicketAcknowledgementIsMalformed() throws Exception {
        ResumingClient c = new ResumingClient(true);
        assertEquals(DECODE_ERROR, c.alertFor(record(HANDSHAKE, c.serverHello(c.suite, true, new byte[] {1}))));
    }

    @Test
    void aResumingServerMayNotSendItsCertificate() throws Exception {
        ResumingClient c = new ResumingClient(false);
        byte[] flight = concat(c.serverHello(c.suite, true, null), new CertificateMessage12(List.of()).encode());
        assertEquals(UNEXPECTED_MESSAGE, c.alertFor(record(HANDSHAKE, flight)));
    }

    /** RFC 5077 3.3: having acknowledged session_ticket, the server must send NewSessionTicket first. */
    @Test
    void anAcknowledgedTicketMustBeSentBeforeChangeCipherSpec() throws Exception {
        ResumingClient c = new ResumingClient(true);
        assertEquals(UNEXPECTED_MESSAGE, c.alertFor(record(HANDSHAKE, c.serverHello(c.suite, true, new byte[0])),
                record(CHANGE_CIPHER_SPEC, new byte[] {1})));
    }

    /** Without the acknowledgement, NewSessionTicket is unexpected (RFC 5077 3.3). */
    @Test
    void anUnannouncedTicketIsUnexpected() throws Exception {
        ResumingClient c = new ResumingClient(false);
        byte[] nst = new dev.keel.tls.message.NewSessionTicket12(60, new byte[] {1, 2, 3}).encode();
        assertEquals(UNEXPECTED_MESSAGE, c.alertFor(record(HANDSHAKE, concat(c.serverHello(c.suite, true, null), nst))));
    }

    // ---- the server's checks on presented tickets ----

    /**
     * The client's cached session gets a ticket sealed by the test with the server's keys; the one
     * that fits (the control) resumes, each altered one gets a full handshake and a new ticket.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"fits", "TLS 1.3 ticket", "no extended master secret", "other server name", "expired",
        "not sealed by the server", "truncated"})
    void presentedTickets(String variant) throws Exception {
        Peers peers = new Peers(TLS12, Peers.KEEL, Peers.KEEL);
        Peers.Connection first = peers.connect();
        // Tickets are bound to the SNI host name of the handshake ("" without one).
        byte[] sni = ClientHello.decode(first.clientSeen.firstSent(HandshakeType.CLIENT_HELLO).reader())
                .extensions().find(ExtensionType.SERVER_NAME);
        String serverName = sni == null ? "" : dev.keel.tls.message.ServerNameList.decode(sni).names().get(0)
                .asciiName();
        ResumableSession cached = peers.clientStore().cache().takeForPeer(Peers.HOST, Peers.PORT, false,
                e -> e.protocol() == ProtocolVersion.TLS12);
        byte[] master = cached.secret();
        long now = peers.now.get();
        TicketContents contents = new TicketContents(
                variant.equals("TLS 1.3 ticket") ? 0x0304 : 0x0303, cached.suite().code(), master,
                variant.equals("expired") ? now - 7_200_000 : now, 3600, 0, now,
                !variant.equals("no extended master secret"),
                variant.equals("other server name") ? "other.example" : serverName, "", List.of());
        byte[] ticket = contents.seal(peers.serverStore().ticketKeys());
        if (variant.equals("not sealed by the server")) {
            ticket[ticket.length - 1] ^= 1;
        } else if (variant.equals("truncated")) {
            ticket = java.util.Arrays.copyOf(ticket, 20);
        }
        peers.clientStore().cache().addForPeer(Peers.HOST, Peers.PORT, new ResumableSession(ProtocolVersion.TLS12,
                cached.suite(), master, ticket, null, 0, now, 3_600_000, cached.origin()));

        Peers.Connection c = peers.connect();
        ClientHello ch = ClientHello.decode(c.clientSeen.firstSent(HandshakeType.CLIENT_HELLO).reader());
        assertArrayEquals(ticket, ch.extensions().find(ExtensionType.SESSION_TICKET), "the ticket was presented");
        boolean resumed = ((KeelSSLSession) c.serverSession()).isResumed();
        assertEquals(variant.equals("fits"), resumed, c.serverSeen.toString());
        assertEquals(resumed, ((KeelSSLSession) c.clientSession()).isResumed());
        assertEquals(!resumed, c.serverSeen.sent.contains("certificate"));
        assertTrue(c.serverSeen.sent.contains("new_session_ticket"), "a new or renewed ticket either way");
    }

    // ---- records ----

    private static byte[] record(int type, byte[] fragment) {
        ByteBuffer b = ByteBuffer.allocate(5 + fragment.length);
        b.put((byte) type).put((byte) 3).put((byte) 3).putShort((short) fragment.length).put(fragment);
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] wrap(SSLEngine e) throws SSLException {
        ByteBuffer out = ByteBuffer.allocate(1 << 17);
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    /** The body of the one handshake message in the first record (the ClientHello). */
    private static TlsReader handshakeBody(byte[] records) {
        assertEquals(HANDSHAKE, records[0]);
        int length = ((records[6] & 0xFF) << 16) | ((records[7] & 0xFF) << 8) | (records[8] & 0xFF);
        return new TlsReader(java.util.Arrays.copyOfRange(records, 9, 9 + length));
    }
}
