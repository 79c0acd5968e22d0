package dev.stockpulse.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The operations console is served without a token (it holds no data; its WebSocket and REST calls need one), and its
 * script only touches elements the page has. What it does in a browser: system-tests' {@code ConsoleBrowserTest}.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class DashboardPageTest {

    @Test
    void theDashboardIsServedAndItsScriptMatchesThePage() {
        String html = given().when().get("/dashboard/")
                .then().statusCode(200).contentType("text/html").extract().asString();

        assertThat(html).contains("<title>StockPulse operations</title>");
        Set<String> ids = find(html, "id=\"([A-Za-z]+)\"");
        Set<String> used = find(html, "\\$\\(\"([A-Za-z]+)\"\\)");
        assertThat(used).isNotEmpty();
        assertThat(ids).as("elements the script looks up").containsAll(used);
        assertThat(html).contains("/ws?").contains("\"/realtime/stats\"").contains("since");
        // Event data goes in with textContent only: the page never renders what it receives as HTML.
        assertThat(html).doesNotContain("innerHTML");
    }

    private static Set<String> find(String text, String regex) {
        Set<String> found = new HashSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
