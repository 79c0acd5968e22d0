package dev.stockpulse.gateway.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;

class OutFrameTest {

    /** The pre-encoded frame must be byte for byte what Netty's own server-side encoder writes, at each length edge. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 1000, 1025, 65535, 65536, 70000})
    void theSharedWebSocketFrameIsWhatNettyWouldWrite(int length) {
        byte[] json = new byte[length];
        Arrays.fill(json, (byte) 'x');
        OutFrame frame = new OutFrame(json, "inventory.low_stock", "AQ");

        EmbeddedChannel netty = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        netty.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
        ByteBuf expected = Unpooled.buffer();
        ByteBuf part;
        while ((part = netty.readOutbound()) != null) {
            expected.writeBytes(part);
            part.release();
        }

        assertThat(bytes(frame.webSocketFrame())).isEqualTo(bytes(expected));
    }

    @Test
    void eachWriteGetsItsOwnViewAndTheSharedBytesStayIntact() {
        OutFrame frame = new OutFrame("{\"type\":\"event\"}".getBytes(StandardCharsets.UTF_8), "t", "AQ");
        ByteBuf first = frame.webSocketFrame();
        first.skipBytes(first.readableBytes());
        first.release();

        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 65536));
        client.writeInbound(frame.webSocketFrame());
        TextWebSocketFrame decoded = client.readInbound();
        assertThat(decoded.text()).isEqualTo("{\"type\":\"event\"}");
        decoded.release();
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }
}
