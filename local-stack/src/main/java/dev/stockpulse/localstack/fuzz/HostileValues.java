package dev.stockpulse.localstack.fuzz;

import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Values a hostile or broken client sends, drawn from one {@link Random} so that a seed replays them. Text covers
 * control characters (U+0000 first), unpaired surrogates, odd Unicode, numbers that overflow every Java type, injection
 * attempts and lengths around the services' limits; JSON covers every type in every place, deep nesting and numbers
 * too large to parse.
 */
public final class HostileValues {

    private static final List<String> FIXED = List.of("", " ", "\u0000", "a\u0000b", "\u0001\u0002\u001F", "\u007F",
            "\t\n\r", "\u0085\u2028\u2029", "\uD800", "x\uDC00y", "\uDBFF\uDFFF", "😀🚀", "e\u0301\u0301\u0301",
            "\u202Eevil", "\uFEFFbom", "\uFFFE\uFFFF", "null", "true", "false", "0", "-1", "-0", "2147483647",
            "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "1e309", "-1e309", "NaN",
            "Infinity", "0x10", "1.5", "1,5", "١٢٣", "' OR 1=1 --", "\"; DROP TABLE products; --", "%00", "%", "%%",
            "../../etc/passwd", "<script>alert(1)</script>", "${jndi:ldap://x/y}", "{{7*7}}", "\\", "\\u0000", "\"",
            "[]", "{}", "low_stock", "all", "admin", "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff", "2026-12-04T00:00:00Z", "P1D", "-9999-01-01");

    private static final int[] LENGTHS = {63, 64, 65, 100, 101, 127, 128, 129, 200, 201, 255, 256, 400, 401, 1000};

    private final Random random;

    public HostileValues(Random random) {
        this.random = random;
    }

    public Random random() {
        return random;
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    public <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Hostile text, at most {@code maxLength} characters (URLs are bounded by the HTTP server's line limit). */
    public String text(int maxLength) {
        String value = switch (random.nextInt(6)) {
            case 0, 1 -> pick(FIXED);
            case 2 -> randomChars(1 + random.nextInt(20));
            case 3 -> pick(FIXED) + word() + pick(FIXED);
            case 4 -> repeat(LENGTHS[random.nextInt(LENGTHS.length)]);
            default -> word() + (char) random.nextInt(0x20) + word();
        };
        return value.length() > maxLength ? value.substring(0, maxLength) : value;
    }

    /** A plausible, harmless value: what the hostile ones hide among. */
    public String word() {
        return switch (random.nextInt(5)) {
            case 0 -> UUID.nameUUIDFromBytes(Long.toString(random.nextLong()).getBytes()).toString();
            case 1 -> Integer.toString(random.nextInt(100));
            case 2 -> "SKU-" + random.nextInt(1000);
            case 3 -> pick(List.of("tools", "electronics", "Warehouse A", "pending", "open", "high", "low_stock"));
            default -> "w" + Long.toString(random.nextLong() & 0xFFFFFF, 36);
        };
    }

    /** Random UTF-16 code units, surrogates and controls included. */
    public String randomChars(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x20 + random.nextInt(0x5F);
                case 2 -> 0xD800 + random.nextInt(0x800);
                default -> random.nextInt(0x10000);
            });
        }
        return out.toString();
    }

    private String repeat(int length) {
        char c = pick(List.of('a', 'é', '\u0000', '界', ' '));
        return String.valueOf(c).repeat(length);
    }

    /** A JSON literal of any type, as text: what goes where a field's value should be. */
    public String jsonValue() {
        return switch (random.nextInt(14)) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 3 -> pick(List.of("-1", "0", "2147483648", "99999999999999999999", "1e400", "-1e-400", "1.5",
                    "0.000000001", "123456789012345.678", "-0.0"));
            case 4 -> "1" + "0".repeat(1000 + random.nextInt(200));
            case 5 -> "[]";
            case 6 -> "{}";
            case 7 -> "[" + jsonString(text(40)) + "," + jsonString(text(40)) + "]";
            case 8 -> "[".repeat(2000) + "]".repeat(2000);
            case 9 -> "{\"a\":" + "{\"a\":".repeat(1200) + "1" + "}".repeat(1201);
            default -> jsonString(text(1000));
        };
    }

    /** {@code value} as a JSON string literal, escaping what JSON needs and, at random, other characters as well. */
    public String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || random.nextInt(50) == 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
