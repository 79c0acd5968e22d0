package dev.stockpulse.gateway.core.recovery;

import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.routing.Channel;

/**
 * One event kept for replay. The same instance sits in every room buffer the event was routed to, so the frame is
 * held once however many rooms keep it.
 *
 * @param sequence  order in which this gateway processed the event; used to merge rooms and drop duplicates
 * @param slot      the partition the record came from, as {@link PartitionSlots} numbers it
 * @param offset    the record's offset in that partition
 * @param timestamp the record's Kafka timestamp, in epoch milliseconds; what the recovery window is measured on
 */
public record BufferedEvent(long sequence, int slot, long offset, long timestamp, Channel channel, OutFrame frame) {
}
