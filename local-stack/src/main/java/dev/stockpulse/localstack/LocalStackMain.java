package dev.stockpulse.localstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code run-local.sh}: the whole StockPulse system in the foreground until Ctrl-C. Kafka prefers port 9092 and
 * PostgreSQL 5432; when those are taken, free ports are used and printed.
 */
public final class LocalStackMain {

    public static final String DEMO_TENANT = "demo";

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path logDir = root.resolve(".local-stack/logs");
        say("starting Kafka (KRaft) and PostgreSQL");
        Infrastructure infrastructure = LocalStack.start(9092, 5432);
        say("Kafka at " + infrastructure.kafkaBootstrapServers() + ", PostgreSQL at "
                + infrastructure.postgresHost() + ":" + infrastructure.postgresPort());
        LocalSystem system;
        try {
            system = LocalSystem.start(root, infrastructure, Map.of(), logDir, LocalStackMain::say);
        } catch (RuntimeException e) {
            infrastructure.close();
            System.err.println("[local-stack] could not start the system: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping services, Kafka and PostgreSQL");
            system.close();
            infrastructure.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        printWelcome(system, logDir);
        stopped.await();
    }

    private static void printWelcome(LocalSystem system, Path logDir) {
        String inventory = system.service(StockPulseService.INVENTORY).baseUrl();
        String sales = system.service(StockPulseService.SALES).baseUrl();
        String gateway = system.service(StockPulseService.GATEWAY).baseUrl();
        String userToken = DevTokens.user(DEMO_TENANT, "demo-user");
        String adminToken = DevTokens.admin(DEMO_TENANT, "demo-admin");
        System.out.println("""

                StockPulse is running. Ctrl-C stops everything.

                  inventory-service  %1$s   (OpenAPI: %1$s/q/openapi)
                  sales-service      %2$s   (OpenAPI: %2$s/q/openapi)
                  realtime-gateway   %3$s   (WebSocket: %4$s/ws?channels=all)
                  live dashboard     %3$s/dashboard/#token=%8$s
                  logs               %5$s

                Tokens for tenant "%6$s" (dev key, accepted only by the dev/local/test profiles; valid 12 h):
                  user  (demo-user):  %7$s
                  admin (demo-admin): %8$s

                Try it:
                  export TOKEN=%8$s
                  curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                       -d '{"code":"WH-1","name":"Main warehouse"}' %1$s/api/warehouses
                """.formatted(inventory, sales, gateway, gateway.replace("http", "ws"), logDir, DEMO_TENANT,
                userToken, adminToken));
    }

    private static void say(String message) {
        System.out.println("[local-stack] " + message);
    }
}
