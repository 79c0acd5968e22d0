package dev.stockpulse.gateway.config;

import java.util.Set;

import dev.stockpulse.gateway.room.Channel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the realtime gateway. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** How clients authenticate ({@code gateway.auth.*}). */
    Auth auth();

    /** The WebSocket endpoint ({@code gateway.websocket.*}). */
    WebSocketSettings websocket();

    interface Auth {

        /**
         * Whether {@code ?access_token=} is accepted on the WebSocket upgrade. Browsers cannot set headers on a
         * WebSocket, so they need it; a deployment whose clients all send {@code Authorization} can switch it off.
         */
        @WithDefault("true")
        boolean queryParameterToken();
    }

    interface WebSocketSettings {

        /** Channels a connection is subscribed to when it names none in {@code ?channels=}. */
        @WithDefault("all")
        Set<Channel> defaultChannels();
    }
}
