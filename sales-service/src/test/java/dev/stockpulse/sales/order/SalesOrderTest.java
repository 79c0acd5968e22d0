package dev.stockpulse.sales.order;

import static dev.stockpulse.sales.order.OrderStatus.CANCELLED;
import static dev.stockpulse.sales.order.OrderStatus.CONFIRMED;
import static dev.stockpulse.sales.order.OrderStatus.DELIVERED;
import static dev.stockpulse.sales.order.OrderStatus.PENDING;
import static dev.stockpulse.sales.order.OrderStatus.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The order lifecycle: every action from every status, and what each leaves behind. */
class SalesOrderTest {

    static final Instant BEFORE = Instant.parse("2026-11-23T10:00:00Z");

    enum Action {
        CONFIRM(SalesOrder::confirm),
        REJECT(o -> o.reject("insufficient stock: p-1 requested 3, available 1")),
        CANCEL(o -> o.cancel("ann", "found it cheaper")),
        DELIVER(SalesOrder::deliver);

        final Predicate<SalesOrder> apply;

        Action(Predicate<SalesOrder> apply) {
            this.apply = apply;
        }
    }

    /** What an action does from a status: moves the order to a status, changes nothing, or is refused. */
    record Row(OrderStatus from, Action action, OrderStatus to, boolean illegal) {

        static Row moves(OrderStatus from, Action action, OrderStatus to) {
            return new Row(from, action, to, false);
        }

        static Row unchanged(OrderStatus from, Action action) {
            return new Row(from, action, from, false);
        }

        static Row refused(OrderStatus from, Action action) {
            return new Row(from, action, from, true);
        }

        @Override
        public String toString() {
            return action + " a " + from.wireName() + " order: "
                    + (illegal ? "illegal" : from == to ? "no change" : "-> " + to.wireName());
        }
    }

    /** The specification, written out rather than derived from the code under test. */
    static final List<Row> LIFECYCLE = List.of(
            Row.moves(PENDING, Action.CONFIRM, CONFIRMED),
            Row.moves(PENDING, Action.REJECT, REJECTED),
            Row.moves(PENDING, Action.CANCEL, CANCELLED),
            Row.refused(PENDING, Action.DELIVER),

            Row.unchanged(CONFIRMED, Action.CONFIRM),
            Row.refused(CONFIRMED, Action.REJECT),
            Row.moves(CONFIRMED, Action.CANCEL, CANCELLED),
            Row.moves(CONFIRMED, Action.DELIVER, DELIVERED),

            Row.refused(REJECTED, Action.CONFIRM),
            Row.unchanged(REJECTED, Action.REJECT),
            Row.refused(REJECTED, Action.CANCEL),
            Row.refused(REJECTED, Action.DELIVER),

            Row.refused(CANCELLED, Action.CONFIRM),
            Row.refused(CANCELLED, Action.REJECT),
            Row.unchanged(CANCELLED, Action.CANCEL),
            Row.refused(CANCELLED, Action.DELIVER),

            Row.refused(DELIVERED, Action.CONFIRM),
            Row.refused(DELIVERED, Action.REJECT),
            Row.refused(DELIVERED, Action.CANCEL),
            Row.unchanged(DELIVERED, Action.DELIVER));

    static Stream<Row> lifecycle() {
        return LIFECYCLE.stream();
    }

    @Test
    void theTableCoversEveryActionFromEveryStatusOnce() {
        Set<String> pairs = new HashSet<>();
        LIFECYCLE.forEach(row -> assertThat(pairs.add(row.from() + "/" + row.action())).as(row.toString()).isTrue());
        assertThat(pairs).hasSize(OrderStatus.values().length * Action.values().length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifecycle")
    void eachActionFromEachStatus(Row row) {
        SalesOrder order = orderIn(row.from());
        String reasonBefore = order.reason();

        if (row.illegal()) {
            assertThatThrownBy(() -> row.action().apply.test(order))
                    .isInstanceOfSatisfying(IllegalOrderTransitionException.class, e -> {
                        assertThat(e.from()).isEqualTo(row.from());
                        assertThat(e.action()).isEqualTo(row.action().name().toLowerCase());
                    });
        } else {
            assertThat(row.action().apply.test(order)).as("changed").isEqualTo(row.to() != row.from());
        }

        assertThat(order.status()).isEqualTo(row.to());
        if (row.to() == row.from()) {
            assertThat(order.updatedAt).as("untouched").isEqualTo(BEFORE);
            assertThat(order.reason()).as("the first reason stays").isEqualTo(reasonBefore);
        } else {
            assertThat(order.updatedAt).isAfter(BEFORE);
        }
    }

    /** Every pair of statuses: which one action can take an order straight from one to the other. */
    @Test
    void onlyTheLifecycleEdgesAreReachableInOneStep() {
        Map<OrderStatus, Set<OrderStatus>> edges = Map.of(
                PENDING, EnumSet.of(CONFIRMED, REJECTED, CANCELLED),
                CONFIRMED, EnumSet.of(CANCELLED, DELIVERED),
                REJECTED, EnumSet.noneOf(OrderStatus.class),
                CANCELLED, EnumSet.noneOf(OrderStatus.class),
                DELIVERED, EnumSet.noneOf(OrderStatus.class));
        for (OrderStatus from : OrderStatus.values()) {
            Set<OrderStatus> reached = EnumSet.noneOf(OrderStatus.class);
            for (Action action : Action.values()) {
                SalesOrder order = orderIn(from);
                try {
                    if (action.apply.test(order)) {
                        reached.add(order.status());
                    }
                } catch (IllegalOrderTransitionException refused) {
                    assertThat(order.status()).isEqualTo(from);
                }
            }
            assertThat(reached).as("from " + from).isEqualTo(edges.get(from));
        }
    }

    @Test
    void aNewOrderIsPending() {
        assertThat(new SalesOrder().status()).isEqualTo(PENDING);
        assertThat(new SalesOrder().reason()).isNull();
    }

    @Test
    void theConfirmationTimeStaysWhenTheOrderMovesOn() {
        SalesOrder order = orderIn(PENDING);
        order.confirm();
        Instant confirmedAt = order.confirmedAt;
        assertThat(confirmedAt).isNotNull().isEqualTo(order.updatedAt);
        order.confirm();
        order.deliver();
        assertThat(order.confirmedAt).isSameAs(confirmedAt);
        assertThat(orderIn(REJECTED).confirmedAt).isNull();
    }

    @Test
    void aRejectionKeepsInventorysReason() {
        SalesOrder order = orderIn(PENDING);
        order.reject("insufficient stock: p-1 requested 3, available 1");
        assertThat(order.reason()).isEqualTo("insufficient stock: p-1 requested 3, available 1");
    }

    @Test
    void aReasonLongerThanItsColumnIsCutToFit() {
        SalesOrder rejected = orderIn(PENDING);
        rejected.reject("insufficient stock: " + "p-1 requested 3, available 1; ".repeat(40));
        assertThat(rejected.reason()).hasSize(500).endsWith("\u2026");

        SalesOrder cancelled = orderIn(PENDING);
        cancelled.cancel("ann", "x".repeat(500));
        assertThat(cancelled.reason()).isEqualTo("x".repeat(500));
        cancelled = orderIn(PENDING);
        cancelled.cancel("ann", "x".repeat(501));
        assertThat(cancelled.reason()).isEqualTo("x".repeat(499) + "\u2026");
    }

    @Test
    void aCancelWithoutAReasonSaysWhoCancelled() {
        SalesOrder byBuyer = orderIn(PENDING);
        byBuyer.cancel("ann", null);
        assertThat(byBuyer.reason()).isEqualTo("cancelled by the customer");

        SalesOrder byStaff = orderIn(CONFIRMED);
        byStaff.cancel("sam", "  ");
        assertThat(byStaff.reason()).isEqualTo("cancelled by sam");

        SalesOrder withReason = orderIn(PENDING);
        withReason.cancel("sam", "  customer called  ");
        assertThat(withReason.reason()).isEqualTo("customer called");
    }

    @Test
    void aSecondCancelKeepsTheFirstReason() {
        SalesOrder order = orderIn(PENDING);
        order.cancel("ann", "found it cheaper");
        assertThat(order.cancel("sam", "duplicate")).isFalse();
        assertThat(order.reason()).isEqualTo("found it cheaper");
    }

    /** An order of ann, brought to {@code status} the only ways it can get there, then with a known update time. */
    static SalesOrder orderIn(OrderStatus status) {
        SalesOrder order = new SalesOrder();
        order.id = UUID.randomUUID();
        order.tenantId = "tenant-1";
        order.userId = "ann";
        order.total = new BigDecimal("19.90");
        order.createdAt = BEFORE;
        List<Action> path = switch (status) {
            case PENDING -> List.of();
            case CONFIRMED -> List.of(Action.CONFIRM);
            case REJECTED -> List.of(Action.REJECT);
            case CANCELLED -> List.of(Action.CANCEL);
            case DELIVERED -> List.of(Action.CONFIRM, Action.DELIVER);
        };
        path.forEach(action -> assertThat(action.apply.test(order)).isTrue());
        assertThat(order.status()).isEqualTo(status);
        order.updatedAt = BEFORE;
        return order;
    }
}
