package io.switchboard.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a database's schema up to the newest version this build knows, at every start. The
 * migrations are the dialect's {@code db/<dialect>/V<n>__<what>.sql} resources; {@code
 * schema_version} records the applied ones. Everything runs in one transaction, so a start that
 * fails half-way leaves the schema as it was; running it again applies nothing.
 *
 * <p>Stateless; the caller owns the connection and must not use it concurrently.
 */
final class SchemaMigrator {
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    /** A statement ends with ';' at the end of a line; the files promise no ';' inside one. */
    private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\r?\\n|$)");

    record Migration(int version, String description, String sql) {}

    private SchemaMigrator() {}

    /** Applies the missing migrations and returns how many it applied (0 when up to date). */
    static int migrate(Connection c, SqlDialect dialect) throws SQLException {
        List<Migration> migrations = load(dialect);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            if (dialect.migrationLockSql != null) {
                st.execute(dialect.migrationLockSql);
            }
            st.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            int current = currentVersion(st);
            int newest = migrations.get(migrations.size() - 1).version();
            if (current > newest) {
                throw new HistoryStoreException("the database schema is at version " + current
                        + " but this Switchboard knows only up to " + newest + "; run a newer Switchboard");
            }
            int applied = 0;
            for (Migration m : migrations) {
                if (m.version() > current) {
                    apply(c, st, m);
                    applied++;
                }
            }
            c.commit();
            return applied;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static int currentVersion(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection c, Statement st, Migration m) throws SQLException {
        for (String sql : statements(m.sql())) {
            st.execute(sql);
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.description());
            ps.setLong(3, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    static List<Migration> load(SqlDialect dialect) {
        List<Migration> migrations = new ArrayList<>();
        int expected = 1;
        for (String name : dialect.migrations) {
            Matcher m = FILE_NAME.matcher(name);
            if (!m.matches() || Integer.parseInt(m.group(1)) != expected) {
                throw new IllegalStateException("migration " + name + " should be V" + expected + "__<what>.sql");
            }
            migrations.add(new Migration(expected, m.group(2), read("db/" + dialect.folder + "/" + name)));
            expected++;
        }
        return migrations;
    }

    private static String read(String resource) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** Splits a migration file into statements, dropping whole-line {@code --} comments. */
    static List<String> statements(String sql) {
        StringBuilder code = new StringBuilder();
        for (String line : sql.split("\\r?\\n")) {
            if (!line.strip().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String s : STATEMENT_END.split(code)) {
            if (!s.isBlank()) {
                statements.add(s.strip());
            }
        }
        return statements;
    }
}
