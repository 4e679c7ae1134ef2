package dev.keel.tls.session;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.message.TlsReader;
import dev.keel.tls.message.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a server seals into a session ticket (TLS 1.3 NewSessionTicket, RFC 8446 4.6.1, or TLS 1.2
 * RFC 5077): everything needed to restore the session without server-side state. The format is
 * Keel's own (RFC 5077 4 only recommends one) and versioned by its first byte:
 * <pre>
 * struct {
 *     uint8 format = 1;
 *     uint16 protocol_version;
 *     uint16 cipher_suite;
 *     opaque secret&lt;1..255&gt;;          // TLS 1.3: the ticket's PSK; TLS 1.2: the master secret
 *     uint64 issued_at;                  // ms since the epoch, server clock
 *     uint32 lifetime_seconds;
 *     uint32 ticket_age_add;             // TLS 1.3
 *     uint64 session_created_at;         // when the original full handshake happened
 *     uint8 extended_master_secret;      // TLS 1.2
 *     opaque server_name&lt;0..255&gt;;     // the SNI host name of the original handshake, or empty
 *     opaque alpn&lt;0..255&gt;;            // the negotiated protocol, or empty
 *     opaque peer_certificates&lt;0..2^24-1&gt;;  // opaque cert_data&lt;1..2^24-1&gt;, leaf first
 * } TicketContents;
 * </pre>
 */
public record TicketContents(int protocol, int cipherSuite, byte[] secret, long issuedAt, long lifetimeSeconds,
                             long ticketAgeAdd, long sessionCreatedAt, boolean extendedMasterSecret,
                             String serverName, String alpn, List<byte[]> peerCertificates) {
    private static final int FORMAT = 1;

    public TicketContents {
        secret = secret.clone();
        peerCertificates = List.copyOf(peerCertificates);
        serverName = serverName == null ? "" : serverName;
        alpn = alpn == null ? "" : alpn;
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    public byte[] encode() {
        byte[] serverNameBytes = serverName.getBytes(StandardCharsets.US_ASCII);
        byte[] alpnBytes = alpn.getBytes(StandardCharsets.UTF_8);
        // Sized exactly, so that the writer's array is the result (these bytes hold the secret: one copy).
        int size = 1 + 2 + 2 + 1 + secret.length + 8 + 4 + 4 + 8 + 1
                + 1 + serverNameBytes.length + 1 + alpnBytes.length + 3;
        for (int i = 0, n = peerCertificates.size(); i < n; i++) {
            size += 3 + peerCertificates.get(i).length;
        }
        TlsWriter w = new TlsWriter(size);
        w.u8(FORMAT).u16(protocol).u16(cipherSuite).vector8(secret);
        w.u32(issuedAt >>> 32).u32(issuedAt & 0xFFFFFFFFL).u32(lifetimeSeconds).u32(ticketAgeAdd);
        w.u32(sessionCreatedAt >>> 32).u32(sessionCreatedAt & 0xFFFFFFFFL);
        w.u8(extendedMasterSecret ? 1 : 0);
        w.vector8(serverNameBytes);
        w.vector8(alpnBytes);
        int mark = w.startVector24();
        for (int i = 0, n = peerCertificates.size(); i < n; i++) {
            w.vector24(peerCertificates.get(i));
        }
        w.endVector24(mark);
        return w.toByteArray();
    }

    /** Decodes contents that {@link #seal}ed and authenticated; {@code null} for an unknown format. */
    public static TicketContents decode(byte[] data) {
        try {
            TlsReader r = new TlsReader(data);
            if (r.u8("format") != FORMAT) {
                return null;
            }
            int protocol = r.u16("protocol");
            int suite = r.u16("cipher_suite");
            byte[] secret = r.vector8("secret", 1, 255);
            long issuedAt = (r.u32("issued_at") << 32) | r.u32("issued_at");
            long lifetime = r.u32("lifetime");
            long ageAdd = r.u32("ticket_age_add");
            long createdAt = (r.u32("created_at") << 32) | r.u32("created_at");
            boolean ems = r.u8("extended_master_secret") == 1;
            String sni = new String(r.vector8("server_name"), StandardCharsets.US_ASCII);
            String alpn = new String(r.vector8("alpn"), StandardCharsets.UTF_8);
            TlsReader certs = r.sub24("peer_certificates");
            List<byte[]> ders = new ArrayList<>();
            while (certs.hasRemaining()) {
                ders.add(certs.vector24("cert_data", 1, 0xFFFFFF));
            }
            r.ensureEmpty("ticket contents");
            TicketContents t = new TicketContents(protocol, suite, secret, issuedAt, lifetime, ageAdd, createdAt,
                    ems, sni, alpn, ders);
            Arrays.fill(secret, (byte) 0);
            return t;
        } catch (TlsAlertException e) {
            return null;
        }
    }

    /** Seals these contents with the server's ticket keys. */
    public byte[] seal(TicketKeys keys) {
        byte[] plain = encode();
        try {
            return keys.seal(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Opens a ticket; {@code null} when it does not open or does not decode. */
    public static TicketContents open(TicketKeys keys, byte[] ticket) {
        byte[] plain = keys.open(ticket);
        if (plain == null) {
            return null;
        }
        try {
            return decode(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** True when the ticket's lifetime has run out at {@code now}. */
    public boolean expiredAt(long now) {
        return now - issuedAt >= lifetimeSeconds * 1000L || now < issuedAt - 60_000L;
    }

    /** Wipes the secret held here. */
    public void destroy() {
        Arrays.fill(secret, (byte) 0);
    }

    @Override
    public String toString() {
        return "TicketContents[protocol=0x" + Integer.toHexString(protocol) + ", suite=0x"
                + Integer.toHexString(cipherSuite) + ", issuedAt=" + issuedAt + "]";
    }
}
