package dev.stockpulse.deploychecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Kafka permissions one service needs, derived on every run from its code and configuration, never from a list
 * kept by hand, so that a new producer, consumer or topic cannot get past its KafkaUser's ACLs unnoticed.
 *
 * <p>Writes (Write and Describe on the topic):
 * <ul>
 *   <li>each outgoing SmallRye Kafka channel's topic ({@code mp.messaging.outgoing.<ch>.topic}, else the channel's
 *       name), from application.properties over service-commons' {@code META-INF/microprofile-config.properties}
 *       (the outbox channel), leaving out a channel with {@code enabled=false}; a channel with
 *       {@code failure-strategy=dead-letter-queue} also writes its dead-letter topic;</li>
 *   <li>topics chosen per record with {@code withTopic(..)} (OutgoingKafkaRecordMetadata), in the service or in
 *       service-commons: {@code Topics.deadLetter(record.topic())} writes the {@code .dlq} of the topics of the
 *       {@code @Incoming} channels of every class of the service that uses the class doing it (DeadLetters); a topic
 *       read from a database row is an outbox relay's, and writes the topic of every event type the service
 *       publishes;</li>
 *   <li>each plain {@code KafkaProducer}: the topic of its {@code ProducerRecord}s, a literal, a {@code Topics}
 *       constant, or a topic computed from an event type (the event types its class publishes); one that sends to
 *       {@code Topics.deadLetter(record.topic())} (the gateway's dead letters of its bound topics) writes the
 *       {@code .dlq} of each topic bound in application.properties ({@code <prefix>.bindings.<name>.topic}), none
 *       by default: a deployment that binds topics grants their dead letters too.</li>
 * </ul>
 * The event types a service publishes are the {@code EventType} constants its code names outside its consumers
 * (classes with {@code @Incoming} or a {@code KafkaConsumer} name the types they read); each goes to the topic
 * event-schemas' {@code EventType} gives it.
 *
 * <p>Reads (Read and Describe on the topic): each incoming channel's topics, and Read on its consumer group; each
 * plain {@code KafkaConsumer} that assigns itself partitions (no group, nothing committed) reads the topics that a
 * {@code @ConfigMapping} key names, e.g. {@code config.kafka().topics()} is {@code gateway.kafka.topics}, from
 * application.properties or else its {@code @WithDefault}.
 *
 * <p>A transactional producer ({@code transactional.id}) needs Write and Describe on its transactional id. An
 * idempotent one needs nothing more than Write on a topic: since Kafka 3.0 (KIP-679) the broker hands a producer id
 * to any principal that may write some topic (KafkaApis' InitProducerId: IdempotentWrite on the cluster, or Write on
 * any topic), so IdempotentWrite is not a need. Anything else that talks to Kafka in code (an admin client, a
 * consumer that subscribes with a group, a topic chosen in a way listed nowhere here, a messaging channel without
 * configuration, which Quarkus would attach to Kafka by itself) fails the derivation and names the file.
 */
final class KafkaUsage {

    /** One permission on one resource, as a Strimzi KafkaUser ACL grants it; the cluster's name is empty. */
    record Grant(String resourceType, String name, String patternType, String operation) implements Comparable<Grant> {

        static Grant topic(String name, String operation) {
            return new Grant("topic", name, "literal", operation);
        }

        /** Whether this grant, as Kafka's authorizer reads it, allows {@code need}. */
        boolean covers(Grant need) {
            boolean operation = operation().equals(need.operation()) || operation().equals("All")
                    // Read, Write, Delete and Alter imply Describe (Kafka's AclEntry.supportedOperations).
                    || need.operation().equals("Describe") && Set.of("Read", "Write", "Delete", "Alter").contains(operation());
            boolean resource = resourceType().equals(need.resourceType()) && (patternType().equals("prefix")
                    ? need.name().startsWith(name())
                    : need.patternType().equals("literal") && name().equals(need.name()));
            return operation && resource;
        }

        @Override
        public int compareTo(Grant other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return operation + " on " + resourceType + (name.isEmpty() ? "" : " " + name) + (patternType.equals("prefix") ? "*" : "");
        }
    }

    /** A KafkaUser against a service's needs: what it lacks (with why it is needed) and what it grants beyond. */
    record Comparison(Map<Grant, Set<String>> missing, Set<Grant> extra) {
    }

    private static final Pattern EVENT_TYPE = Pattern.compile("\\bEventType\\.([A-Z][A-Z0-9_]*)\\b");
    private static final Pattern WITH_TOPIC = Pattern.compile("\\.withTopic\\(");
    private static final Pattern PRODUCER_RECORD = Pattern.compile("new ProducerRecord<[^>]*>\\(\\s*([^,]+?)\\s*,");
    private static final Pattern CALL_CHAIN = Pattern.compile("\\b([a-z]\\w*)((?:\\.[a-z]\\w*\\(\\))+)");
    private static final Pattern INCOMING = Pattern.compile("@Incoming\\(\"([^\"]+)\"\\)");
    private static final Pattern OUTGOING = Pattern.compile("@(?:Outgoing|Channel)\\(\"([^\"]+)\"\\)");
    private static final Pattern BOUND_TOPIC = Pattern.compile("[\\w.-]+\\.bindings\\.(?:\"[^\"]+\"|[^.]+)\\.topic");
    private static final Pattern OTHER_CLIENT = Pattern.compile(
            "\\b(Admin\\.create|AdminClient\\.create|KafkaAdminClient|KafkaClientService|KafkaShareConsumer|KafkaStreams)\\b");

    private final String module;
    private final Map<Grant, Set<String>> needs = new TreeMap<>();
    private final Set<String> settingsRead = new TreeSet<>();

    private KafkaUsage(String module) {
        this.module = module;
    }

    /** The needs of one of the repository's services, against service-commons and event-schemas as they are. */
    static KafkaUsage of(String module) {
        return derive(module, Repository.path(module), List.of(Repository.path("service-commons")),
                Repository.path("event-schemas"));
    }

    /**
     * @param moduleDir the service: {@code src/main/resources/application.properties} and {@code src/main/java}
     * @param libraries modules whose {@code src/main/java} the service runs too (service-commons)
     * @param eventSchemas the module with {@code EventType} and {@code Topics}
     */
    static KafkaUsage derive(String module, Path moduleDir, List<Path> libraries, Path eventSchemas) {
        KafkaUsage usage = new KafkaUsage(module);
        ServiceSettings settings = ServiceSettings.load(module, moduleDir, libraries);
        Catalogue catalogue = Catalogue.read(eventSchemas);
        List<Source> own = sources(moduleDir);
        List<Source> shared = libraries.stream().flatMap(library -> sources(library).stream()).toList();
        usage.channels(settings, own);
        usage.perRecordTopics(own, shared, settings, catalogue);
        usage.plainProducers(own, settings, catalogue);
        usage.plainConsumers(own, settings);
        usage.refuseOtherClients(own, shared);
        return usage;
    }

    String module() {
        return module;
    }

    /** Each permission needed, with the code or setting that needs it. */
    Map<Grant, Set<String>> needs() {
        return Collections.unmodifiableMap(needs);
    }

    /**
     * The keys whose application.properties values (or their absence) decided a topic, group or transactional id:
     * a deployment that set one of them in the environment would change what the service does on Kafka.
     */
    Set<String> settingsRead() {
        return Collections.unmodifiableSet(settingsRead);
    }

    /** Every topic read or written. */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        needs.keySet().stream().filter(g -> g.resourceType().equals("topic")).forEach(g -> topics.add(g.name()));
        return topics;
    }

    /** {@code acls}: a Strimzi KafkaUser's {@code spec.authorization.acls}. */
    Comparison compareWith(List<Object> acls) {
        Set<Grant> granted = granted(acls);
        Map<Grant, Set<String>> missing = new TreeMap<>();
        needs.forEach((need, why) -> {
            if (granted.stream().noneMatch(grant -> grant.covers(need))) {
                missing.put(need, why);
            }
        });
        Set<Grant> extra = new TreeSet<>(granted);
        extra.removeAll(needs.keySet());
        return new Comparison(missing, extra);
    }

    /** The permissions a Strimzi ACL list allows, one per operation, as written (no implication applied). */
    static Set<Grant> granted(List<Object> acls) {
        Set<Grant> granted = new TreeSet<>();
        for (Object entry : acls) {
            Map<String, Object> acl = Yamls.map(entry, "acl");
            if ("deny".equals(acl.get("type"))) {
                throw new AssertionError("A deny ACL (" + acl + "): the checks only reason about allow rules");
            }
            String type = String.valueOf(Yamls.at(acl, "resource.type"));
            String name = type.equals("cluster") ? "" : String.valueOf(Yamls.at(acl, "resource.name"));
            Object pattern = Yamls.at(acl, "resource.patternType");
            List<Object> operations = acl.containsKey("operations") ? Yamls.listAt(acl, "operations")
                    : List.of(String.valueOf(acl.get("operation")));
            for (Object operation : operations) {
                granted.add(new Grant(type, name, pattern == null ? "literal" : String.valueOf(pattern),
                        String.valueOf(operation)));
            }
        }
        return granted;
    }

    private void read(String topic, String why) {
        need(Grant.topic(topic, "Read"), why);
        need(Grant.topic(topic, "Describe"), why);
    }

    private void write(String topic, String why) {
        need(Grant.topic(topic, "Write"), why);
        need(Grant.topic(topic, "Describe"), why);
    }

    private void need(Grant grant, String why) {
        needs.computeIfAbsent(grant, g -> new TreeSet<>()).add(why);
    }

    private void channels(ServiceSettings settings, List<Source> own) {
        Set<String> configured = new TreeSet<>();
        for (ServiceSettings.KafkaChannel channel : settings.kafkaChannels()) {
            configured.add(channel.name());
            for (String attribute : List.of("topic", "topics", "pattern", "group.id", "failure-strategy",
                    "dead-letter-queue.topic", "transactional.id")) {
                settingsRead.add(channel.key(attribute));
            }
            String why = "channel " + channel.name() + " (application.properties)";
            if (settings.find(channel.key("pattern")).map(v -> v.trim().equals("true")).orElse(false)) {
                throw new AssertionError(module + ": " + why + " subscribes to a topic pattern; KafkaUsage cannot tell"
                        + " which topics it reads");
            }
            if (channel.incoming()) {
                channel.topics().forEach(topic -> read(topic, why));
                need(new Grant("group", channel.groupPrefix(), channel.groupIsPrefix() ? "prefix" : "literal", "Read"),
                        why);
                if (settings.find(channel.key("failure-strategy")).map(String::trim).orElse("").equals("dead-letter-queue")) {
                    write(settings.find(channel.key("dead-letter-queue.topic")).orElse("dead-letter-topic-" + channel.name()),
                            why + ", failure-strategy=dead-letter-queue");
                }
            } else {
                channel.topics().forEach(topic -> write(topic, why));
            }
            transactional(settings.find(channel.key("transactional.id")), why);
        }
        transactional(settings.find("kafka.transactional.id"), "kafka.transactional.id (application.properties)");
        settingsRead.addAll(List.of("kafka.transactional.id", "kafka.group.id", "quarkus.application.name"));
        // With one connector on the class path Quarkus attaches every channel without configuration to Kafka, with
        // the channel's name as topic, unless the application both writes and reads it (an in-memory channel).
        for (Source source : own) {
            Set<String> incoming = names(INCOMING, source.text());
            Set<String> outgoing = names(OUTGOING, source.text());
            for (String name : union(incoming, outgoing)) {
                boolean inMemory = own.stream().anyMatch(s -> names(INCOMING, s.text()).contains(name))
                        && own.stream().anyMatch(s -> names(OUTGOING, s.text()).contains(name));
                if (!configured.contains(name) && !inMemory) {
                    throw new AssertionError(module + ": channel " + name + " of " + source.file() + " has no"
                            + " mp.messaging configuration, so Quarkus would attach it to Kafka by itself (topic "
                            + name + "); configure it in application.properties");
                }
            }
        }
    }

    private void transactional(Optional<String> transactionalId, String why) {
        transactionalId.ifPresent(id -> {
            int expression = id.indexOf("${");
            String name = expression < 0 ? id : id.substring(0, expression);
            String pattern = expression < 0 ? "literal" : "prefix";
            need(new Grant("transactionalId", name, pattern, "Write"), why + ", transactional producer");
            need(new Grant("transactionalId", name, pattern, "Describe"), why + ", transactional producer");
        });
    }

    private void perRecordTopics(List<Source> own, List<Source> shared, ServiceSettings settings, Catalogue catalogue) {
        for (Source sender : union(own, shared)) {
            Matcher call = WITH_TOPIC.matcher(sender.text());
            while (call.find()) {
                String argument = argument(sender.text(), call.end()).replaceAll("\\s", "");
                List<Source> users = own.stream().filter(s -> s == sender || s.mentions(sender.className())).toList();
                if (argument.matches("Topics\\.deadLetter\\(\\w+\\.topic\\(\\)\\)")) {
                    for (Source user : users) {
                        deadLetters(sender, user, settings, catalogue);
                    }
                } else if (argument.matches("\\w+\\.getString\\(\"topic\"\\)")) {
                    if (!users.isEmpty()) {
                        published(own, catalogue).forEach((topic, types) -> write(topic, "outbox rows relayed by "
                                + sender.className() + ", each to its event type's topic (" + types + ")"));
                    }
                } else {
                    throw new AssertionError(sender.file() + " sends to topic `" + argument + "`: KafkaUsage cannot tell"
                            + " which topics that is; teach it (deploy-checks' KafkaUsage)");
                }
            }
        }
    }

    private void deadLetters(Source sender, Source user, ServiceSettings settings, Catalogue catalogue) {
        Set<String> incoming = names(INCOMING, user.text());
        if (incoming.isEmpty()) {
            throw new AssertionError(user.file() + " uses " + sender.className() + ", which dead-letters the records it"
                    + " is given, but has no @Incoming channel: KafkaUsage cannot tell whose dead letters it writes");
        }
        for (ServiceSettings.KafkaChannel channel : settings.kafkaChannels()) {
            if (channel.incoming() && incoming.contains(channel.name())) {
                for (String topic : channel.topics()) {
                    write(topic + catalogue.deadLetterSuffix(), "dead letters of channel " + channel.name() + " ("
                            + user.className() + " with " + sender.className() + ")");
                }
            }
        }
    }

    private void plainProducers(List<Source> own, ServiceSettings settings, Catalogue catalogue) {
        for (Source source : own) {
            if (!source.text().contains("new KafkaProducer")) {
                continue;
            }
            if (source.text().contains("TRANSACTIONAL_ID_CONFIG") || source.text().contains("\"transactional.id\"")) {
                throw new AssertionError(source.file() + " creates a transactional KafkaProducer: teach KafkaUsage its"
                        + " transactional id");
            }
            String why = "KafkaProducer in " + source.className();
            Matcher record = PRODUCER_RECORD.matcher(source.text());
            boolean found = false;
            while (record.find()) {
                found = true;
                String topic = record.group(1).trim();
                Matcher constant = Pattern.compile("Topics\\.([A-Z][A-Z0-9_]*)").matcher(topic);
                Matcher variable = Pattern.compile("\\bString\\s+" + Pattern.quote(topic) + "\\s*=([^;]+);")
                        .matcher(source.text());
                if (topic.matches("\"[^\"]+\"")) {
                    write(topic.substring(1, topic.length() - 1), why);
                } else if (topic.replaceAll("\\s", "").matches("Topics\\.deadLetter\\(\\w+\\.topic\\(\\)\\)")) {
                    // A binding only a profile sets (%test) is no deployment's.
                    for (String key : settings.keys()) {
                        if (BOUND_TOPIC.matcher(key).matches()) {
                            settingsRead.add(key);
                            settings.find(key).ifPresent(bound -> write(bound.trim() + catalogue.deadLetterSuffix(),
                                    why + ", dead letters of " + key));
                        }
                    }
                } else if (constant.matches()) {
                    write(catalogue.topicConstant(constant.group(1)), why);
                } else if (topic.matches("\\w+") && variable.find() && variable.group(1).contains(".topic()")
                        && variable.group(1).contains("EventType")) {
                    Map<String, String> types = eventTypes(List.of(source), catalogue);
                    if (types.isEmpty()) {
                        throw new AssertionError(source.file() + " sends events whose type it does not name");
                    }
                    types.forEach((topic2, names) -> write(topic2, why + " (" + names + ")"));
                } else {
                    throw new AssertionError(source.file() + " sends ProducerRecords to `" + topic + "`: KafkaUsage"
                            + " cannot tell which topic that is; teach it (deploy-checks' KafkaUsage)");
                }
            }
            if (!found) {
                throw new AssertionError(source.file() + " creates a KafkaProducer but no ProducerRecord KafkaUsage can"
                        + " read the topic of");
            }
        }
    }

    private void plainConsumers(List<Source> own, ServiceSettings settings) {
        for (Source source : own) {
            String text = source.text();
            if (!text.contains("new KafkaConsumer")) {
                continue;
            }
            if (text.contains(".subscribe(") || !text.contains(".assign(") || text.contains("commitSync")
                    || text.contains("commitAsync") || Pattern.compile("put\\(\\s*ConsumerConfig\\.GROUP_ID_CONFIG").matcher(text).find()) {
                throw new AssertionError(source.file() + ": KafkaUsage knows plain consumers that assign themselves"
                        + " partitions and use no consumer group; this one does otherwise: teach it its group");
            }
            Set<String> topics = new TreeSet<>();
            Matcher chain = CALL_CHAIN.matcher(text);
            while (chain.find()) {
                List<String> calls = Arrays.stream(chain.group(2).split("\\(\\)")).map(m -> m.substring(1)).toList();
                int end = Math.max(calls.indexOf("topics"), calls.indexOf("topic"));
                if (end < 0) {
                    continue;
                }
                List<String> methods = calls.subList(0, end + 1);
                configured(source, chain.group(1), methods, own, settings).ifPresent(setting -> {
                    topics.addAll(setting.values());
                    setting.values().forEach(topic -> read(topic, "KafkaConsumer in " + source.className()
                            + ", assigned every partition of " + setting.key()));
                });
            }
            if (topics.isEmpty()) {
                throw new AssertionError(source.file() + " creates a KafkaConsumer, but KafkaUsage finds no"
                        + " configuration key naming its topics (a @ConfigMapping call such as config.kafka().topics())");
            }
        }
    }

    private record Setting(String key, List<String> values) {
    }

    /** The setting {@code root.m1().m2()} reads, when {@code root} is a {@code @ConfigMapping} of the service. */
    private Optional<Setting> configured(Source source, String root, List<String> methods, List<Source> own,
            ServiceSettings settings) {
        Matcher declaration = Pattern.compile("\\b([A-Z]\\w*)\\s+" + Pattern.quote(root) + "\\s*[;,)=]")
                .matcher(source.text());
        if (!declaration.find()) {
            return Optional.empty();
        }
        String type = declaration.group(1);
        Pattern mappingPattern = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"[^)]*\\)\\s*(?:public\\s+)?"
                + "interface\\s+" + type + "\\b");
        for (Source mapping : own) {
            Matcher prefix = mappingPattern.matcher(mapping.text());
            if (!prefix.find()) {
                continue;
            }
            String key = prefix.group(1);
            String body = body(mapping, type);
            for (int i = 0; i < methods.size(); i++) {
                String method = methods.get(i);
                Matcher returns = Pattern.compile("(\\w+)(?:<[^>]*>)?\\s+" + method + "\\(\\)\\s*;").matcher(body);
                if (!returns.find()) {
                    throw new AssertionError(mapping.file() + " declares no " + method + "() in " + key);
                }
                key = key + "." + kebab(method);
                if (i < methods.size() - 1) {
                    body = body(mapping, returns.group(1));
                    continue;
                }
                Matcher fallback = Pattern.compile("@WithDefault\\(\"([^\"]*)\"\\)\\s*(?:\\w+(?:<[^>]*>)?)\\s+" + method
                        + "\\(\\)").matcher(body);
                settingsRead.add(key);
                String value = settings.find(key).orElse(fallback.find() ? fallback.group(1) : null);
                if (value == null) {
                    throw new AssertionError(module + " sets no " + key + " and " + mapping.file() + " gives it no"
                            + " @WithDefault: KafkaUsage cannot tell which topics " + source.file() + " reads");
                }
                List<String> values = Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
                return Optional.of(new Setting(key, values));
            }
        }
        return Optional.empty();
    }

    private void refuseOtherClients(List<Source> own, List<Source> shared) {
        for (Source source : union(own, shared)) {
            Matcher other = OTHER_CLIENT.matcher(source.text());
            if (other.find()) {
                throw new AssertionError(source.file() + " uses " + other.group(1) + ": teach KafkaUsage what it needs"
                        + " on Kafka");
            }
        }
        for (Source source : shared) {
            if (source.text().contains("new KafkaProducer") || source.text().contains("new KafkaConsumer")) {
                throw new AssertionError(source.file() + " creates a Kafka client in a library: KafkaUsage reads plain"
                        + " clients only in the service's own module; teach it");
            }
        }
    }

    /** Topics of the event types the service publishes, each with the types and classes that name it. */
    private static Map<String, String> published(List<Source> own, Catalogue catalogue) {
        return eventTypes(own.stream().filter(s -> !s.consumes()).toList(), catalogue);
    }

    private static Map<String, String> eventTypes(List<Source> sources, Catalogue catalogue) {
        Map<String, Set<String>> byTopic = new TreeMap<>();
        for (Source source : sources) {
            Matcher type = EVENT_TYPE.matcher(source.text());
            while (type.find()) {
                byTopic.computeIfAbsent(catalogue.topicOf(type.group(1), source), t -> new TreeSet<>())
                        .add("EventType." + type.group(1) + " in " + source.className());
            }
        }
        Map<String, String> described = new TreeMap<>();
        byTopic.forEach((topic, types) -> described.put(topic, String.join(", ", types)));
        return described;
    }

    /** EventType's topic per constant and Topics' constants, read from event-schemas' sources. */
    private record Catalogue(Map<String, String> topicOfType, Map<String, String> topicConstants) {

        static Catalogue read(Path eventSchemas) {
            Path dir = eventSchemas.resolve("src/main/java/dev/stockpulse/events");
            String topicsSource = strip(Repository.read(dir.resolve("Topics.java")));
            Map<String, String> constants = new HashMap<>();
            Matcher constant = Pattern.compile("static final String ([A-Z][A-Z0-9_]*) = \"([^\"]*)\";").matcher(topicsSource);
            while (constant.find()) {
                constants.put(constant.group(1), constant.group(2));
            }
            if (!topicsSource.matches("(?s).*return\\s+[^;]*\\+\\s*DEAD_LETTER_SUFFIX\\s*;.*")) {
                throw new AssertionError("Topics.deadLetter no longer appends DEAD_LETTER_SUFFIX: update KafkaUsage");
            }
            Map<String, String> topicOfType = new HashMap<>();
            Matcher type = Pattern.compile("\\b([A-Z][A-Z0-9_]*)\\(\\s*\"[^\"]*\"\\s*,\\s*Topics\\.([A-Z][A-Z0-9_]*)")
                    .matcher(strip(Repository.read(dir.resolve("EventType.java"))));
            while (type.find()) {
                topicOfType.put(type.group(1), constants.get(type.group(2)));
            }
            if (topicOfType.isEmpty() || topicOfType.containsValue(null)) {
                throw new AssertionError("Cannot read the topic of each EventType in " + dir + ": update KafkaUsage");
            }
            return new Catalogue(topicOfType, constants);
        }

        String topicOf(String eventType, Source where) {
            String topic = topicOfType.get(eventType);
            if (topic == null) {
                throw new AssertionError(where.file() + " names EventType." + eventType + ", which EventType lacks");
            }
            return topic;
        }

        String topicConstant(String name) {
            String topic = topicConstants.get(name);
            if (topic == null) {
                throw new AssertionError("Topics has no constant " + name);
            }
            return topic;
        }

        String deadLetterSuffix() {
            return topicConstant("DEAD_LETTER_SUFFIX");
        }
    }

    /** A Java source file without its comments (javadoc braces and words must not count as code). */
    private record Source(Path file, String text) {

        String className() {
            String name = file.getFileName().toString();
            return name.substring(0, name.length() - ".java".length());
        }

        boolean mentions(String className) {
            return Pattern.compile("\\b" + Pattern.quote(className) + "\\b").matcher(text).find();
        }

        boolean consumes() {
            return text.contains("@Incoming(") || text.contains("new KafkaConsumer");
        }
    }

    private static List<Source> sources(Path module) {
        Path root = module.resolve("src/main/java");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted()
                    .map(f -> new Source(f, strip(Repository.read(f)))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String strip(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", "");
    }

    /** The text of the argument list that starts at {@code start} (just after the opening parenthesis). */
    private static String argument(String text, int start) {
        int depth = 1;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return text.substring(start, i);
            }
        }
        throw new AssertionError("Unbalanced parentheses after offset " + start);
    }

    /** The body of {@code interface name} in {@code source}, nested interfaces included. */
    private static String body(Source source, String name) {
        Matcher declaration = Pattern.compile("\\binterface\\s+" + Pattern.quote(name) + "\\b[^{]*\\{").matcher(source.text());
        if (!declaration.find()) {
            throw new AssertionError(source.file() + " declares no interface " + name);
        }
        int depth = 1;
        for (int i = declaration.end(); i < source.text().length(); i++) {
            char c = source.text().charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return source.text().substring(declaration.end(), i);
            }
        }
        throw new AssertionError(source.file() + ": unbalanced braces in interface " + name);
    }

    private static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Set<String> names(Pattern annotation, String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = annotation.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
