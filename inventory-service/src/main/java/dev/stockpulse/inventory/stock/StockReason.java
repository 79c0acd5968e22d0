package dev.stockpulse.inventory.stock;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Why a stock level changed. Sales and order reservations count as demand for days of stock remaining. */
public enum StockReason {
    SALE, RECEIPT, RETURN, DAMAGE, COUNT_CORRECTION,
    /** Taken for a sales order (from sales-events), not set by hand. */
    RESERVATION,
    /** Put back when a reserved order is cancelled. */
    RELEASE;

    /** The reasons a person may give to POST /api/inventory/adjust. */
    public static final Set<StockReason> MANUAL = EnumSet.of(SALE, RECEIPT, RETURN, DAMAGE, COUNT_CORRECTION);

    /** The reasons whose removals are demand: summed over the demand window for days of stock remaining. */
    public static final Set<StockReason> DEMAND = EnumSet.of(SALE, RESERVATION);

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** In any case ({@code "Sale"}, as the Go inventory service's clients send it), around blanks. */
    public static Optional<StockReason> fromWire(String value) {
        return value == null ? Optional.empty()
                : Arrays.stream(values()).filter(r -> r.wireName().equalsIgnoreCase(value.strip())).findFirst();
    }
}
