package dev.stockpulse.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The AsyncAPI document is served, and a tool reading it from here finds every schema it references here too. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class AsyncApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/asyncapi/asyncapi.yaml")
    URI document;

    @Test
    void servesTheDocumentAndEverySchemaItReferencesBesideIt() throws Exception {
        Response served = given().get(document);
        served.then().statusCode(200).contentType(startsWith("application/yaml"));
        JsonNode asyncApi = new YAMLMapper().readTree(served.asByteArray());
        assertThat(asyncApi.path("asyncapi").asText()).isEqualTo("3.0.0");

        Set<URI> fetched = new HashSet<>();
        List<String> broken = new ArrayList<>();
        follow(document, asyncApi, fetched, broken);

        assertThat(broken).isEmpty();
        assertThat(fetched).contains(document.resolve("schemas/inventory.low_stock.schema.json"),
                document.resolve("schemas/metadata.schema.json"), document.resolve("schemas/payloads/low_stock.schema.json"));
    }

    @Test
    void anythingElseUnderItIsAProblemNotFound() {
        for (String path : List.of("/asyncapi/schemas/inventory.stock.counted.schema.json",
                "/asyncapi/schemas/..%2Fasyncapi.yaml", "/asyncapi/schemas/payloads/..%2F..%2Fapplication.properties",
                "/asyncapi/schemas/application.properties")) {
            given().get(path).then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void staysOutOfTheOpenApiDocument() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/inventory/adjust"))
                .body(not(containsString("/asyncapi")));
    }

    /** Fetches every file {@code node} references, relative to where it was read from, as an AsyncAPI tool does. */
    private static void follow(URI location, JsonNode node, Set<URI> fetched, List<String> broken) throws Exception {
        JsonNode ref = node.get("$ref");
        if (ref != null && !ref.asText().startsWith("#")) {
            URI target = location.resolve(ref.asText());
            URI file = new URI(target.getScheme(), target.getSchemeSpecificPart(), null);
            if (fetched.add(file)) {
                Response response = given().get(file);
                if (response.statusCode() != 200 || !response.contentType().startsWith("application/schema+json")) {
                    broken.add(location + " -> " + ref.asText() + ": " + response.statusCode() + " " + response.contentType());
                } else {
                    follow(file, JSON.readTree(response.asByteArray()), fetched, broken);
                }
            }
        }
        for (JsonNode child : node) {
            follow(location, child, fetched, broken);
        }
    }
}
