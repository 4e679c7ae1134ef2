package dev.keel.tls.config;

import dev.keel.tls.message.ServerName;

/** Server-side SNI acceptance (JSSE's {@code SNIMatcher}): one matcher per name type. */
public interface ServerNameMatcher {
    int type();

    boolean matches(ServerName name);
}
