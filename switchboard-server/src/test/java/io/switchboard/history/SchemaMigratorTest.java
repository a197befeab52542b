package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

    @Test
    void statementsAreSplitAtLineEndingSemicolonsAndCommentLinesDropped() {
        String sql = "-- a comment; with a semicolon\nCREATE TABLE a (x INT);\n\n"
                + "CREATE TABLE b (\n  y INT\n);  \nINSERT INTO b VALUES (1);";
        assertThat(SchemaMigrator.statements(sql))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT\n)", "INSERT INTO b VALUES (1)");
    }

    @Test
    void everyDialectHasConsecutivelyNumberedReadableMigrations() {
        for (SqlDialect dialect : SqlDialect.values()) {
            assertThat(SchemaMigrator.load(dialect))
                    .extracting(SchemaMigrator.Migration::version)
                    .startsWith(1)
                    .doesNotHaveDuplicates();
            assertThat(SchemaMigrator.load(dialect))
                    .allSatisfy(m -> assertThat(m.sql()).contains("CREATE "));
        }
    }
}
