package dev.stockpulse.localstack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Creating a service's database, the same on the embedded and the container PostgreSQL. */
final class Databases {

    /** Opens a connection to the server's {@code postgres} database as a superuser. */
    @FunctionalInterface
    interface AdminConnection {
        Connection open() throws SQLException;
    }

    private Databases() {
    }

    /** Creates the database unless it exists already; idempotent so every service's tests may ask for theirs. */
    static void create(String name, AdminConnection admin) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = admin.open(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
    }
}
