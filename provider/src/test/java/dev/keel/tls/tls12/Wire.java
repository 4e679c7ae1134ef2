package dev.keel.tls.tls12;

import dev.keel.tls.message.HandshakeMessage;
import dev.keel.tls.message.RawHandshake;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * Bytes on the wire for scripted TLS 1.2 peers: record framing, handshake framing, driving an
 * {@link SSLEngine} with raw bytes, and the TLS 1.2 PRF and AES-GCM record protection spelled out
 * from RFC 5246 5, 6.2.3.3 and RFC 5288 3 with the JDK's HMAC and AES-GCM (independent of Keel's
 * implementation of them).
 */
final class Wire {
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;

    private Wire() {
    }

    /** One record as on the wire. */
    record Rec(int type, int version, byte[] fragment) {
    }

    /** A plaintext record of version 0x0303. */
    static byte[] record(int type, byte[] fragment) {
        return record(type, 0x0303, fragment);
    }

    static byte[] record(int type, int version, byte[] fragment) {
        byte[] out = new byte[5 + fragment.length];
        out[0] = (byte) type;
        out[1] = (byte) (version >>> 8);
        out[2] = (byte) version;
        out[3] = (byte) (fragment.length >>> 8);
        out[4] = (byte) fragment.length;
        System.arraycopy(fragment, 0, out, 5, fragment.length);
        return out;
    }

    /** Handshake messages, each encoded with its header, in one handshake record. */
    static byte[] handshakeRecord(HandshakeMessage... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HandshakeMessage m : messages) {
            out.writeBytes(m.encode());
        }
        return record(HANDSHAKE, out.toByteArray());
    }

    static byte[] changeCipherSpec() {
        return record(CHANGE_CIPHER_SPEC, new byte[] {1});
    }

    /** Splits a byte stream into whole records (a trailing partial record is an error). */
    static List<Rec> records(byte[] bytes) {
        List<Rec> out = new ArrayList<>();
        int p = 0;
        while (p < bytes.length) {
            int length = ((bytes[p + 3] & 0xFF) << 8) | (bytes[p + 4] & 0xFF);
            out.add(new Rec(bytes[p] & 0xFF, ((bytes[p + 1] & 0xFF) << 8) | (bytes[p + 2] & 0xFF),
                    Arrays.copyOfRange(bytes, p + 5, p + 5 + length)));
            p += 5 + length;
        }
        return out;
    }

    /** The handshake messages in the plaintext handshake records of {@code recs}. */
    static List<RawHandshake> handshakes(List<Rec> recs) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Rec r : recs) {
            if (r.type() == HANDSHAKE) {
                all.writeBytes(r.fragment());
            }
        }
        return splitHandshakes(all.toByteArray());
    }

    static List<RawHandshake> splitHandshakes(byte[] b) {
        List<RawHandshake> out = new ArrayList<>();
        int p = 0;
        while (p < b.length) {
            int length = ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            out.add(new RawHandshake(Arrays.copyOfRange(b, p, p + 4 + length)));
            p += 4 + length;
        }
        return out;
    }

    /** The first handshake message of {@code type} in {@code bytes}, or null. */
    static RawHandshake find(byte[] bytes, int type) {
        for (RawHandshake h : handshakes(records(bytes))) {
            if (h.type() == type) {
                return h;
            }
        }
        return null;
    }

    /**
     * A man in the middle's edit: every plaintext handshake record's messages, with the message of
     * {@code type} replaced by {@code edit(its wire bytes)}, re-framed as one record per original run of
     * handshake records; other records pass unchanged.
     */
    static byte[] rewrite(byte[] bytes, int type, UnaryOperator<byte[]> edit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        for (Rec r : records(bytes)) {
            if (r.type() == HANDSHAKE) {
                run.writeBytes(r.fragment());
                continue;
            }
            flushRun(run, out, type, edit);
            out.writeBytes(record(r.type(), r.version(), r.fragment()));
        }
        flushRun(run, out, type, edit);
        return out.toByteArray();
    }

    private static void flushRun(ByteArrayOutputStream run, ByteArrayOutputStream out, int type,
            UnaryOperator<byte[]> edit) {
        if (run.size() == 0) {
            return;
        }
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        for (RawHandshake h : splitHandshakes(run.toByteArray())) {
            messages.writeBytes(h.type() == type ? edit.apply(h.wire()) : h.wire());
        }
        byte[] all = messages.toByteArray();
        for (int p = 0; p < all.length; p += 1 << 14) {
            out.writeBytes(record(HANDSHAKE, Arrays.copyOfRange(all, p, Math.min(all.length, p + (1 << 14)))));
        }
        run.reset();
    }

    // ------------------------------------------------------------------ driving an engine

    /** Everything the engine wants to write now (wraps while it needs to, or once for a first flight). */
    static byte[] wrapAll(SSLEngine e) throws SSLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer empty = ByteBuffer.allocate(0);
        runTasks(e);
        for (int i = 0; i < 100; i++) {
            ByteBuffer dst = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
            SSLEngineResult r = e.wrap(empty, dst);
            out.write(dst.array(), 0, dst.position());
            runTasks(e);
            if (e.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP || r.bytesProduced() == 0) {
                break;
            }
        }
        return out.toByteArray();
    }

    /** Feeds every record of {@code bytes} to the engine; returns the application data it produced. */
    static byte[] unwrapAll(SSLEngine e, byte[] bytes) throws SSLException {
        ByteArrayOutputStream app = new ByteArrayOutputStream();
        ByteBuffer src = ByteBuffer.wrap(bytes);
        while (src.hasRemaining() && !e.isInboundDone()) {
            ByteBuffer dst = ByteBuffer.allocate(e.getSession().getApplicationBufferSize());
            SSLEngineResult r = e.unwrap(src, dst);
            app.write(dst.array(), 0, dst.position());
            runTasks(e);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                break;
            }
        }
        return app.toByteArray();
    }

    /** Runs the delegated tasks an engine asks for (SunJSSE does its handshake work in them). */
    static void runTasks(SSLEngine e) {
        Runnable task;
        while (e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK
                && (task = e.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /**
     * Feeds {@code bytes} to the engine expecting it to fail; returns the alert it then sends, as
     * {level, description}, read from its plaintext alert record.
     */
    static int[] failingWith(SSLEngine e, byte[] bytes) {
        try {
            unwrapAll(e, bytes);
        } catch (SSLException expected) {
            try {
                return plaintextAlert(wrapAll(e));
            } catch (SSLException x) {
                throw new AssertionError("could not read the alert", x);
            }
        }
        throw new AssertionError("the engine accepted the input");
    }

    /** {level, description} of the single plaintext alert record in {@code bytes}. */
    static int[] plaintextAlert(byte[] bytes) {
        List<Rec> recs = records(bytes);
        if (recs.size() != 1 || recs.get(0).type() != ALERT || recs.get(0).fragment().length != 2) {
            throw new AssertionError("expected one plaintext alert record, got " + recs.size() + " records"
                    + (recs.isEmpty() ? "" : " starting with type " + recs.get(0).type()));
        }
        byte[] f = recs.get(0).fragment();
        return new int[] {f[0] & 0xFF, f[1] & 0xFF};
    }

    // ------------------------------------------------------------------ TLS 1.2 crypto, spelled out

    /** RFC 5246 5: P_SHA256(secret, label + seed) cut to {@code length}. */
    static byte[] prf256(byte[] secret, String label, byte[] seed, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] labelSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] a = labelSeed;
        while (out.size() < length) {
            a = mac.doFinal(a);
            mac.update(a);
            out.writeBytes(mac.doFinal(labelSeed));
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    /**
     * RFC 5246 6.2.3.3 with RFC 5288 3: an AES-GCM record; nonce = salt(4) || explicit(8) where the
     * explicit part is the sequence number, additional data = seq || type || version || length.
     */
    static byte[] sealGcm(byte[] key, byte[] salt, long seq, int type, byte[] plaintext) throws Exception {
        byte[] explicit = ByteBuffer.allocate(8).putLong(seq).array();
        byte[] aad = ByteBuffer.allocate(13).putLong(seq).put((byte) type).putShort((short) 0x0303)
                .putShort((short) plaintext.length).array();
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, concat(salt, explicit)));
        gcm.updateAAD(aad);
        return record(type, concat(explicit, gcm.doFinal(plaintext)));
    }

    /** Opens an AES-GCM record fragment (RFC 5288 3); throws when it does not authenticate. */
    static byte[] openGcm(byte[] key, byte[] salt, long seq, int type, byte[] fragment) throws Exception {
        byte[] explicit = Arrays.copyOf(fragment, 8);
        int length = fragment.length - 8 - 16;
        byte[] aad = ByteBuffer.allocate(13).putLong(seq).put((byte) type).putShort((short) 0x0303)
                .putShort((short) length).array();
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, concat(salt, explicit)));
        gcm.updateAAD(aad);
        return gcm.doFinal(fragment, 8, fragment.length - 8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
