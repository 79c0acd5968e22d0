package dev.stockpulse.gateway.dialect.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.dialect.socketio.SocketIoPackets.Packet;
import io.vertx.core.json.JsonObject;

class SocketIoPacketsTest {

    @Test
    void readsTheSocketIoPacketsAClientSends() {
        assertThat(SocketIoPackets.parse("0")).isEqualTo(new Packet(0, "/", -1, null));
        assertThat(SocketIoPackets.parse("0{\"token\":\"t\"}")).isEqualTo(new Packet(0, "/", -1, "{\"token\":\"t\"}"));
        assertThat(SocketIoPackets.parse("2[\"subscribe:admin\"]"))
                .isEqualTo(new Packet(2, "/", -1, "[\"subscribe:admin\"]"));
        assertThat(SocketIoPackets.parse("212[\"request:stats\"]"))
                .isEqualTo(new Packet(2, "/", 12, "[\"request:stats\"]"));
        assertThat(SocketIoPackets.parse("0/admin,{\"token\":\"t\"}"))
                .isEqualTo(new Packet(0, "/admin", -1, "{\"token\":\"t\"}"));
        assertThat(SocketIoPackets.parse("2/admin,7[\"x\"]")).isEqualTo(new Packet(2, "/admin", 7, "[\"x\"]"));
        assertThat(SocketIoPackets.parse("1")).isEqualTo(new Packet(1, "/", -1, null));
    }

    @Test
    void anAckIdTooLongForALongIsNotAnAckId() {
        Packet packet = SocketIoPackets.parse("2" + "9".repeat(30) + "[\"x\"]");
        assertThat(packet.ackId()).isEqualTo(999_999_999_999_999L);
        assertThat(packet.json()).startsWith("9");
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> SocketIoPackets.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> SocketIoPackets.parse("9[]")).hasMessageContaining("unknown packet type");
        assertThatThrownBy(() -> SocketIoPackets.parse("51-[\"x\",{\"_placeholder\":true,\"num\":0}]"))
                .hasMessageContaining("binary");
    }

    @Test
    void writesTheServersPackets() {
        JsonObject open = new JsonObject(SocketIoPackets.open("abc", true, 25_000, 20_000, 4096).substring(1));
        assertThat(open.getString("sid")).isEqualTo("abc");
        assertThat(open.getJsonArray("upgrades")).containsExactly("websocket");
        assertThat(open.getLong("pingInterval")).isEqualTo(25_000);
        assertThat(open.getLong("pingTimeout")).isEqualTo(20_000);
        assertThat(open.getInteger("maxPayload")).isEqualTo(4096);
        assertThat(SocketIoPackets.open("abc", false, 1, 1, 1)).contains("\"upgrades\":[]").startsWith("0{");
        assertThat(SocketIoPackets.connected("s1", "p1")).isEqualTo("40{\"sid\":\"s1\",\"pid\":\"p1\"}");
        assertThat(SocketIoPackets.connectError("/", "\"no\"")).isEqualTo("44{\"message\":\"no\"}");
        assertThat(SocketIoPackets.connectError("/admin", "\"no\"")).isEqualTo("44/admin,{\"message\":\"no\"}");
        assertThat(SocketIoPackets.disconnect()).isEqualTo("41");
        assertThat(new String(SocketIoPackets.event("\"n\"", "{\"a\":1},\"pos\""), StandardCharsets.UTF_8))
                .isEqualTo("42[\"n\",{\"a\":1},\"pos\"]");
        assertThat(SocketIoPackets.ack(7, "{\"success\":true}")).isEqualTo("437[{\"success\":true}]");
    }
}
