package dev.stockpulse.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.stockpulse.localstack.FreePorts;
import dev.stockpulse.localstack.Infrastructure;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.LocalSystem;
import dev.stockpulse.localstack.ServiceProcess;
import dev.stockpulse.localstack.StockPulseService;

/**
 * The packaged services in their prod profile (no QUARKUS_PROFILE) refuse to start without a real JWT key, refuse
 * the development key that the local and test profiles trust, and refuse CORS for any origin.
 */
class ProdProfileTest {

    @ParameterizedTest
    @EnumSource(StockPulseService.class)
    void prodRefusesToStartWithoutAKeyOrWithTheDevelopmentKeyOrAnyOrigin(StockPulseService service) throws Exception {
        Path root = Path.of(System.getProperty("stockpulse.repository.root", "..")).toAbsolutePath().normalize();
        Infrastructure infra = LocalStack.shared();
        service.database().ifPresent(infra::createDatabase);
        Map<String, String> env = new HashMap<>(LocalSystem.environment(service, infra));
        env.remove("QUARKUS_PROFILE");

        String withoutKey = startAndExpectRefusal(root, service, env, "no-key");
        assertThat(withoutKey).contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION");

        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "META-INF/stockpulse/dev-jwt-public-key.pem");
        env.put("MP_JWT_VERIFY_ISSUER", "stockpulse-dev");
        String withDevKey = startAndExpectRefusal(root, service, env, "dev-key");
        assertThat(withDevKey).contains("refuses the development JWT key");

        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", identityProviderKey(root).toUri().toString());
        env.put("MP_JWT_VERIFY_ISSUER", "https://idp.example.com");
        env.put("QUARKUS_HTTP_CORS_ORIGINS", "https://ops.example.com,*");
        String withAnyOrigin = startAndExpectRefusal(root, service, env, "any-origin");
        assertThat(withAnyOrigin).contains("refuses quarkus.http.cors.origins=*");
    }

    /** A public key that is not the development one, as an identity provider would publish it. */
    private static Path identityProviderKey(Path root) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Path key = root.resolve("system-tests/target/idp-public-key.pem");
        Files.createDirectories(key.getParent());
        return Files.writeString(key, pem);
    }

    private static String startAndExpectRefusal(Path root, StockPulseService service, Map<String, String> env, String name) {
        Path logs = root.resolve("system-tests/target/service-logs/prod-" + name);
        ServiceProcess process = ServiceProcess.start(service, service.jar(root), FreePorts.find(), env, logs);
        try {
            OptionalInt exit = process.awaitExit(Duration.ofSeconds(90));
            assertThat(exit).as("%s in prod must refuse to start (%s); log:%n%s", service.moduleName(), name, process.tail(30))
                    .isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            String log = process.tail(200);
            // Prod logs one JSON object per line, for a log collector; the refusal is among them.
            assertThat(log.lines().filter(line -> !line.isBlank() && !line.startsWith("OpenJDK")))
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line).startsWith("{\"timestamp\":").endsWith("}"));
            return log;
        } finally {
            process.close();
        }
    }
}
