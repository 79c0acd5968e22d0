package dev.stockpulse.sales;

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

/** Text PostgreSQL cannot take, and pages too deep to count, are 400s naming the field, never 500s. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class BadInputTest {

    static final String ADMIN = DevTokens.admin("tenant-" + UUID.randomUUID().toString().substring(0, 8), "boss");

    @Test
    void aNulCharacterInAFilterIsA400NamingIt() {
        given().auth().oauth2(ADMIN).queryParam("user_id", "ann\u0000").get("/api/orders").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("user_id"))
                .body("errors[0].message", containsString("U+0000"));
        given().auth().oauth2(ADMIN).queryParam("product_id", "\u0000").get("/api/alerts").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("product_id"));
    }

    @Test
    void aNulCharacterInAnOrderLineIsA400NamingIt() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"lines\":[{\"product_id\":\"p\\u0000\",\"quantity\":1}]}")
                .post("/api/orders").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("lines[0].product_id"));
    }

    @Test
    void aPageSoDeepThatItsOffsetOverflowsIsA400NamingPage() {
        given().auth().oauth2(ADMIN).queryParam("page", Integer.MAX_VALUE).queryParam("size", 500)
                .get("/api/orders").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("page"));
        given().auth().oauth2(ADMIN).queryParam("page", Integer.MAX_VALUE).queryParam("size", 500)
                .get("/api/alerts").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("page"));
    }

    @Test
    void aContentTypeThatIsNotAMediaTypeIsA400NamingIt() {
        // two methods share this path (with and without a body): picking one parses the Content-Type, which threw
        given().auth().oauth2(ADMIN).header("Content-Type", "json").post("/api/orders/" + UUID.randomUUID() + "/cancel")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Content-Type"));
    }
}
