package dev.stockpulse.inventory.stock;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a stock level changed. Only sales count as demand when days of stock remaining are estimated. */
public enum StockReason {
    SALE, RECEIPT, RETURN, DAMAGE, COUNT_CORRECTION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StockReason> fromWire(String value) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(value)).findFirst();
    }
}
