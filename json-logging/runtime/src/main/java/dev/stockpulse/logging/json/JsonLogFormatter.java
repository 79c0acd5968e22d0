package dev.stockpulse.logging.json;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per log line, for log collectors (Loki, Elasticsearch, Cloud Logging): {@code timestamp},
 * {@code level}, {@code logger}, {@code thread}, {@code service}, {@code message}, every MDC entry as a top-level
 * field (so {@code event_id}, {@code tenant_id}, {@code traceId} and {@code spanId} can be queried directly), and an
 * {@code exception} object with type, message and stack trace.
 */
public final class JsonLogFormatter extends ExtFormatter {

    private static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "thread", "service", "message",
            "exception");

    private final String service;

    public JsonLogFormatter(String service) {
        this.service = service;
    }

    @Override
    public String format(ExtLogRecord record) {
        StringBuilder json = new StringBuilder(256);
        json.append('{');
        field(json, "timestamp", record.getInstant().toString());
        json.append(',');
        field(json, "level", record.getLevel().getName());
        json.append(',');
        field(json, "logger", record.getLoggerName());
        json.append(',');
        field(json, "thread", record.getThreadName());
        if (service != null) {
            json.append(',');
            field(json, "service", service);
        }
        json.append(',');
        field(json, "message", record.getFormattedMessage());
        // Sorted, so lines of the same kind read alike.
        for (Map.Entry<String, String> entry : new TreeMap<>(record.getMdcCopy()).entrySet()) {
            if (!RESERVED.contains(entry.getKey()) && entry.getValue() != null) {
                json.append(',');
                field(json, entry.getKey(), entry.getValue());
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            json.append(",\"exception\":{");
            field(json, "type", thrown.getClass().getName());
            if (thrown.getMessage() != null) {
                json.append(',');
                field(json, "message", thrown.getMessage());
            }
            json.append(',');
            field(json, "stack_trace", stackTrace(thrown));
            json.append('}');
        }
        return json.append('}').append('\n').toString();
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter out = new StringWriter();
        thrown.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        string(json, name);
        json.append(':');
        if (value == null) {
            json.append("null");
        } else {
            string(json, value);
        }
    }

    static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    // Control characters, and the line separators that break JavaScript-based log viewers.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
