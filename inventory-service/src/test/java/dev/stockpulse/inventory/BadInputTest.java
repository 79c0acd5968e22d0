package dev.stockpulse.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Text PostgreSQL or Jackson cannot take, and pages too deep to count, are 400s naming the field, never 500s. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class BadInputTest {

    static final String STAFF = DevTokens.staff("tenant-" + UUID.randomUUID().toString().substring(0, 8), "clerk");

    @Test
    void aNulCharacterInAQueryParameterIsA400NamingIt() {
        given().auth().oauth2(STAFF).queryParam("category", "tools\u0000").get("/api/products").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/validation"))
                .body("errors[0].field", equalTo("category"))
                .body("errors[0].message", containsString("U+0000"));
    }

    @Test
    void aNulCharacterOrAnUnpairedSurrogateInABodyFieldIsA400NamingIt() {
        given().auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body("{\"sku\":\"S-1\",\"name\":\"Lap\\u0000top\",\"unit_price\":1,\"reorder_level\":1,\"reorder_quantity\":1}")
                .post("/api/products").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", containsString("U+0000"));
        given().auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body("{\"sku\":\"S-\\ud800\",\"name\":\"Laptop\",\"unit_price\":1,\"reorder_level\":1,\"reorder_quantity\":1}")
                .post("/api/products").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("sku"))
                .body("errors[0].message", containsString("unpaired surrogate"));
        given().auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body("{\"code\":\"WH-NUL\",\"name\":\"Main\",\"location\":\"Aisle\\u0000 7\"}")
                .post("/api/warehouses").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("location"));
    }

    @Test
    void aPageSoDeepThatItsOffsetOverflowsIsA400NamingPage() {
        given().auth().oauth2(STAFF).queryParam("page", Integer.MAX_VALUE).queryParam("size", 500)
                .get("/api/products").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("page"));
        given().auth().oauth2(STAFF).queryParam("page", 5_000_000).queryParam("size", 1000)
                .get("/api/inventory/movements").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("page"));
    }

    @Test
    void aFieldNamedTwiceIsMalformedJsonNamingIt() {
        given().auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body("{\"product_id\":\"" + UUID.randomUUID() + "\",\"warehouse_id\":\"" + UUID.randomUUID()
                        + "\",\"quantity\":1,\"quantity\":2,\"reason\":\"sale\"}")
                .post("/api/inventory/adjust").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/malformed-json"))
                .body("detail", containsString("quantity"));
    }
}
