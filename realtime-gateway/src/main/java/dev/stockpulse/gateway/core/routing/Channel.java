package dev.stockpulse.gateway.core.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a client can subscribe to. {@link #ALL} is a wildcard over every other channel, present and future. */
public enum Channel {
    STOCK,
    PRODUCTS,
    ALERTS,
    ORDERS,
    NOTIFICATIONS,
    FORECASTS,
    ANALYTICS,
    ALL;

    private static final Map<String, Channel> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Channel::wireName, Function.identity()));

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Exact, lower-case match: the names are part of the protocol, so "Stock" is as unknown as "stocks". */
    public static Optional<Channel> fromWire(String name) {
        return Optional.ofNullable(name).map(BY_WIRE_NAME::get);
    }
}
