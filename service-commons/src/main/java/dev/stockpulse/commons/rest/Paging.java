package dev.stockpulse.commons.rest;

/** The bounds of every paged list ({@code ?page=&size=}). */
public final class Paging {

    /**
     * The highest {@code page} any list accepts. Panache computes the offset as {@code page × size} in an {@code int}:
     * with sizes up to 1,000 this keeps it far from overflowing (a negative offset was a 500), and nobody pages a
     * hundred thousand pages deep.
     */
    public static final int MAX_PAGE = 100_000;

    private Paging() {
    }
}
