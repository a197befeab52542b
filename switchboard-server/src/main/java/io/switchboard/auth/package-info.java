/**
 * Signed-token authentication (docs/security.md#authentication): who a client is ({@link
 * io.switchboard.auth.Identity}), which rooms it may use ({@link io.switchboard.auth.RoomGrant}),
 * how a JWT is verified ({@link io.switchboard.auth.Authenticator}, with nimbus-jose-jwt, never by
 * hand) and minted for tests and demos ({@link io.switchboard.auth.TokenMinter}), and the one timer
 * per connection that ends it when its token runs out ({@link io.switchboard.auth.ExpiryTimer}).
 * Below the chat and the transports, which ask it; it knows nothing of them.
 */
package io.switchboard.auth;
