package dev.stockpulse.gateway.core.intake;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

import dev.stockpulse.commons.logging.EventLogContext;
import dev.stockpulse.commons.messaging.HeaderText;
import dev.stockpulse.events.EventHeaders;

/**
 * Wraps the delivery of one record in what operators follow it by: its {@code event_id} and {@code tenant_id} in the
 * logging context, and, for a record that carries a W3C {@code traceparent} (the outbox relays of both services write
 * it), a span of the record's trace, so one trace shows REST call → outbox → Kafka → sales-service → gateway. A record
 * without trace context gets no span: the gateway does not start a trace of its own per event.
 */
@ApplicationScoped
public class DeliveryTrace {

    private static final TextMapGetter<Headers> KAFKA_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            for (Header header : headers) {
                keys.add(header.key());
            }
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            return HeaderText.of(headers, key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public DeliveryTrace(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.stockpulse.realtime-gateway");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    public void deliver(ConsumerRecord<String, byte[]> record, boolean live, Runnable delivery) {
        EventLogContext.enter(record.headers());
        Span span = live && record.headers().lastHeader("traceparent") != null ? start(record) : null;
        try (Scope scope = span == null ? Scope.noop() : span.makeCurrent()) {
            delivery.run();
        } finally {
            if (span != null) {
                span.end();
            }
            EventLogContext.leave();
        }
    }

    private Span start(ConsumerRecord<String, byte[]> record) {
        Context parent = propagator.extract(Context.root(), record.headers(), KAFKA_HEADERS);
        return tracer.spanBuilder("process " + record.topic())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .setAttribute("messaging.message.id", nullToEmpty(HeaderText.of(record.headers(), EventHeaders.EVENT_ID)))
                .setAttribute("stockpulse.tenant_id", nullToEmpty(HeaderText.of(record.headers(), EventHeaders.TENANT_ID)))
                .setAttribute("stockpulse.event_type", nullToEmpty(HeaderText.of(record.headers(), EventHeaders.EVENT_TYPE)))
                .startSpan();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
