package dev.keel.tls.hostile;

import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.message.ClientHello;
import dev.keel.tls.message.EncryptedExtensions;
import dev.keel.tls.message.Extension;
import dev.keel.tls.message.Extensions;
import dev.keel.tls.message.RawHandshake;
import dev.keel.tls.message.ServerHello;
import dev.keel.tls.message.TlsWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rewrites decoded handshake messages field by field, so a test says only what it changes
 * ("the ServerHello with cipher_suite 0x1302"). The messages are re-encoded with Keel's own encoders,
 * which are tested byte-exact against RFC 8448 elsewhere.
 */
final class Edit {
    private Edit() {
    }

    /** The mutable fields of a ServerHello (or HelloRetryRequest). */
    static final class Sh {
        int legacyVersion;
        byte[] random;
        byte[] sessionIdEcho;
        int cipherSuite;
        int compression;
        List<Extension> extensions;

        Sh set(int type, byte[] data) {
            extensions = Edit.set(extensions, type, data);
            return this;
        }

        Sh remove(int type) {
            extensions = Edit.remove(extensions, type);
            return this;
        }
    }

    /** The mutable fields of a ClientHello. */
    static final class Ch {
        int legacyVersion;
        byte[] random;
        byte[] sessionId;
        List<Integer> cipherSuites;
        byte[] compressionMethods;
        List<Extension> extensions;

        Ch set(int type, byte[] data) {
            extensions = Edit.set(extensions, type, data);
            return this;
        }

        Ch remove(int type) {
            extensions = Edit.remove(extensions, type);
            return this;
        }

        /** The body encoded by hand, so that it may hold what Keel's encoder refuses (duplicates). */
        byte[] encodeBody() {
            TlsWriter w = new TlsWriter();
            w.u16(legacyVersion).bytes(random).vector8(sessionId).vector16OfU16(cipherSuites).vector8(compressionMethods);
            int mark = w.startVector16();
            for (Extension e : extensions) {
                w.u16(e.type()).vector16(e.data());
            }
            w.endVector16(mark);
            return w.toByteArray();
        }
    }

    static RawHandshake serverHello(RawHandshake raw, Consumer<Sh> change) throws TlsAlertException {
        ServerHello sh = ServerHello.decode(raw.reader());
        Sh f = new Sh();
        f.legacyVersion = sh.legacyVersion();
        f.random = sh.random().clone();
        f.sessionIdEcho = sh.legacySessionIdEcho().clone();
        f.cipherSuite = sh.cipherSuite();
        f.compression = sh.legacyCompressionMethod();
        f.extensions = new ArrayList<>(sh.extensions().list());
        change.accept(f);
        return HandshakeHarness.raw(new ServerHello(f.legacyVersion, f.random, f.sessionIdEcho, f.cipherSuite,
                f.compression, Extensions.of(f.extensions)));
    }

    static Ch clientHello(ClientHello ch) {
        Ch f = new Ch();
        f.legacyVersion = ch.legacyVersion();
        f.random = ch.random().clone();
        f.sessionId = ch.legacySessionId().clone();
        f.cipherSuites = new ArrayList<>(ch.cipherSuites());
        f.compressionMethods = ch.legacyCompressionMethods().clone();
        f.extensions = new ArrayList<>(ch.extensions().list());
        return f;
    }

    static RawHandshake clientHello(RawHandshake raw, Consumer<Ch> change) throws TlsAlertException {
        Ch f = clientHello(ClientHello.decode(raw.reader()));
        change.accept(f);
        return HandshakeHarness.raw(1, f.encodeBody());
    }

    static RawHandshake encryptedExtensions(RawHandshake raw, Consumer<List<Extension>> change)
            throws TlsAlertException {
        List<Extension> list = new ArrayList<>(EncryptedExtensions.decode(raw.reader()).extensions().list());
        change.accept(list);
        return HandshakeHarness.raw(new EncryptedExtensions(Extensions.of(list)));
    }

    /** The list with the extension of this type replaced in place, or appended. */
    static List<Extension> set(List<Extension> list, int type, byte[] data) {
        List<Extension> out = new ArrayList<>(list);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).type() == type) {
                out.set(i, new Extension(type, data));
                return out;
            }
        }
        out.add(new Extension(type, data));
        return out;
    }

    static List<Extension> remove(List<Extension> list, int type) {
        List<Extension> out = new ArrayList<>(list);
        out.removeIf(e -> e.type() == type);
        return out;
    }
}
