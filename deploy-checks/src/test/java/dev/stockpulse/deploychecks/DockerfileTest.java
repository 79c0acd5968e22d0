package dev.stockpulse.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service's Dockerfile.jvm packages what `./mvnw package` produces and matches the service's settings. */
class DockerfileTest {

    static List<String> services() {
        return Repository.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void theImageCopiesTheFastJarAndExposesTheServicesPort(String module) {
        ServiceSettings settings = ServiceSettings.of(module);
        String dockerfile = Repository.read(dockerfile(module));

        assertThat(lines(dockerfile, "EXPOSE")).as("%s's EXPOSE", module)
                .containsExactly(String.valueOf(settings.httpPort()));
        List<String> copies = lines(dockerfile, "COPY");
        assertThat(copies).as("%s's COPY instructions", module).isNotEmpty();
        for (String copy : copies) {
            String[] words = copy.replaceAll("--\\S+\\s+", "").trim().split("\\s+");
            assertThat(words[0]).as("%s copies only what `./mvnw package` leaves in target/quarkus-app", module)
                    .startsWith("target/quarkus-app/");
        }
        assertThat(dockerfile).as("%s runs the fast-jar launcher", module)
                .contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
        assertThat(settings.keys()).as("%s keeps Quarkus' default fast-jar packaging, which the Dockerfile expects",
                module).doesNotContain("quarkus.package.jar.type");
        assertThat(lines(dockerfile, "USER")).as("%s runs as the base image's non-root user", module).containsExactly("185");
    }

    @ParameterizedTest
    @MethodSource("services")
    void theBaseImageRunsTheJavaReleaseTheBuildTargetsAndHasBash(String module) {
        String dockerfile = Repository.read(dockerfile(module));
        Matcher base = Pattern.compile("ARG BASE_IMAGE=(\\S+)").matcher(dockerfile);
        assertThat(base.find()).as("%s names its base image", module).isTrue();
        Matcher release = Pattern.compile("<maven.compiler.release>(\\d+)</maven.compiler.release>")
                .matcher(Repository.read(Repository.path("pom.xml")));
        assertThat(release.find()).isTrue();
        // ubi9/openjdk-NN-runtime: bash is there (docker-compose.yml's health checks use it) and Java NN runs the build.
        assertThat(base.group(1)).as("%s's base image", module)
                .startsWith("registry.access.redhat.com/ubi9/openjdk-" + release.group(1) + "-runtime:");
    }

    @ParameterizedTest
    @MethodSource("services")
    void theCollectorsTimeGoalIsTheOneTheLocalRunAndTheBenchUse(String module) {
        Matcher image = Pattern.compile("(?m)^ENV GC_TIME_RATIO=(\\d+)$").matcher(Repository.read(dockerfile(module)));
        // Without the variable, the base image's run-java.sh passes -XX:GCTimeRatio=4.
        String imageRatio = image.find() ? image.group(1) : "4";
        Matcher local = Pattern.compile("\\(\"" + Pattern.quote(module) + "\", \\d+, [^,]+, (\\d+)\\)")
                .matcher(Repository.read(Repository.path("local-stack/src/main/java/dev/stockpulse/localstack/StockPulseService.java")));
        assertThat(local.find()).as("local-stack's StockPulseService names %s's time goal", module).isTrue();
        assertThat(local.group(1)).as("%s's GC_TIME_RATIO in its image and in local-stack", module).isEqualTo(imageRatio);
    }

    @ParameterizedTest
    @MethodSource("services")
    void theBuildContextIsOnlyThePackagedApplication(String module) {
        String ignore = Repository.read(Path.of(dockerfile(module) + ".dockerignore"));
        assertThat(ignore.lines().filter(l -> !l.startsWith("#")).toList()).containsExactly("*", "!target/quarkus-app");
    }

    private static Path dockerfile(String module) {
        return Repository.path(module + "/src/main/docker/Dockerfile.jvm");
    }

    private static List<String> lines(String dockerfile, String instruction) {
        return dockerfile.lines()
                .filter(l -> l.startsWith(instruction + " "))
                .map(l -> l.substring(instruction.length() + 1).trim())
                .toList();
    }
}
