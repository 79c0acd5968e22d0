package dev.stockpulse.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The gateway publishes admins' broadcasts to {@code sales-events}, so it serves the AsyncAPI document too, without a
 * token, with the schemas beside it (inventory-service's {@code AsyncApiTest} follows every reference).
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class AsyncApiTest {

    @Test
    void servesTheDocumentAndTheSchemasOfWhatItPublishes() {
        given().get("/asyncapi/asyncapi.yaml").then().statusCode(200).contentType(startsWith("application/yaml"))
                .body(containsString("asyncapi: 3.0.0")).body(containsString("gatewayPublishesSalesEvents"));
        for (String schema : new String[] { "sales.alert.raised.schema.json", "sales.notification.schema.json",
                "payloads/notification.schema.json", "metadata.schema.json" }) {
            given().get("/asyncapi/schemas/" + schema).then().statusCode(200)
                    .contentType(startsWith("application/schema+json")).body(containsString("\"$schema\""));
        }
        given().get("/q/openapi").then().statusCode(200).body(not(containsString("/asyncapi")));
    }
}
