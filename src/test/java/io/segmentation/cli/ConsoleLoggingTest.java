package io.segmentation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/log4j2.properties, the logging submit.sh gives the driver: the console shows the job's own
 * lines and Spark's warnings and errors, but Spark's expected warnings of a large run go to the log
 * file only, unless {@code --verbose} ({@link Sessions#everyLineOnConsole}) asks for them.
 */
@Tag("unit")
class ConsoleLoggingTest {
  static final String MEMORY_STORE = "org.apache.spark.storage.memory.MemoryStore";
  static final String DAG_SCHEDULER = "org.apache.spark.scheduler.DAGScheduler";
  static final String NOT_ENOUGH_SPACE =
      "Not enough space to cache rdd_12_3 in memory! (computed 118.4 MiB so far)";
  static final String LARGE_BINARY = "Broadcasting large task binary with size 1484.3 KiB";

  @TempDir Path tmp;

  @Test
  void expectedSparkWarningsGoToTheLogFileOnly() throws Exception {
    Logged logged =
        logged(
            context -> {
              context.getLogger("io.segmentation.pipeline.SegmentationJob").info("features: 2,000");
              context.getLogger(MEMORY_STORE).warn(NOT_ENOUGH_SPACE);
              context.getLogger(DAG_SCHEDULER).warn(LARGE_BINARY);
              context.getLogger(DAG_SCHEDULER).info("Job 3 finished");
              context.getLogger(DAG_SCHEDULER).error("ShuffleMapStage 4 failed");
              context.getLogger("org.apache.spark.executor.Executor").warn("Task 1 lost");
            });
    assertThat(logged.console())
        .contains("features: 2,000", "ShuffleMapStage 4 failed", "Task 1 lost")
        .doesNotContain(NOT_ENOUGH_SPACE, LARGE_BINARY, "Job 3 finished");
    assertThat(logged.file())
        .contains(
            "features: 2,000",
            NOT_ENOUGH_SPACE,
            LARGE_BINARY,
            "ShuffleMapStage 4 failed",
            "Task 1 lost")
        .doesNotContain("Job 3 finished");
  }

  @Test
  void verboseShowsThemOnTheConsoleForTheCommandOnly() throws Exception {
    Logged logged =
        logged(
            context -> {
              // What --verbose does: Spark's setLogLevel raises the root, then the quiet loggers.
              setRootLevel(context, Level.INFO);
              Runnable quietAgain = Sessions.everyLineOnConsole(context);
              context.getLogger(MEMORY_STORE).warn(NOT_ENOUGH_SPACE);
              context.getLogger(DAG_SCHEDULER).warn(LARGE_BINARY);
              context.getLogger(DAG_SCHEDULER).info("Job 3 finished");
              quietAgain.run();
              setRootLevel(context, Level.WARN);
              context.getLogger(MEMORY_STORE).warn("a warning after the command");
              context.getLogger(DAG_SCHEDULER).error("an error after the command");
            });
    assertThat(logged.console())
        .contains(NOT_ENOUGH_SPACE, LARGE_BINARY, "Job 3 finished", "an error after the command")
        .doesNotContain("a warning after the command");
    assertThat(logged.file()).contains(NOT_ENOUGH_SPACE, "a warning after the command");
  }

  private static void setRootLevel(LoggerContext context, Level level) {
    context.getConfiguration().getRootLogger().setLevel(level);
    context.updateLoggers();
  }

  record Logged(String console, String file) {}

  interface Logging {
    void to(LoggerContext context);
  }

  /**
   * Runs {@code logging} against a private logger context configured from conf/log4j2.properties
   * (the test JVM's own logging is untouched), with the console captured and the log file in tmp.
   */
  private Logged logged(Logging logging) throws Exception {
    Path logFile = tmp.resolve("logs/customer-segmentation.log");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    String property = System.getProperty("segmentation.log.file");
    System.setProperty("segmentation.log.file", logFile.toString());
    LoggerContext context = new LoggerContext("console-logging-test");
    try {
      System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
      // follow = true: the console appender writes to System.err as set now (the captured
      // stream), not through the test JVM's own console stream, which it would otherwise share.
      String conf =
          Files.readString(Path.of("conf/log4j2.properties"))
              + "\nappender.console.follow = true\n";
      Configuration config =
          new PropertiesConfigurationFactory()
              .getConfiguration(
                  context,
                  new ConfigurationSource(
                      new ByteArrayInputStream(conf.getBytes(StandardCharsets.UTF_8))));
      context.start(config);
      logging.to(context);
    } finally {
      context.stop();
      System.setErr(stderr);
      if (property == null) {
        System.clearProperty("segmentation.log.file");
      } else {
        System.setProperty("segmentation.log.file", property);
      }
    }
    return new Logged(
        console.toString(StandardCharsets.UTF_8),
        Files.exists(logFile) ? Files.readString(logFile) : "");
  }
}
