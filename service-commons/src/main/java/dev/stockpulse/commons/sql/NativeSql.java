package dev.stockpulse.commons.sql;

import java.util.regex.Pattern;

/**
 * One SQL statement for both of a service's ways to the database: written once in PostgreSQL's own form
 * ({@code $1}, {@code $2}, …) for the reactive client, and handed to Hibernate Reactive's native queries with the
 * same parameters as JPA ordinals ({@code ?1}, {@code ?2}, …), which Hibernate Reactive sends to PostgreSQL as
 * {@code $1}, {@code $2}, … again. So a row written inside a Hibernate transaction and one written on a plain
 * connection come from the same text with the same values.
 */
public final class NativeSql {

    private static final Pattern POSTGRES_PARAMETER = Pattern.compile("\\$(\\d+)");

    private NativeSql() {
    }

    /** The statement with JPA ordinal parameters, for {@code Session.createNativeQuery} and {@code setParameter(n, …)}. */
    public static String forHibernate(String postgresSql) {
        return POSTGRES_PARAMETER.matcher(postgresSql).replaceAll("?$1");
    }
}
