package dev.stockpulse.localstack.fuzz;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.fuzz.OpenApiOperations.Operation;
import dev.stockpulse.localstack.fuzz.OpenApiOperations.Parameter;

/**
 * Sends generated requests to every operation of a running service's OpenAPI document and records each answer that
 * breaks the REST contract: a 5xx, or a 4xx that is not {@code application/problem+json} with its status. One
 * {@link Random} from the seed drives everything in one thread, so a seed replays the same requests in the same order.
 *
 * <p>What it varies: the method (mostly the documented one), path parameters (ids seen in earlier answers, random
 * UUIDs, hostile text), documented and unknown query parameters with valid and hostile values and malformed
 * percent-encodings, bodies (valid from the schema with fields mutated, any JSON, deep nesting, huge numbers,
 * invalid UTF-8, other charsets, truncated, empty, large), {@code Content-Type} and {@code Accept}, the token (of every
 * role, missing, garbage, expired, tampered, unsigned, another tenant's) and other headers. The HTTP framing itself is
 * always well-formed: a request Netty cannot parse never reaches the service.
 */
public final class RestFuzzer {

    /** One answer that broke the contract, with what is needed to see why. */
    public record Failure(int index, String request, int status, String contentType, String body) {

        @Override
        public String toString() {
            return "#" + index + " → " + status + " " + contentType + "\n  " + request + "\n  answer: " + body;
        }
    }

    /** What a run did: how many requests, how long, the statuses seen, and the failures. */
    public record Report(String service, long seed, int sent, Duration took, Map<Integer, Integer> statuses,
            List<Failure> failures) {

        /** The failures counted by answer (status and content type). */
        public Map<String, Long> kinds() {
            return failures.stream().collect(java.util.stream.Collectors.groupingBy(
                    f -> f.status() + " " + f.contentType(), TreeMap::new, java.util.stream.Collectors.counting()));
        }

        /** The summary and every failure, to {@code file} (the console shows the first 25). */
        public void write(java.nio.file.Path file) {
            try {
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.writeString(file, summary() + "\n\nAll failures:\n"
                        + String.join("\n", failures.stream().map(Failure::toString).toList()) + "\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public String summary() {
            return service + " REST fuzz: seed " + seed + ", " + sent + " requests in " + took.toSeconds() + " s, statuses "
                    + statuses + ", " + failures.size() + " failures" + (failures.isEmpty() ? "" : " " + kinds())
                    + (failures.isEmpty() ? ""
                            : " (replay: -Dstockpulse.fuzz.seed=" + seed + ")\n" + String.join("\n",
                                    failures.stream().limit(25).map(Failure::toString).toList()));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=UTF-8",
            "application/json; charset=ISO-8859-1", "application/json; charset=UTF-16", "application/json; charset=bogus",
            "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
            "application/problem+json", "*/*", "application/", "json", ";;;", "application/json; q=\"");
    private static final List<String> ACCEPTS = List.of("application/json", "*/*", "text/html", "application/xml",
            "application/problem+json", "image/png", "text/event-stream", "application/json;q=0", ",,,");
    private static final List<String> RAW_ENCODINGS = List.of("%", "%Z1", "%FF%FE", "%C0%80", "%ED%A0%80", "+", "%2",
            "%00", "%u0000", "%E2%82", ";x=1", "%25%30%30");

    private final String service;
    private final String host;
    private final int port;
    private final long seed;
    private final HostileValues values;
    private final Random random;
    private final List<String> goodTokens;
    private final List<String> badTokens;
    private final List<String> ids = new ArrayList<>();
    private final Duration timeout = Duration.ofSeconds(30);

    public RestFuzzer(String service, URI base, FuzzSettings settings) {
        this.service = service;
        this.host = base.getHost();
        this.port = base.getPort();
        this.seed = settings.seed();
        this.random = new Random(settings.seed() ^ service.hashCode());
        this.values = new HostileValues(random);
        String tenant = "fuzz-" + Long.toString(settings.seed() & 0xFFFFFF, 36);
        this.goodTokens = List.of(DevTokens.user(tenant, "fuzz-user"), DevTokens.staff(tenant, "fuzz-staff"),
                DevTokens.admin(tenant, "fuzz-admin"));
        String admin = goodTokens.get(2);
        this.badTokens = List.of("", "Bearer", "Bearer ", "Bearer garbage", "Basic dXNlcjpwYXNz", "bearer " + admin,
                "Bearer " + DevTokens.admin("other-" + tenant, "intruder"),
                "Bearer " + DevTokens.token(tenant, "late", Set.of("user", "staff", "admin"), Duration.ofMinutes(-10)),
                "Bearer " + admin.substring(0, admin.length() - 4) + "AAAA",
                "Bearer " + unsigned(admin), "Bearer " + admin + "." + admin, "Bearer " + "x".repeat(3000));
    }

    /** Fetches the service's operations and sends up to {@code count} requests, stopping early at the deadline. */
    public Report run(int count, Duration deadline) {
        RawHttp.Response document = send(new RawHttp.Request("GET", "/q/openapi?format=json", List.of(), new byte[0]));
        if (document.status() != 200) {
            throw new IllegalStateException(service + ": /q/openapi answered " + document.status());
        }
        List<Operation> operations = OpenApiOperations.parse(document.bodyText()).stream()
                .filter(op -> !op.path().startsWith("/q/") && !op.path().startsWith("/health")).toList();
        if (operations.isEmpty()) {
            throw new IllegalStateException(service + ": the OpenAPI document lists no operation");
        }
        System.out.printf("%s REST fuzz: seed %d (override with -Dstockpulse.fuzz.seed), %d operations, %d requests%n",
                service, seed, operations.size(), count);
        long start = System.nanoTime();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<Failure> failures = new ArrayList<>();
        int sent = 0;
        while (sent < count && System.nanoTime() - start < deadline.toNanos()) {
            RawHttp.Request request = request(values.pick(operations));
            RawHttp.Response response;
            try {
                response = send(request);
            } catch (RuntimeException e) {
                failures.add(new Failure(sent, request.describe(), 0, null, "no answer: " + e));
                sent++;
                continue;
            }
            sent++;
            statuses.merge(response.status(), 1, Integer::sum);
            check(sent - 1, request, response).ifPresent(failures::add);
            harvest(response);
        }
        Report report = new Report(service, seed, sent, Duration.ofNanos(System.nanoTime() - start), statuses, failures);
        report.write(java.nio.file.Path.of("target", "fuzz", service + "-rest.txt"));
        return report;
    }

    /** Whether {@code /health/ready} answers 200. */
    public boolean ready() {
        return send(new RawHttp.Request("GET", "/health/ready", List.of(), new byte[0])).status() == 200;
    }

    private RawHttp.Response send(RawHttp.Request request) {
        return RawHttp.exchange(host, port, request, timeout);
    }

    static java.util.Optional<Failure> check(int index, RawHttp.Request request, RawHttp.Response response) {
        String type = response.header("content-type");
        String body = RawHttp.excerpt(response.bodyText(), 600);
        if (response.status() >= 500) {
            return java.util.Optional.of(new Failure(index, request.describe(), response.status(), type, body));
        }
        if (response.body().length == 0 && type == null && refusedByHttpLayer(request, response.status())) {
            return java.util.Optional.empty();
        }
        if (response.status() >= 400 && !request.method().equals("HEAD")) {
            boolean problem = type != null && type.startsWith("application/problem+json");
            try {
                problem = problem && JSON.readTree(response.body()).path("status").asInt() == response.status();
            } catch (java.io.IOException e) {
                problem = false;
            }
            if (!problem) {
                return java.util.Optional.of(new Failure(index, request.describe(), response.status(), type, body));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Whether Vert.x and Netty refuse this request themselves, before routing, with a bodiless 400 (a malformed
     * percent-encoding in the target, a control character in a header value) or 414 (a request line over
     * {@code quarkus.http.limits.max-initial-line-length}): no service code runs, so no problem document can be written.
     */
    static boolean refusedByHttpLayer(RawHttp.Request request, int status) {
        if (status == 414) {
            return request.target().length() > 4000;
        }
        return status == 400 && (MALFORMED_ESCAPE.matcher(request.target()).find()
                || request.headers().stream().anyMatch(h -> h.getValue().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7F)));
    }

    private static final java.util.regex.Pattern MALFORMED_ESCAPE = java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})");

    // ---- generation

    private RawHttp.Request request(Operation operation) {
        String method = values.chance(0.88) ? operation.method() : values.pick(METHODS);
        StringBuilder target = new StringBuilder(path(operation));
        String query = query(operation);
        if (!query.isEmpty()) {
            target.append('?').append(query);
        }
        List<Map.Entry<String, String>> headers = RawHttp.headers();
        if (values.chance(0.75)) {
            headers.add(Map.entry("Authorization", "Bearer " + values.pick(goodTokens)));
        } else {
            String bad = values.pick(badTokens);
            if (!bad.isEmpty()) {
                headers.add(Map.entry("Authorization", bad));
            }
        }
        if (values.chance(0.2)) {
            headers.add(Map.entry("Accept", values.pick(ACCEPTS)));
        }
        if (values.chance(0.15)) {
            headers.add(Map.entry(values.pick(List.of("X-Correlation-Id", "Idempotency-Key", "traceparent",
                    "X-Forwarded-For", "Origin", "If-None-Match")), headerValue()));
        }
        byte[] body = new byte[0];
        if (operation.body() != null || values.chance(0.15)) {
            Charset charset = StandardCharsets.UTF_8;
            String contentType = values.chance(0.7) ? "application/json" : values.pick(CONTENT_TYPES);
            if (contentType.contains("ISO-8859-1") && values.chance(0.5)) {
                charset = StandardCharsets.ISO_8859_1;
            } else if (contentType.contains("UTF-16") && values.chance(0.5)) {
                charset = StandardCharsets.UTF_16;
            }
            if (values.chance(0.95)) {
                headers.add(Map.entry("Content-Type", contentType));
            }
            body = body(operation.body(), charset);
        }
        return new RawHttp.Request(method, target.toString(), headers, body);
    }

    private String path(Operation operation) {
        StringBuilder out = new StringBuilder();
        for (String segment : operation.path().split("/", -1)) {
            if (out.length() > 0 || !segment.isEmpty()) {
                out.append('/');
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                out.append(switch (random.nextInt(6)) {
                    case 0, 1, 2 -> ids.isEmpty() ? new UUID(random.nextLong(), random.nextLong()).toString() : values.pick(ids);
                    case 3 -> new UUID(random.nextLong(), random.nextLong()).toString();
                    case 4 -> values.pick(RAW_ENCODINGS);
                    default -> encode(values.text(200));
                });
            } else {
                out.append(segment);
            }
        }
        if (values.chance(0.03)) {
            out.append('/').append(encode(values.text(40)));
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private String query(Operation operation) {
        List<String> pairs = new ArrayList<>();
        for (Parameter parameter : operation.parameters()) {
            if (parameter.in().equals("query") && values.chance(0.6)) {
                int repeats = values.chance(0.05) ? 2 : 1;
                for (int i = 0; i < repeats; i++) {
                    pairs.add(encode(parameter.name()) + "=" + queryValue(parameter.schema()));
                }
            }
        }
        if (values.chance(0.1)) {
            pairs.add(encode(values.text(30)) + "=" + encode(values.text(100)));
        }
        if (values.chance(0.05)) {
            pairs.add(values.pick(RAW_ENCODINGS) + "=" + values.pick(RAW_ENCODINGS));
        }
        return String.join("&", pairs);
    }

    private String queryValue(JsonNode schema) {
        if (values.chance(0.45)) {
            return encode(plain(schema));
        }
        return switch (random.nextInt(5)) {
            case 0 -> values.pick(RAW_ENCODINGS);
            case 1 -> Integer.toString(random.nextInt());
            case 2 -> encode(values.pick(List.of("2147483647", "2147483648", "-1", "99999999999", "1e3", "0x1F", " 7 ", "")));
            default -> encode(values.text(500));
        };
    }

    /** A value a correct client could send for this schema, as plain text. */
    private String plain(JsonNode schema) {
        if (schema == null) {
            return values.word();
        }
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size())).asText();
        }
        return switch (schema.path("type").asText()) {
            case "integer" -> Integer.toString(random.nextInt(schema.has("maximum") ? 3 : 120));
            case "number" -> Double.toString(random.nextInt(1000) / 10.0);
            case "boolean" -> Boolean.toString(random.nextBoolean());
            default -> "uuid".equals(schema.path("format").asText())
                    ? (ids.isEmpty() || values.chance(0.3) ? new UUID(random.nextLong(), random.nextLong()).toString() : values.pick(ids))
                    : values.word();
        };
    }

    private String headerValue() {
        StringBuilder out = new StringBuilder();
        // CR and LF would end the header; everything else goes, as the one byte of ISO-8859-1
        for (char c : values.text(120).toCharArray()) {
            out.append(c == '\r' || c == '\n' ? ' ' : c > 0xFF ? '?' : c);
        }
        return out.toString();
    }

    private byte[] body(JsonNode schema, Charset charset) {
        return switch (random.nextInt(20)) {
            case 0 -> new byte[0];
            case 1 -> {
                byte[] garbage = new byte[random.nextInt(300)];
                random.nextBytes(garbage);
                yield garbage;
            }
            case 2 -> values.jsonValue().getBytes(StandardCharsets.UTF_8);
            case 3 -> {
                String json = json(schema, 0, 0.1);
                yield json.substring(0, random.nextInt(json.length() + 1)).getBytes(charset);
            }
            case 4 -> ("{\"a\":\"" + "x".repeat(200_000 + random.nextInt(100_000)) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 5 -> new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
            default -> json(schema, 0, 0.12).getBytes(charset);
        };
    }

    /** JSON for {@code schema}: valid, except that each value is swapped for a hostile one with {@code mutate}. */
    private String json(JsonNode schema, int depth, double mutate) {
        if (values.chance(mutate) || schema == null || depth > 6) {
            return values.chance(0.5) ? values.jsonValue() : values.jsonString(values.text(300));
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.has(combinator) && schema.get(combinator).size() > 0) {
                return json(schema.get(combinator).get(0), depth + 1, mutate);
            }
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        switch (type) {
            case "object" -> {
                List<String> fields = new ArrayList<>();
                Set<String> required = new java.util.HashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> property = it.next();
                    boolean include = required.contains(property.getKey()) ? values.chance(0.95) : values.chance(0.75);
                    if (include) {
                        String name = values.chance(0.5) ? snake(property.getKey()) : property.getKey();
                        fields.add(values.jsonString(name) + ":" + json(property.getValue(), depth + 1, mutate));
                    }
                }
                if (values.chance(0.1)) {
                    fields.add(values.jsonString(values.text(30)) + ":" + values.jsonValue());
                }
                if (values.chance(0.05) && !fields.isEmpty()) {
                    fields.add(values.pick(fields));
                }
                return "{" + String.join(",", fields) + "}";
            }
            case "array" -> {
                List<String> items = new ArrayList<>();
                int n = values.chance(0.05) ? 150 : random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    items.add(json(schema.get("items"), depth + 1, mutate));
                }
                return "[" + String.join(",", items) + "]";
            }
            case "integer", "number" -> {
                if (schema.has("maximum") && values.chance(0.3)) {
                    return schema.get("maximum").asText();
                }
                return plain(schema);
            }
            case "boolean" -> {
                return plain(schema);
            }
            default -> {
                return values.jsonString(plain(schema));
            }
        }
    }

    private void harvest(RawHttp.Response response) {
        if (response.status() >= 300 || ids.size() >= 200) {
            return;
        }
        String type = response.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return;
        }
        try {
            collectIds(JSON.readTree(response.body()), 0);
        } catch (java.io.IOException e) {
            // not JSON after all; nothing to learn from it
        }
    }

    private void collectIds(JsonNode node, int depth) {
        if (depth > 4 || ids.size() >= 200) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if ((field.getKey().equals("id") || field.getKey().endsWith("_id")) && field.getValue().isTextual()
                        && !ids.contains(field.getValue().asText())) {
                    ids.add(field.getValue().asText());
                } else {
                    collectIds(field.getValue(), depth + 1);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectIds(item, depth + 1));
        }
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The token with {@code alg: none} and no signature. */
    private static String unsigned(String token) {
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + token.split("\\.")[1] + ".";
    }
}
