package dev.stockpulse.sales.messaging;

import static dev.stockpulse.sales.InventoryEvents.isEvent;
import static dev.stockpulse.sales.InventoryEvents.lowStock;
import static dev.stockpulse.sales.InventoryEvents.record;
import static dev.stockpulse.sales.InventoryEvents.stockUpdated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventKeys;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.ProductPayload;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import dev.stockpulse.sales.InventoryEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The records of one poll are applied together: many products' stock changes in one transaction, each product's in
 * its order; a duplicate inside the poll or of an earlier poll applied once; a record that cannot be applied
 * dead-lettered while the rest of its poll is applied. Bursts are produced in one request, so that each partition's
 * share reaches the consumer in one poll.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class InventoryEventsBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    @Test
    void aBurstOfManyProductsLandsOnEachProductsLastLevelInFewerTransactionsThanEvents() {
        int productCount = 60;
        int changesPerProduct = 5;
        List<ProducerRecord<String, String>> burst = new ArrayList<>();
        // Round after round over every product, each product's level falling by one a sale: a change applied out of
        // its product's order would leave a level other than the last, or a last sale other than the latest.
        for (int round = 0; round < changesPerProduct; round++) {
            for (int p = 0; p < productCount; p++) {
                String product = "p-" + p;
                long previous = 100 - round;
                burst.add(record(stockUpdated(tenant, product, "wh-1", previous, previous - 1, "sale",
                        start.plusSeconds(round * 60L + p)), product));
            }
        }
        DistributionSummary transactions = batches();
        long transactionsBefore = transactions.count();
        double eventsBefore = transactions.totalAmount();

        InventoryEvents.publishBurst(bootstrapServers, burst);

        await().atMost(WAIT).until(() -> levels().size() == productCount
                && levels().values().stream().allMatch(level -> level == 100 - changesPerProduct));
        Instant lastRound = start.plusSeconds((changesPerProduct - 1) * 60L);
        for (Row row : query("SELECT product_id, stock_on_hand, last_sale_at FROM product_view WHERE tenant_id = $1")) {
            int p = Integer.parseInt(row.getString("product_id").substring(2));
            assertThat(row.getLong("stock_on_hand")).as(row.getString("product_id")).isEqualTo(100 - changesPerProduct);
            assertThat(row.getOffsetDateTime("last_sale_at").toInstant()).isEqualTo(lastRound.plusSeconds(p));
        }
        assertThat(soldUnits()).isEqualTo((long) productCount * changesPerProduct);
        long events = Math.round(transactions.totalAmount() - eventsBefore);
        assertThat(events).isGreaterThanOrEqualTo(burst.size());
        assertThat(transactions.count() - transactionsBefore).as("transactions for %d events", events)
                .isLessThanOrEqualTo(events / 10);
    }

    @Test
    void anEventTwiceInOnePollAndAgainInALaterPollIsAppliedOnce() {
        EventEnvelope<StockUpdatedPayload> sale = stockUpdated(tenant, "p-dup", "wh-1", 50, 47, "sale", start);
        EventEnvelope<LowStockPayload> low = lowStock(tenant, "p-dup", 5, Priority.HIGH);
        try (TopicReader sales = TopicReader.fromEnd(bootstrapServers, Topics.SALES_EVENTS)) {
            InventoryEvents.publishBurst(bootstrapServers, List.of(record(sale, "p-dup"), record(sale, "p-dup"),
                    record(stockUpdated(tenant, "p-dup", "wh-1", 47, 45, "sale", start.plusSeconds(1)), "p-dup"),
                    record(low, "p-dup"), record(low, "p-dup")));
            await().atMost(WAIT).until(() -> Long.valueOf(45).equals(levels().get("p-dup")));
            sales.await(r -> isEvent(r, "sales.alert.raised", tenant, "p-dup"), WAIT);

            // Redelivered after the poll was committed, then a marker behind it on the same key.
            InventoryEvents.publishBurst(bootstrapServers, List.of(record(sale, "p-dup"), record(low, "p-dup")));
            InventoryEvents.publishBurst(bootstrapServers,
                    List.of(record(stockUpdated(tenant, "p-dup", "wh-1", 45, 44, "sale", start.plusSeconds(2)), "p-dup")));
            await().atMost(WAIT).until(() -> Long.valueOf(44).equals(levels().get("p-dup")));

            assertThat(soldUnits()).isEqualTo(6);
            sales.poll(Duration.ofSeconds(2));
            List<ConsumerRecord<String, String>> raised = sales.seen().stream()
                    .filter(r -> isEvent(r, "sales.alert.raised", tenant, "p-dup")).toList();
            // low_stock, and stockout_risk and reorder_needed that a level of 5 at a high priority also raises.
            assertThat(raised).extracting(r -> EventCodec.decode(r.value()).metadata().causationId())
                    .containsOnly(low.metadata().eventId());
            assertThat(query("SELECT kind FROM alert WHERE tenant_id = $1")).hasSize(raised.size());
        }
    }

    @Test
    void aPoisonRecordInTheMiddleOfAPollIsDeadLetteredAndTheRestOfThePollIsApplied() {
        // A SKU longer than product_view.sku holds: inventory-service never sends one, another producer might.
        EventEnvelope<ProductPayload> poison = InventoryEvents.envelope(EventType.PRODUCT_CREATED, tenant, Priority.LOW,
                new ProductPayload("p-3", "S".repeat(100), "Laptop", "electronics", new BigDecimal("10.00"), 10, 50,
                        true));
        List<ProducerRecord<String, String>> burst = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            burst.add(record(stockUpdated(tenant, "p-" + p, "wh-1", 20, 19, "sale", start.plusSeconds(p)), "p-" + p));
        }
        burst.add(record(poison, "p-3"));
        burst.add(InventoryEvents.raw(EventKeys.of(tenant, "p-4"), "{\"metadata\": {}, \"payload\": 42"));
        for (int p = 0; p < 6; p++) {
            burst.add(record(stockUpdated(tenant, "p-" + p, "wh-1", 19, 17, "sale", start.plusSeconds(10 + p)),
                    "p-" + p));
        }
        try (TopicReader dlq = TopicReader.fromEnd(bootstrapServers, Topics.deadLetter(Topics.INVENTORY_EVENTS))) {
            InventoryEvents.publishBurst(bootstrapServers, burst);

            await().atMost(WAIT).until(() -> levels().size() == 6
                    && levels().values().stream().allMatch(level -> level == 17));
            assertThat(soldUnits()).isEqualTo(18);
            List<ConsumerRecord<String, String>> parked = dlq.awaitCount(
                    r -> r.key().startsWith(tenant + ":"), 2, WAIT);
            Map<String, String> reasons = new HashMap<>();
            parked.forEach(r -> reasons.put(r.value(), TopicReader.header(r, EventHeaders.DLQ_REASON)));
            assertThat(reasons.get(EventCodec.encodeToString(poison))).contains("22001").contains("value too long");
            assertThat(reasons.get("{\"metadata\": {}, \"payload\": 42")).isNotBlank();
            assertThat(query("SELECT sku FROM product_view WHERE tenant_id = $1 AND product_id = 'p-3'"))
                    .singleElement().satisfies(row -> assertThat(row.getString("sku")).isEqualTo("SKU-p-3"));
        }
    }

    private DistributionSummary batches() {
        DistributionSummary summary = metrics.find("stockpulse.consumer.batch.events")
                .tag("topic", Topics.INVENTORY_EVENTS).summary();
        assertThat(summary).as("events per transaction are measured").isNotNull();
        return summary;
    }

    /** Each product's stock on hand as sales-service sees it. */
    private Map<String, Long> levels() {
        Map<String, Long> levels = new HashMap<>();
        for (Row row : query("SELECT product_id, stock_on_hand FROM product_view WHERE tenant_id = $1")) {
            levels.put(row.getString("product_id"), row.getLong("stock_on_hand"));
        }
        return levels;
    }

    private long soldUnits() {
        long units = 0;
        for (Row row : query("SELECT sold_units FROM demand_day WHERE tenant_id = $1")) {
            units += row.getLong("sold_units");
        }
        return units;
    }

    private List<Row> query(String sql) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(tenant)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }
}
