package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** {@link HttpLoad} against the JDK's own HTTP server: bodies by length and by chunks, keep-alive, many at once. */
class HttpLoadTest {

    private HttpServer server;
    private final Set<String> peers = ConcurrentHashMap.newKeySet();
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/length", exchange -> answer(exchange, false));
        server.createContext("/chunked", exchange -> answer(exchange, true));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheBodyAndHeadersAndReadsAnAnswerOfKnownLength() throws Exception {
        Answer answer = postOnce("/length", "{\"quantity\":3}");
        assertThat(answer.status).isEqualTo(201);
        assertThat(answer.body).isEqualTo("auth=Bearer t;type=application/json;body={\"quantity\":3}");
    }

    @Test
    void readsAChunkedAnswerWithMultibyteText() throws Exception {
        Answer answer = postOnce("/chunked", "{\"name\":\"Lagerbestand für Köln\"}");
        assertThat(answer.status).isEqualTo(201);
        assertThat(answer.body).endsWith("body={\"name\":\"Lagerbestand für Köln\"}");
    }

    @Test
    void sequentialRequestsReuseOneConnectionAndConcurrentOnesOpenMore() throws Exception {
        try (HttpLoad load = new HttpLoad(base())) {
            for (int i = 0; i < 20; i++) {
                CountDownLatch done = new CountDownLatch(1);
                load.post("/length", new String[0], "{\"i\":" + i + "}", (status, body, error) -> done.countDown());
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(peers).as("client ports seen by the server for 20 requests one after another").hasSize(1);

            int many = 200;
            CountDownLatch all = new CountDownLatch(many);
            List<Integer> statuses = new CopyOnWriteArrayList<>();
            for (int i = 0; i < many; i++) {
                load.post("/chunked", new String[0], "{\"i\":" + i + "}", (status, body, error) -> {
                    statuses.add(status);
                    all.countDown();
                });
            }
            assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(statuses).hasSize(many).containsOnly(201);
            assertThat(received).hasSize(20 + many);
            assertThat(peers.size()).as("connections used").isGreaterThan(1);
        }
    }

    @Test
    void aRequestToAClosedPortFailsWithTheError() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        try (HttpLoad load = new HttpLoad(URI.create("http://127.0.0.1:" + port))) {
            CountDownLatch done = new CountDownLatch(1);
            Throwable[] failure = new Throwable[1];
            load.post("/length", new String[0], "{}", (status, body, error) -> {
                failure[0] = error;
                done.countDown();
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(failure[0]).isInstanceOf(IOException.class);
        }
    }

    private Answer postOnce(String path, String json) throws Exception {
        try (HttpLoad load = new HttpLoad(base())) {
            CountDownLatch done = new CountDownLatch(1);
            Answer answer = new Answer();
            load.post(path, new String[] {"Authorization: Bearer t"}, json, (status, body, error) -> {
                answer.status = status;
                answer.body = body;
                done.countDown();
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            return answer;
        }
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange, boolean chunked) throws IOException {
        peers.add(exchange.getRemoteAddress().toString());
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        received.add(body);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] out = ("auth=" + auth + ";type=" + exchange.getRequestHeaders().getFirst("Content-Type") + ";body=" + body)
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(201, chunked ? 0 : out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    private static final class Answer {
        volatile int status;
        volatile String body;
    }
}
