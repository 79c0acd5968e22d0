package dev.stockpulse.commons.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.junit.jupiter.api.Test;

class QueryParametersTest {

    /** A resource method as JAX-RS sees it: the parameters' annotations and types are all that is read. */
    @SuppressWarnings("unused")
    static void list(@QueryParam("product_id") UUID productId, @QueryParam("page") int page,
            @QueryParam("size") Integer size, @QueryParam("since") long since, @QueryParam("min") Double min,
            @QueryParam("category") String category, String body) {
    }

    static final Method LIST = method();

    @Test
    void valuesThatConvertToTheirTypesPass() {
        assertThat(QueryParameters.firstUnconvertible(LIST, query(Map.of("product_id",
                List.of(UUID.randomUUID().toString()), "page", List.of(" 2 "), "size", List.of("20"), "since",
                List.of("9223372036854775807"), "min", List.of("1.5e3"), "category", List.of("anything at all")))))
                .isEmpty();
    }

    @Test
    void theFirstValueThatDoesNotConvertIsNamedWithWhatItShouldHaveBeen() {
        assertThat(QueryParameters.firstUnconvertible(LIST, query(Map.of("product_id", List.of("xyz")))))
                .hasValueSatisfying(error -> {
                    assertThat(error.field()).isEqualTo("product_id");
                    assertThat(error.message()).isEqualTo("must be a UUID, got 'xyz'");
                });
        assertThat(QueryParameters.firstUnconvertible(LIST, query(Map.of("size", List.of("ten")))))
                .hasValueSatisfying(error -> assertThat(error.field()).isEqualTo("size"));
        assertThat(QueryParameters.firstUnconvertible(LIST, query(Map.of("min", List.of("many")))))
                .hasValueSatisfying(error -> assertThat(error.message()).startsWith("must be a number"));
    }

    @Test
    void numbersAreCheckedAtTheEdgesOfTheirTypes() {
        assertThat(QueryParameters.mismatch(int.class, "2147483647")).isEmpty();
        assertThat(QueryParameters.mismatch(int.class, "2147483648")).contains("a whole number up to 2147483647");
        assertThat(QueryParameters.mismatch(Integer.class, "-2147483648")).isEmpty();
        assertThat(QueryParameters.mismatch(long.class, "9223372036854775808")).contains("a whole number");
        assertThat(QueryParameters.mismatch(long.class, "1.0")).contains("a whole number");
        assertThat(QueryParameters.mismatch(double.class, "")).contains("a number");
    }

    @Test
    void everyValueOfARepeatedParameterIsChecked() {
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
        query.add("page", "1");
        query.add("page", "two");
        assertThat(QueryParameters.firstUnconvertible(LIST, query))
                .hasValueSatisfying(error -> assertThat(error.message()).isEqualTo(
                        "must be a whole number up to 2147483647, got 'two'"));
    }

    @Test
    void typesItDoesNotCheckAndParametersThatAreNotQueryParametersPass() {
        assertThat(QueryParameters.mismatch(String.class, "\u0001anything")).isEmpty();
        assertThat(QueryParameters.mismatch(boolean.class, "maybe")).isEmpty();
        assertThat(QueryParameters.firstUnconvertible(LIST, query(Map.of("body", List.of("x"))))).isEmpty();
    }

    private static MultivaluedMap<String, String> query(Map<String, List<String>> values) {
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
        values.forEach((name, list) -> list.forEach(value -> query.add(name, value)));
        return query;
    }

    private static Method method() {
        for (Method method : QueryParametersTest.class.getDeclaredMethods()) {
            if (method.getName().equals("list")) {
                return method;
            }
        }
        throw new IllegalStateException("list is declared above");
    }
}
