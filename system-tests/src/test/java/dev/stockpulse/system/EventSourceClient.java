package dev.stockpulse.system;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/**
 * An SSE client that dispatches as a browser's {@code EventSource} does (HTML's event stream parsing): an event with
 * no {@code event:} field, or {@code event: message}, goes to {@code onmessage}; any other name only to the listeners
 * of that name ({@code addEventListener(name)}). Comments and retry lines are ignored.
 */
final class EventSourceClient implements AutoCloseable {

    /** One dispatched event: the name a listener registers for ({@code message} for {@code onmessage}), its data. */
    record Dispatched(String name, String data, String lastEventId) {

        boolean toOnMessage() {
            return "message".equals(name);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Dispatched> events = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final Thread reader;

    private EventSourceClient(InputStream body) {
        this.body = body;
        this.reader = new Thread(this::read, "event-source");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Opens {@code url} as {@code new EventSource(url)} would: a GET with {@code Accept: text/event-stream}. */
    static EventSourceClient open(String url) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new AssertionError("EventSource " + url + " answered " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new EventSourceClient(response.body());
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "";
            StringBuilder data = new StringBuilder();
            String lastEventId = "";
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        String text = data.charAt(data.length() - 1) == '\n' ? data.substring(0, data.length() - 1)
                                : data.toString();
                        events.add(new Dispatched(name.isEmpty() ? "message" : name, text, lastEventId));
                    }
                    name = "";
                    data.setLength(0);
                    continue;
                }
                if (line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "event" -> name = value;
                    case "data" -> data.append(value).append('\n');
                    case "id" -> lastEventId = value;
                    default -> {
                    }
                }
            }
        } catch (Exception closed) {
            // The stream ends when the test closes it.
        }
    }

    Dispatched await(Predicate<Dispatched> match, Duration timeout) {
        Awaitility.await().atMost(timeout).until(() -> events.stream().anyMatch(match));
        return events.stream().filter(match).findFirst().orElseThrow();
    }

    List<Dispatched> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() throws Exception {
        body.close();
        reader.interrupt();
    }
}
