package dev.stockpulse.commons.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.Infrastructure;
import dev.stockpulse.localstack.LocalStack;

/**
 * The outbox table is created by each service's own migrations (applied migrations cannot move), and this module's
 * tests create it from src/test. All three must be the same table, or the relay tested here is not the relay the
 * services run: each service's migrations are applied, as they are, to a database of their own, and the table they
 * leave is compared column by column and index by index with this module's.
 */
class OutboxSchemaTest {

    @Test
    void bothServicesMigrationsLeaveTheOutboxTableThatServiceCommonsIsTestedAgainst() throws SQLException {
        List<String> commons = outboxTableAfter("outbox_schema_commons", "classpath:db/migration");
        assertThat(commons).isNotEmpty();
        assertThat(outboxTableAfter("outbox_schema_inventory", service("inventory-service"))).as("inventory-service")
                .containsExactlyElementsOf(commons);
        assertThat(outboxTableAfter("outbox_schema_sales", service("sales-service"))).as("sales-service")
                .containsExactlyElementsOf(commons);
    }

    /** The service's migrations in its source tree: the reactor builds every module from one checkout. */
    private static String service(String module) {
        Path migrations = Path.of("..", module, "src", "main", "resources", "db", "migration").toAbsolutePath().normalize();
        assertThat(migrations).as("migrations of %s", module).isDirectory();
        return "filesystem:" + migrations;
    }

    private static List<String> outboxTableAfter(String database, String location) throws SQLException {
        Infrastructure infra = LocalStack.shared();
        infra.createDatabase(database);
        String url = infra.jdbcUrl(database);
        Flyway.configure().dataSource(url, infra.username(), infra.password()).locations(location).load().migrate();
        try (Connection c = DriverManager.getConnection(url, infra.username(), infra.password())) {
            List<String> shape = new ArrayList<>();
            shape.addAll(rows(c, """
                    SELECT column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                           || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END
                           || coalesce(' default ' || column_default, '')
                    FROM information_schema.columns WHERE table_name = 'outbox_event' ORDER BY column_name"""));
            shape.addAll(rows(c, "SELECT indexdef FROM pg_indexes WHERE tablename = 'outbox_event' ORDER BY indexname"));
            return shape;
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
