/**
 * Message history: the {@link HistoryStore} contract (ids per room, idempotency by {@code
 * clientId}, reads by {@code after}/{@code before}/{@code limit}, the epoch, retention) and its
 * implementations ({@code InMemoryHistoryStore}, {@code SqliteHistoryStore}, {@code
 * PostgresHistoryStore} over {@code JdbcHistoryStore}, with {@code SchemaMigrator}), all run
 * through one contract test suite.
 *
 * <p>Stores are called from the hub's storage thread only ({@code hub.StorageSequencer}); each
 * implementation states its own threading.
 */
package io.switchboard.history;
