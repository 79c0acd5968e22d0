package dev.stockpulse.logging.json.deployment;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.LogConsoleFormatBuildItem;

import dev.stockpulse.logging.json.JsonLogRecorder;

class JsonLogProcessor {

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem("stockpulse-json-logging");
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    LogConsoleFormatBuildItem consoleFormat(JsonLogRecorder recorder) {
        return new LogConsoleFormatBuildItem(recorder.consoleFormatter());
    }
}
