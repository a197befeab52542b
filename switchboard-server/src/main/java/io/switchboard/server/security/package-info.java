/**
 * The server's defences in front of the router (docs/security.md): the origin policy on every
 * request a browser can make ({@link OriginGateHandler}, {@code --allowed-origins}), connections per
 * address ({@link AddressLimitHandler}, {@code --max-connections-per-ip}) with the per-address
 * command budget it attaches to each connection, and the chat page's response headers
 * ({@link PageHeaders}: Content-Security-Policy, framing, referrer).
 */
package io.switchboard.server.security;
