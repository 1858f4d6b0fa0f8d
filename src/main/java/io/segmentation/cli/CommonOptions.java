package io.segmentation.cli;

import io.segmentation.config.ConfigLoader;
import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command shares (DESIGN.md, "Command line"). */
final class CommonOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON configuration file (see conf/). Defaults: the bundled reference.conf.")
  String config;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      description = "Invoices: file, folder or glob; local, hdfs://, s3a://. Wins over input.path.")
  String input;

  @Option(
      names = "--output",
      paramLabel = "PATH",
      description = "Warehouse folder for the Delta tables. Wins over output.path.")
  String output;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one configuration key (repeatable), e.g. --set model.k=4.")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description =
          "Run id recorded in every table (default: UTC time stamp). Rerunning an id is idempotent.")
  String runId;

  @Option(
      names = "--verbose",
      description =
          "Show Spark's INFO logs and its expected warnings (otherwise in the log file only)"
              + " while this command runs.")
  boolean verbose;

  @Option(
      names = "--summary-json",
      paramLabel = "PATH",
      description =
          "Where run and score write the run summary JSON (default: OUTPUT/runs/RUN_ID/summary.json; report.html goes beside it). Local path or Hadoop URI.")
  String summaryJson;

  /** The effective configuration tree (for the run log), resolved with all sources. */
  com.typesafe.config.Config effective() {
    return ConfigLoader.effective(Optional.ofNullable(config), sets, overrides());
  }

  JobConfig load() {
    return ConfigLoader.load(Optional.ofNullable(config), sets, overrides());
  }

  private Map<String, String> overrides() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("input.path", input);
    o.put("output.path", output);
    return o;
  }

  String runId() {
    if (runId == null) {
      return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
          .format(ZonedDateTime.now(ZoneOffset.UTC));
    }
    if (!runId.matches("[A-Za-z0-9][A-Za-z0-9._:+-]{0,99}")) {
      throw Errors.badConfigValue(
          "--run-id", runId, "it may use letters, digits and . _ : + - (at most 100)");
    }
    return runId;
  }
}
