package dev.stockpulse.logging.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonLogFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void oneJsonObjectPerLineWithTheFieldsACollectorQueries() throws Exception {
        MDC.put("event_id", "0b6f3f7e-8f5e-4d4e-9f55-2a3c1d9e7b10");
        MDC.put("tenant_id", "acme");
        ExtLogRecord record = record(Level.WARNING, "Dead-lettering %s", "inventory-events-0@42");

        String line = new JsonLogFormatter("sales-service").format(record);

        assertThat(line).endsWith("\n").doesNotContain("\n{").hasLineCount(1);
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("WARNING");
        assertThat(json.get("logger").asText()).isEqualTo("dev.stockpulse.test");
        assertThat(json.get("service").asText()).isEqualTo("sales-service");
        assertThat(json.get("message").asText()).isEqualTo("Dead-lettering inventory-events-0@42");
        assertThat(json.get("event_id").asText()).isEqualTo("0b6f3f7e-8f5e-4d4e-9f55-2a3c1d9e7b10");
        assertThat(json.get("tenant_id").asText()).isEqualTo("acme");
        assertThat(json.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(json.has("exception")).isFalse();
    }

    @Test
    void quotesBackslashesNewlinesAndControlCharactersStayInsideTheString() throws Exception {
        String nasty = "say \"hi\"\\ then\nnext line\r\tand \u0001 and \u2028";
        String line = new JsonLogFormatter(null).format(record(Level.INFO, "%s", nasty));

        assertThat(line).hasLineCount(1);
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("message").asText()).isEqualTo(nasty);
        assertThat(json.has("service")).isFalse();
    }

    @Test
    void anExceptionBecomesAnObjectWithItsStackTrace() throws Exception {
        ExtLogRecord record = record(Level.SEVERE, "%s", "failed");
        record.setThrown(new IllegalStateException("broker \"gone\"", new RuntimeException("cause")));

        JsonNode json = JSON.readTree(new JsonLogFormatter("inventory-service").format(record));

        JsonNode exception = json.get("exception");
        assertThat(exception.get("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(exception.get("message").asText()).isEqualTo("broker \"gone\"");
        assertThat(exception.get("stack_trace").asText()).contains("Caused by: java.lang.RuntimeException: cause")
                .contains("JsonLogFormatterTest");
    }

    @Test
    void anMdcEntryCannotOverwriteAFixedField() throws Exception {
        MDC.put("message", "forged");
        MDC.put("level", "DEBUG");
        String line = new JsonLogFormatter(null).format(record(Level.INFO, "%s", "real"));

        JsonNode json = JSON.readTree(line);
        assertThat(json.get("message").asText()).isEqualTo("real");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(line.split("\"message\"", -1)).hasSize(2);
    }

    private static ExtLogRecord record(Level level, String format, Object... parameters) {
        ExtLogRecord record = new ExtLogRecord(level, format, ExtLogRecord.FormatStyle.PRINTF,
                JsonLogFormatterTest.class.getName());
        record.setParameters(parameters);
        record.setLoggerName("dev.stockpulse.test");
        return record;
    }
}
