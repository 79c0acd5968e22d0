package dev.stockpulse.logging.json;

import java.util.Optional;
import java.util.logging.Formatter;

import io.quarkus.runtime.ApplicationConfig;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/** Hands Quarkus the console formatter when {@code stockpulse.log.json} is on; Quarkus keeps its pattern otherwise. */
@Recorder
public class JsonLogRecorder {

    private final RuntimeValue<JsonLogConfig> config;
    private final RuntimeValue<ApplicationConfig> application;

    public JsonLogRecorder(RuntimeValue<JsonLogConfig> config, RuntimeValue<ApplicationConfig> application) {
        this.config = config;
        this.application = application;
    }

    public RuntimeValue<Optional<Formatter>> consoleFormatter() {
        if (!config.getValue().json()) {
            return new RuntimeValue<>(Optional.empty());
        }
        return new RuntimeValue<>(Optional.of(new JsonLogFormatter(application.getValue().name().orElse(null))));
    }
}
