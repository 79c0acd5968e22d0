package dev.stockpulse.gateway.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.stockpulse.gateway.core.routing.Channel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the realtime gateway. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** How clients authenticate ({@code gateway.auth.*}). */
    Auth auth();

    /** The WebSocket endpoint ({@code gateway.websocket.*}). */
    WebSocketSettings websocket();

    /** Replay of missed events ({@code gateway.recovery.*}). */
    Recovery recovery();

    /** Protection from slow and abusive clients ({@code gateway.limits.*}). */
    Limits limits();

    /** The Kafka consumer ({@code gateway.kafka.*}). */
    Kafka kafka();

    /** Dropping records whose event was already read ({@code gateway.dedupe.*}). */
    Dedupe dedupe();

    /** How events are written to clients ({@code gateway.delivery.*}). */
    Delivery delivery();

    /** Seed 000's test events ({@code gateway.test-events.*}). */
    TestEvents testEvents();

    interface TestEvents {

        /**
         * Whether admins may publish test events ({@code POST /stream/test/emit-event}). Off by default, so a
         * production deployment offers it only when an operator turns it on; on in the dev, test and local profiles.
         */
        @WithDefault("false")
        boolean enabled();
    }

    /**
     * Topics of producers that publish plain JSON instead of StockPulse events, each bound by a name of the
     * operator's choosing ({@code gateway.bindings."<name>".*}); none by default.
     */
    Map<String, Binding> bindings();

    interface Binding {

        /**
         * The topic whose records are read. It must also be appended to {@code gateway.kafka.topics}, which names
         * topics inside positions by their index.
         */
        String topic();

        /**
         * The StockPulse event each record becomes, which also says how a record is read:
         * {@code sales.order.status_changed} (seed 002's {@code order.updated}) or {@code inventory.stock.updated}
         * (seed 002's {@code inventory.updated}).
         */
        String eventType();

        /**
         * The tenant every record of the topic belongs to (records are never asked). Required in the prod profile;
         * elsewhere {@code demo}, run-local.sh's tenant.
         */
        Optional<String> tenant();

        /** The warehouse of a stock record, which seed 002's records do not name. */
        @WithDefault("default")
        String warehouseId();
    }

    interface Auth {

        /**
         * Whether {@code ?access_token=} is accepted on the WebSocket upgrade and on {@code /stream/events}. Browsers
         * cannot set headers on a WebSocket or an EventSource, so they need it; a deployment whose clients all send
         * {@code Authorization} can switch it off.
         */
        @WithDefault("true")
        boolean queryParameterToken();
    }

    interface WebSocketSettings {

        /** Channels a connection is subscribed to when it names none in {@code ?channels=}. */
        @WithDefault("all")
        Set<Channel> defaultChannels();

        /**
         * Browser origins allowed to connect ({@code Origin} header of the upgrade and of SSE requests); {@code *}
         * allows any. Requests without an {@code Origin} (non-browser clients) are always allowed.
         */
        @WithDefault("*")
        List<String> allowedOrigins();

        /** How often the server pings each WebSocket (and sends an SSE heartbeat comment). */
        @WithDefault("25s")
        Duration pingInterval();

        /** A WebSocket from which nothing (no pong, no message) arrived for this long is closed (4010). */
        @WithDefault("60s")
        Duration pingTimeout();
    }

    interface Recovery {

        /** How long each room keeps its events for replay. */
        @WithDefault("2m")
        Duration window();

        /** How many events each room keeps at most for replay. */
        @WithDefault("300")
        int roomCapacity();

        /**
         * Bytes of event JSON all rooms together keep at most for replay, each event counted once; past it the oldest
         * events are evicted first, whatever their room, and a client that missed one of them gets
         * {@code recovered:false}.
         */
        @WithDefault("67108864")
        long maxBytes();
    }

    interface Limits {

        /**
         * Bytes a client may fail to take: offered to it while its socket is full and it reads nothing. Past this it
         * is closed as too slow (4008). Frames held for a busy connection (pacing) or waiting for the event loop do
         * not count.
         */
        @WithDefault("1048576")
        long outboundBufferBytes();

        /**
         * Bytes of events that may wait for one client in all, also while it reads (a burst it takes slower than it
         * is sent). Past this it is closed as too slow (4008) and should come back with its last position. The
         * frames are shared with the other recipients, so this bounds how far a client may fall behind more than
         * memory.
         */
        @WithDefault("33554432")
        long backlogBytes();

        /**
         * Longest client message, in characters; a longer one closes the connection (1009). Messages over 64 KiB
         * are cut off by the WebSocket server itself before this check.
         */
        @WithDefault("4096")
        int maxMessageChars();

        /** Open connections (WebSocket and SSE together) one user may hold; the next one is closed (4009). */
        @WithDefault("10")
        int connectionsPerUser();

        /** Sustained client actions per second per connection; past the burst the connection is closed (4029). */
        @WithDefault("10")
        double actionsPerSecond();

        /** Client actions one connection may send at once before the rate applies. */
        @WithDefault("20")
        int actionsBurst();
    }

    interface Delivery {

        /**
         * The longest an event may be held back so that it shares a write with the next one, and what makes a
         * connection busy enough for that: its events coming at least two per window on average. A quiet
         * connection's event is handed to its event loop at once; a busy one's waits for the connection's next event
         * (then both go out at once, in one write), at most twice the connection's usual gap between events and never
         * longer than this ({@code WritePacing}). Under load, whatever an event loop or a full socket already holds
         * back also goes out in one write. 0: nothing is ever held. The bench module measures the trade.
         */
        @WithDefault("60ms")
        Duration coalesceWindow();

        /**
         * Events per second, delivered by this instance to all its connections together, from which busy connections
         * are paced; below it nothing is held. Holding saves at most one write per event (about 5 µs of CPU here), so
         * below 10,000 a second it would save under 5 % of a core and only add latency, e.g. to a dashboard taking a
         * few hundred events a second from a quiet instance. 0: busy connections are paced at any rate.
         */
        @WithDefault("10000")
        long coalesceMinRate();
    }

    interface Dedupe {

        /**
         * How far back, in offsets of the same partition, a record's {@code event_id} is looked for: a record whose
         * id occurred within that many offsets before it is a duplicate and reaches no client. After a start the
         * gateway also reads this far before the recovery window, so that every instance decides alike.
         */
        @WithDefault("10000")
        int recordsPerPartition();
    }

    interface Kafka {

        /** The topics every instance reads; their order names them inside positions, so only append to it. */
        @WithDefault("inventory-events,sales-events")
        List<String> topics();

        /** How often consumer lag is measured and new partitions are looked for. */
        @WithDefault("5s")
        Duration metadataRefresh();

        /**
         * How long the consumer may complete no round (each one failing, or one stuck) before liveness turns DOWN so
         * that the instance is restarted. Waiting for an absent broker is not a failure: those rounds complete.
         */
        @WithDefault("60s")
        Duration stallTimeout();
    }
}
