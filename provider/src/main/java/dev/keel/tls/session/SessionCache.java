package dev.keel.tls.session;

import dev.keel.tls.message.ProtocolVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The sessions one side of a context can resume, bounded in number and age. A client keeps them per
 * peer (host, port), newest last, at most {@link #MAX_PER_PEER} each; a TLS 1.2 server keeps them
 * under their session id (RFC 5246 7.4.1.2). The least recently used peer or id is evicted first when
 * the cache is full; evicted, used-up and expired entries have their secrets wiped.
 *
 * <p>{@code maxSize} 0 and {@code timeoutSeconds} 0 mean "no limit", as in {@code SSLSessionContext}.
 * Thread-safe.
 */
public final class SessionCache {
    /** Tickets kept per peer: enough for a few parallel connections. */
    public static final int MAX_PER_PEER = 8;

    private final LongSupplier clock;
    private int maxSize;
    private long timeoutMillis;
    private final LinkedHashMap<String, ArrayDeque<ResumableSession>> byPeer = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<String, ResumableSession> byId = new LinkedHashMap<>(16, 0.75f, true);

    public SessionCache(LongSupplier clock, int maxSize, int timeoutSeconds) {
        this.clock = clock;
        this.maxSize = maxSize;
        this.timeoutMillis = timeoutSeconds * 1000L;
    }

    /** The clock (ms) of this cache, which handshakes use for ticket ages. */
    public long now() {
        return clock.getAsLong();
    }

    public synchronized void setMaxSize(int size) {
        maxSize = size;
        trim(byPeer);
        trimIds();
    }

    public synchronized void setTimeoutSeconds(int seconds) {
        timeoutMillis = seconds * 1000L;
    }

    /** The timeout in ms, or 0 for none. */
    public synchronized long timeoutMillis() {
        return timeoutMillis;
    }

    // ---- client: by peer ----

    /** Client: remembers a ticket or session for the peer; nothing without a peer host. */
    public synchronized void addForPeer(String host, int port, ResumableSession s) {
        if (host == null) {
            s.destroy();
            return;
        }
        ArrayDeque<ResumableSession> entries = byPeer.computeIfAbsent(peerKey(host, port), k -> new ArrayDeque<>());
        if (s.protocol() == ProtocolVersion.TLS12) {
            // One TLS 1.2 session per peer: the newest replaces the older ones.
            entries.removeIf(e -> {
                if (e.protocol() == ProtocolVersion.TLS12) {
                    e.destroy();
                    return true;
                }
                return false;
            });
        }
        entries.addLast(s);
        while (entries.size() > MAX_PER_PEER) {
            entries.removeFirst().destroy();
        }
        trim(byPeer);
    }

    /**
     * Client: the newest usable entry for the peer that {@code fits}. A TLS 1.3 ticket is removed
     * ({@code singleUse}, RFC 8446 C.4: reusing a ticket lets observers link connections); a TLS 1.2
     * session stays until it expires. Entries found expired or invalidated on the way are dropped.
     */
    public synchronized ResumableSession takeForPeer(String host, int port, boolean singleUse,
            Predicate<ResumableSession> fits) {
        if (host == null) {
            return null;
        }
        ArrayDeque<ResumableSession> entries = byPeer.get(peerKey(host, port));
        if (entries == null) {
            return null;
        }
        long now = now();
        ResumableSession found = null;
        for (Iterator<ResumableSession> it = entries.descendingIterator(); it.hasNext(); ) {
            ResumableSession e = it.next();
            if (!usable(e, now)) {
                it.remove();
                e.destroy();
            } else if (found == null && fits.test(e)) {
                found = e;
                if (singleUse && e.protocol() == ProtocolVersion.TLS13) {
                    it.remove();
                }
            }
        }
        if (entries.isEmpty()) {
            byPeer.remove(peerKey(host, port));
        }
        return found;
    }

    // ---- server (TLS 1.2): by session id ----

    /** TLS 1.2 server: remembers a session under its id. */
    public synchronized void addById(byte[] id, ResumableSession s) {
        ResumableSession old = byId.put(idKey(id), s);
        if (old != null && old != s) {
            old.destroy();
        }
        trimIds();
    }

    /** TLS 1.2 server: the usable session with this id, or {@code null}. */
    public synchronized ResumableSession findById(byte[] id) {
        if (id == null || id.length == 0) {
            return null;
        }
        String key = idKey(id);
        ResumableSession s = byId.get(key);
        if (s != null && !usable(s, now())) {
            byId.remove(key);
            s.destroy();
            return null;
        }
        return s;
    }

    // ---- the SSLSessionContext view ----

    /** The distinct sessions that can still be resumed, for {@code getIds()}. */
    public synchronized List<TlsSession> sessions() {
        Set<TlsSession> out = new LinkedHashSet<>();
        long now = now();
        for (ResumableSession s : byId.values()) {
            if (usable(s, now)) {
                out.add(s.origin());
            }
        }
        for (ArrayDeque<ResumableSession> entries : byPeer.values()) {
            for (ResumableSession s : entries) {
                if (usable(s, now)) {
                    out.add(s.origin());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The resumable session with this id ({@link TlsSession#id()}), or {@code null}. */
    public synchronized TlsSession session(byte[] id) {
        for (TlsSession s : sessions()) {
            if (Arrays.equals(s.id(), id)) {
                return s;
            }
        }
        return null;
    }

    /** Forgets every entry that resumes {@code session} (after {@code SSLSession.invalidate()}). */
    public synchronized void remove(TlsSession session) {
        byId.values().removeIf(e -> dropIf(e, e.origin() == session));
        for (ArrayDeque<ResumableSession> entries : byPeer.values()) {
            entries.removeIf(e -> dropIf(e, e.origin() == session));
        }
        byPeer.values().removeIf(ArrayDeque::isEmpty);
    }

    /** Number of peers (client) plus session ids (server) held. */
    public synchronized int size() {
        return byPeer.size() + byId.size();
    }

    private boolean usable(ResumableSession s, long now) {
        return s.usableAt(now) && (timeoutMillis == 0 || now - s.receivedAt() < timeoutMillis);
    }

    private static boolean dropIf(ResumableSession e, boolean drop) {
        if (drop) {
            e.destroy();
        }
        return drop;
    }

    private void trim(LinkedHashMap<String, ArrayDeque<ResumableSession>> map) {
        while (maxSize > 0 && map.size() > maxSize) {
            Map.Entry<String, ArrayDeque<ResumableSession>> eldest = map.entrySet().iterator().next();
            eldest.getValue().forEach(ResumableSession::destroy);
            map.remove(eldest.getKey());
        }
    }

    private void trimIds() {
        while (maxSize > 0 && byId.size() > maxSize) {
            Map.Entry<String, ResumableSession> eldest = byId.entrySet().iterator().next();
            eldest.getValue().destroy();
            byId.remove(eldest.getKey());
        }
    }

    private static String peerKey(String host, int port) {
        return host.toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    private static String idKey(byte[] id) {
        return java.util.HexFormat.of().formatHex(id);
    }
}
