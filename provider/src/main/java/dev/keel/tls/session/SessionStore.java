package dev.keel.tls.session;

import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * Everything resumption needs on one side of a context (client or server), shared by its connections:
 * the {@linkplain SessionCache cache}, the server's {@linkplain TicketKeys ticket keys}, the clock and
 * the policy. The JSSE {@code SSLSessionContext} wraps one; a connection without a store never
 * resumes and never issues tickets.
 *
 * <p>Time comes from an injectable clock (ms) so that tests can expire tickets without sleeping.
 */
public final class SessionStore {
    /** RFC 8446 4.6.1: no ticket lives longer than seven days. */
    public static final long MAX_TICKET_LIFETIME_SECONDS = 7 * 24 * 60 * 60;
    /** Tickets a TLS 1.3 server issues after each handshake by default. */
    public static final int DEFAULT_TICKET_COUNT = 1;

    private volatile LongSupplier clock;
    private final SessionCache cache;
    private final TicketKeys ticketKeys;
    private volatile int ticketCount = DEFAULT_TICKET_COUNT;
    private volatile boolean singleUseTickets = true;
    private volatile boolean sessionTickets12 = true;
    private volatile boolean enabled = true;

    /**
     * @param timeoutSeconds session timeout (0: none), also the lifetime of the tickets a server
     *     issues (capped at seven days)
     */
    public SessionStore(LongSupplier clock, SecureRandom random, int maxSize, int timeoutSeconds) {
        this.clock = clock;
        this.cache = new SessionCache(this::now, maxSize, timeoutSeconds);
        this.ticketKeys = new TicketKeys(random, this::now, rotationInterval(timeoutSeconds));
    }

    /** A store on the system clock. */
    public static SessionStore systemClock(SecureRandom random, int maxSize, int timeoutSeconds) {
        return new SessionStore(System::currentTimeMillis, random, maxSize, timeoutSeconds);
    }

    private static long rotationInterval(int timeoutSeconds) {
        return ticketLifetimeSeconds(timeoutSeconds) * 1000L;
    }

    private static long ticketLifetimeSeconds(int timeoutSeconds) {
        return timeoutSeconds <= 0 ? MAX_TICKET_LIFETIME_SECONDS
                : Math.min(timeoutSeconds, MAX_TICKET_LIFETIME_SECONDS);
    }

    /** Now, in ms, by this store's clock. */
    public long now() {
        return clock.getAsLong();
    }

    /** Replaces the clock (tests move time forward to expire tickets without sleeping). */
    public void setClock(LongSupplier clock) {
        this.clock = java.util.Objects.requireNonNull(clock);
    }

    public SessionCache cache() {
        return cache;
    }

    public TicketKeys ticketKeys() {
        return ticketKeys;
    }

    /** Applies a new session timeout to the cache, the ticket lifetime and the key rotation. */
    public void setTimeoutSeconds(int seconds) {
        cache.setTimeoutSeconds(seconds);
        ticketKeys.setRotationIntervalMillis(rotationInterval(seconds));
    }

    /** The lifetime of tickets issued now: the session timeout, at most seven days. */
    public long ticketLifetimeSeconds() {
        long timeout = cache.timeoutMillis() / 1000;
        return ticketLifetimeSeconds((int) Math.min(Integer.MAX_VALUE, timeout));
    }

    /** TLS 1.3 server: NewSessionTicket messages sent after each handshake (0: none). */
    public int ticketCount() {
        return ticketCount;
    }

    public void setTicketCount(int n) {
        if (n < 0 || n > 10) {
            throw new IllegalArgumentException("ticket count must be 0..10: " + n);
        }
        ticketCount = n;
    }

    /** TLS 1.3 client: use each ticket once (RFC 8446 C.4). On by default. */
    public boolean singleUseTickets() {
        return singleUseTickets;
    }

    public void setSingleUseTickets(boolean v) {
        singleUseTickets = v;
    }

    /** TLS 1.2: offer (client) / issue (server) RFC 5077 session tickets. On by default. */
    public boolean sessionTickets12() {
        return sessionTickets12;
    }

    public void setSessionTickets12(boolean v) {
        sessionTickets12 = v;
    }

    /** Resumption at all: off makes every handshake a full one and issues no tickets. */
    public boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean v) {
        enabled = v;
    }
}
