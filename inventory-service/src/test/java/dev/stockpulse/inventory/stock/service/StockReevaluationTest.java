package dev.stockpulse.inventory.stock.service;

import static dev.stockpulse.inventory.InventoryApi.adjust;
import static dev.stockpulse.inventory.InventoryApi.product;
import static dev.stockpulse.inventory.InventoryApi.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class StockReevaluationTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    StockReevaluation reevaluation;

    @Inject
    Pool pool;

    @Test
    void priorityRisesWithTimeAloneWhenDaysOfStockShrink() throws Throwable {
        String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
        String staff = DevTokens.staff(tenant, "clerk");
        String warehouse = warehouse(staff);
        String product = product(staff, 10);
        adjust(staff, product, warehouse, 9, "receipt").then().statusCode(200); // low, medium, no sales yet

        // Sales recorded elsewhere in the window (a day ago, 60 units: ~4.3 a day) leave 9 units for about 2 days.
        pool.preparedQuery("INSERT INTO stock_movement (id, tenant_id, product_id, warehouse_id, previous_quantity,"
                + " new_quantity, delta, reason, actor, created_at) VALUES ($1, $2, $3, $4, 69, 9, -60, 'sale', 'pos',"
                + " now() - interval '1 day')")
                .execute(Tuple.of(UUID.randomUUID(), tenant, UUID.fromString(product), UUID.fromString(warehouse)))
                .await().indefinitely();

        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, Topics.INVENTORY_EVENTS)) {
            assertThat(VertxContextSupport.subscribeAndAwait(reevaluation::run)).isGreaterThanOrEqualTo(1);
            // The receipt's own low_stock may reach the topic after the reader started: only the re-evaluation's counts.
            ConsumerRecord<String, String> escalation = reader.await(
                    r -> isEscalation(r, product), Duration.ofSeconds(20));
            var event = EventCodec.decode(escalation.value(), LowStockPayload.class);
            assertThat(event.metadata().priority()).isEqualTo(Priority.HIGH);
            assertThat(event.payload().daysOfStockRemaining()).isLessThan(3.0);
            assertThat(event.payload().currentStock()).isEqualTo(9);

            // Nothing changed since: a second run escalates nothing for this product.
            VertxContextSupport.subscribeAndAwait(reevaluation::run);
            reader.poll(Duration.ofSeconds(1));
            assertThat(reader.seen().stream().filter(r -> isEscalation(r, product))).hasSize(1);
        }
    }

    private static boolean isEscalation(ConsumerRecord<String, String> record, String product) {
        return "inventory.low_stock".equals(TopicReader.header(record, EventHeaders.EVENT_TYPE))
                && record.key().endsWith(":" + product)
                && EventCodec.decode(record.value(), LowStockPayload.class).metadata().correlationId()
                        .startsWith("reevaluation-");
    }
}
