package dev.stockpulse.localstack.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operations a running service documents in its OpenAPI document ({@code /q/openapi?format=json}): what the REST
 * fuzzer aims at, so that a new endpoint is fuzzed as soon as it exists, with no list to keep up to date.
 */
public final class OpenApiOperations {

    /** A parameter of an operation: where it goes ({@code path}, {@code query}, {@code header}) and its schema. */
    public record Parameter(String name, String in, JsonNode schema) {
    }

    /** One method on one path template; {@code body} is the request body's schema with references resolved, or null. */
    public record Operation(String method, String path, List<Parameter> parameters, JsonNode body) {
    }

    private OpenApiOperations() {
    }

    /** Reads the document; {@code document} is its JSON text. */
    public static List<Operation> parse(String document) {
        try {
            JsonNode root = new ObjectMapper().readTree(document);
            List<Operation> operations = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> path = paths.next();
                List<Parameter> shared = parameters(root, path.getValue().path("parameters"));
                for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                    Map.Entry<String, JsonNode> method = methods.next();
                    if (method.getKey().equals("parameters") || !method.getValue().isObject()) {
                        continue;
                    }
                    List<Parameter> all = new ArrayList<>(shared);
                    all.addAll(parameters(root, method.getValue().path("parameters")));
                    JsonNode body = null;
                    for (JsonNode media : method.getValue().path("requestBody").path("content")) {
                        body = resolve(root, media.path("schema"), 0);
                        break;
                    }
                    operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), all, body));
                }
            }
            return operations;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an OpenAPI document", e);
        }
    }

    private static List<Parameter> parameters(JsonNode root, JsonNode list) {
        List<Parameter> out = new ArrayList<>();
        for (JsonNode p : list) {
            JsonNode parameter = resolve(root, p, 0);
            out.add(new Parameter(parameter.path("name").asText(), parameter.path("in").asText(),
                    resolve(root, parameter.path("schema"), 0)));
        }
        return out;
    }

    /** The schema with every {@code $ref} replaced by what it points to (bounded, for recursive schemas). */
    static JsonNode resolve(JsonNode root, JsonNode node, int depth) {
        if (depth > 8 || node == null || node.isMissingNode()) {
            return node;
        }
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            JsonNode target = root.at(ref.startsWith("#") ? ref.substring(1) : ref);
            return resolve(root, target, depth + 1);
        }
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = node.deepCopy();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), resolve(root, field.getValue(), depth + 1)));
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = node.deepCopy();
            for (int i = 0; i < node.size(); i++) {
                copy.set(i, resolve(root, node.get(i), depth + 1));
            }
            return copy;
        }
        return node;
    }
}
