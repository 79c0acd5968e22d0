package dev.stockpulse.deploychecks;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's own {@code src/main/resources/application.properties} says, over the defaults its libraries ship in
 * {@code META-INF/microprofile-config.properties} (service-commons' outbox producer): the source of truth the
 * deployment files are checked against. Profile prefixes ({@code %dev,test,local.}) are stripped for the set of known
 * keys.
 */
final class ServiceSettings {

    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");

    private final String module;
    /** Keys without a profile prefix, with their values. */
    private final Map<String, String> defaults;
    /** Every key the file sets, in any profile, with the profile prefix removed. */
    private final Set<String> keys;

    private ServiceSettings(String module, Map<String, String> defaults, Set<String> keys) {
        this.module = module;
        this.defaults = defaults;
        this.keys = keys;
    }

    static ServiceSettings of(String module) {
        return load(module, Repository.path(module), List.of(Repository.path("service-commons")));
    }

    /**
     * The settings of the module in {@code moduleDir} (a service of this repository, or a test's fixture) over the
     * defaults of {@code libraries} (modules on its class path).
     */
    static ServiceSettings load(String module, Path moduleDir, List<Path> libraries) {
        Map<String, String> defaults = new TreeMap<>();
        Set<String> keys = new TreeSet<>();
        for (Path library : libraries) {
            Path file = library.resolve("src/main/resources/META-INF/microprofile-config.properties");
            if (Files.exists(file)) {
                add(read(file), defaults, keys);
            }
        }
        add(read(moduleDir.resolve("src/main/resources/application.properties")), defaults, keys);
        return new ServiceSettings(module, Collections.unmodifiableMap(defaults), Collections.unmodifiableSet(keys));
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        properties.remove("config_ordinal");
        return properties;
    }

    private static void add(Properties properties, Map<String, String> defaults, Set<String> keys) {
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("%")) {
                int dot = key.indexOf('.');
                keys.add(key.substring(dot + 1));
            } else {
                keys.add(key);
                defaults.put(key, properties.getProperty(key));
            }
        }
    }

    String module() {
        return module;
    }

    Set<String> keys() {
        return keys;
    }

    /** The value the file sets for {@code key} outside any profile, if any. */
    Optional<String> find(String key) {
        return Optional.ofNullable(defaults.get(key));
    }

    String value(String key) {
        String value = defaults.get(key);
        if (value == null) {
            throw new AssertionError(module + "'s application.properties has no " + key);
        }
        return value;
    }

    int httpPort() {
        return Integer.parseInt(value("quarkus.http.port").trim());
    }

    String applicationName() {
        return value("quarkus.application.name");
    }

    /** SmallRye Health's root path (Quarkus' default is /q/health); readiness and liveness hang below it. */
    String healthRoot() {
        return defaults.getOrDefault("quarkus.smallrye-health.root-path", "/q/health");
    }

    boolean usesKafka() {
        return keys.contains("kafka.bootstrap.servers");
    }

    boolean hasDatasource() {
        return keys.contains("quarkus.datasource.db-kind");
    }

    /**
     * The Kafka channels of SmallRye Reactive Messaging, with the topics and consumer group each one uses; a channel
     * with {@code enabled=false} (SmallRye creates nothing for it) is left out.
     */
    List<KafkaChannel> kafkaChannels() {
        List<KafkaChannel> channels = new ArrayList<>();
        for (Map.Entry<String, String> entry : defaults.entrySet()) {
            Matcher m = CHANNEL.matcher(entry.getKey());
            if (!m.matches() || !"smallrye-kafka".equals(entry.getValue().trim())) {
                continue;
            }
            boolean incoming = m.group(1).equals("incoming");
            String name = m.group(2);
            String prefix = "mp.messaging." + m.group(1) + "." + name + ".";
            if (defaults.getOrDefault(prefix + "enabled", "true").trim().equals("false")) {
                continue;
            }
            String topics = defaults.getOrDefault(prefix + "topics", defaults.getOrDefault(prefix + "topic", name));
            List<String> topicList = Arrays.stream(topics.split(",")).map(String::trim).toList();
            // Quarkus gives an incoming channel the application name as its group unless group.id says otherwise.
            String group = incoming ? defaults.getOrDefault(prefix + "group.id", applicationName()) : null;
            channels.add(new KafkaChannel(name, incoming, topicList, group));
        }
        return channels;
    }

    /** One messaging channel; {@code group} is null for outgoing channels and may end in a {@code ${...}} expression. */
    record KafkaChannel(String name, boolean incoming, List<String> topics, String group) {

        /** The full key of one of this channel's attributes, e.g. {@code transactional.id}. */
        String key(String attribute) {
            return "mp.messaging." + (incoming ? "incoming." : "outgoing.") + name + "." + attribute;
        }

        /** The fixed part of the group id: all of it, or what precedes an expression such as ${quarkus.uuid}. */
        String groupPrefix() {
            int expression = group.indexOf("${");
            return expression < 0 ? group : group.substring(0, expression);
        }

        boolean groupIsPrefix() {
            return group.contains("${");
        }
    }
}
