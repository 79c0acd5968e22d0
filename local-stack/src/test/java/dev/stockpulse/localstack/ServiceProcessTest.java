package dev.stockpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The JVM options a service is started with: the base image's, with the service's own collector time goal. */
class ServiceProcessTest {

    @Test
    void eachServiceGetsTheBaseImagesOptionsWithItsOwnTimeGoalOnce() {
        for (StockPulseService service : StockPulseService.all()) {
            assertThat(ServiceProcess.jvmOptions(service)).as(service.moduleName())
                    .hasSameSizeAs(ServiceProcess.CONTAINER_JVM_OPTIONS)
                    .contains("-XX:+UseParallelGC", "-XX:MaxHeapFreeRatio=20")
                    .filteredOn(o -> o.startsWith("-XX:GCTimeRatio="))
                    .containsExactly("-XX:GCTimeRatio=" + service.gcTimeRatio());
        }
        assertThat(ServiceProcess.jvmOptions(StockPulseService.INVENTORY)).contains("-XX:GCTimeRatio=19");
        assertThat(ServiceProcess.jvmOptions(StockPulseService.GATEWAY)).contains("-XX:GCTimeRatio=4");
    }
}
