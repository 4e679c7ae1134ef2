package dev.keel.tls.conformance.matrix;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What one case saw, by source. Three independent witnesses report on each negotiated property:
 * <ul>
 *   <li>SUBJECT: the subject's own {@code SSLSession} / {@code SSLSocket} / {@code SSLEngine};</li>
 *   <li>PEER: the peer's own account (openssl -trace and status page, gnutls "Description:", curl -v,
 *       or the peer provider's {@code SSLSession});</li>
 *   <li>WIRE: the harness's parser of the plaintext handshake records it relays (ClientHello,
 *       ServerHello, TLS 1.2 ServerKeyExchange/Certificate).</li>
 * </ul>
 * A property no source can see is simply absent; {@link Expectations} then fails the case rather
 * than assuming.
 */
public final class Observation {

    /** Who saw a value. */
    public enum Source {
        SUBJECT('S'),
        PEER('P'),
        WIRE('W');

        private final char letter;

        Source(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }
    }

    public static final String VERSION = "version";
    public static final String SUITE = "suite";
    public static final String GROUP = "group";
    public static final String SERVER_CERT = "server cert";
    public static final String CLIENT_CERT = "client cert";
    public static final String ALPN = "ALPN";
    public static final String SNI = "SNI";
    public static final String HRR = "HRR";
    public static final String RESUMED = "resumed";

    private final Map<String, Map<Source, String>> values = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** Records that {@code source} saw {@code field = value}; a null value means "not seen" and is ignored. */
    public Observation saw(Source source, String field, Object value) {
        if (value != null) {
            String text = value instanceof Boolean b ? (b ? "yes" : "no") : value.toString();
            values.computeIfAbsent(field, f -> new EnumMap<>(Source.class)).put(source, text);
        }
        return this;
    }

    /** What each source saw for a field (empty when nobody saw it). */
    public Map<Source, String> get(String field) {
        return values.getOrDefault(field, Map.of());
    }

    /** A fact about the exchange: bytes moved, close_notify, KeyUpdate, retries. */
    public Observation note(String fact) {
        notes.add(fact);
        return this;
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * One line for the report: {@code TLSv1.3 [SPW] · TLS_AES_128_GCM_SHA256 [SPW] · ...; notes}. The
     * letters say who saw it; where sources disagree every value is listed.
     */
    public String summary() {
        StringJoiner out = new StringJoiner(" · ");
        for (Map.Entry<String, Map<Source, String>> e : values.entrySet()) {
            Map<String, StringBuilder> byValue = new LinkedHashMap<>();
            e.getValue().forEach((src, v) -> byValue.computeIfAbsent(v, k -> new StringBuilder()).append(src.letter()));
            StringJoiner one = new StringJoiner(" / ");
            byValue.forEach((v, letters) -> one.add(v + " [" + letters + "]"));
            out.add(e.getKey() + " " + one);
        }
        String facts = String.join("; ", notes);
        return facts.isEmpty() ? out.toString() : out + "; " + facts;
    }
}
