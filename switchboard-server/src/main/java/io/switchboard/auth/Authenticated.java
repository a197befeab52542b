package io.switchboard.auth;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * What the server's authentication handler established for the request a channel is answering:
 * the verified {@link Identity} and the {@link Authenticator} that verified it (a transport uses
 * it for the grace and for tokens refreshed in band). Set per request, so a keep-alive
 * connection's next request is checked again; absent when authentication is off, or on a
 * Socket.IO request whose socket proves itself in its CONNECT packet instead.
 *
 * <p>Immutable; thread-safe.
 */
public record Authenticated(Identity identity, Authenticator authenticator) {
    private static final AttributeKey<Authenticated> ATTRIBUTE = AttributeKey.valueOf("switchboard.authenticated");

    /**
     * The current request's, or null (authentication off). Asks {@code hasAttr} first: {@code attr}
     * would add an empty attribute to every connection of a server without authentication.
     */
    public static Authenticated of(Channel channel) {
        return channel.hasAttr(ATTRIBUTE) ? channel.attr(ATTRIBUTE).get() : null;
    }

    /** For the authentication handler, on each request; null clears it. */
    public static void set(Channel channel, Authenticated authenticated) {
        channel.attr(ATTRIBUTE).set(authenticated);
    }
}
