package dev.stockpulse.logging.json;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the console log is written. */
@ConfigMapping(prefix = "stockpulse.log")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface JsonLogConfig {

    /**
     * Write each console log line as one JSON object (for log collectors) instead of the readable pattern of
     * {@code quarkus.log.console.format}. On in the prod profile, off in dev, test and local.
     */
    @WithDefault("false")
    boolean json();
}
