package dev.stockpulse.gateway.core.room;

import java.util.List;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.core.routing.Route;

/**
 * The frames the core queues itself, in a protocol's wire format, which the core never looks into: an event, once for
 * its whole audience, and the answers to joins and recoveries ({@link RoomFanOut}).
 */
public interface FrameEncoder {

    /**
     * Called once per event and audience: the frame is shared by every recipient and by the recovery buffers.
     *
     * @param position where a client that got this event resumes from
     */
    OutFrame event(Route route, String position, EventEnvelope<?> event);

    /** The first frame of a connection: who it is and the position it starts from. */
    OutFrame welcome(String connectionId, ConnectedUser user, List<Channel> channels, String position);

    OutFrame subscribed(Channel channel);

    /**
     * The answer to a position a client came back with: recovered, then the {@code replayed} missed events follow;
     * not recovered, some are gone from the buffers.
     *
     * @param channel null when the position came with the connection rather than with one subscribe
     */
    OutFrame recovery(Channel channel, boolean recovered, int replayed);

    /** A position that cannot be read; a {@link #recovery} that did not recover follows it. */
    OutFrame notAPosition(String reason);
}
