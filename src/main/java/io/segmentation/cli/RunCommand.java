package io.segmentation.cli;

import io.segmentation.config.ConfigLoader;
import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import io.segmentation.errors.UserException;
import io.segmentation.pipeline.SegmentationJob;
import io.segmentation.report.HtmlReport;
import io.segmentation.report.RunFiles;
import io.segmentation.report.SummaryJson;
import io.segmentation.summary.ReportData;
import io.segmentation.summary.RunSummary;
import io.segmentation.warehouse.JobVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code run}: the whole pipeline, then the run summary JSON and the HTML report. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Read, clean, build customer features, fit the lifetime-value models (P(alive),",
      "expected purchases, CLV), choose k by silhouette (the previous run's k is kept",
      "unless another beats it by model.k-switch-margin), fit KMeans, name the",
      "segments and write the Delta star schema (dim_date, dim_country, dim_customer,",
      "dim_cluster, segment_profile, fact_sales, fact_clustering) and the run tables",
      "(model_selection, data_quality, rejected_rows, fact_segment_history,",
      "segment_migration, clv_model, run_log). Then writes the run summary JSON (also",
      "for failed runs) and report.html beside it."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger("customer-segmentation");
  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JobConfig config = options.load();
    String effective = ConfigLoader.render(options.effective());
    String runId = options.runId();
    String summaryPath =
        options.summaryJson != null
            ? options.summaryJson
            : RunFiles.defaultSummaryPath(config.output().path(), runId);
    String reportPath = config.output().report() ? RunFiles.reportPathBeside(summaryPath) : null;
    SparkSession spark = Sessions.getOrCreate("customer-segmentation run " + runId);
    try (Sessions.LogLevel logs = Sessions.verbose(spark, options.verbose)) {
      return run(spark, config, effective, runId, summaryPath, reportPath);
    }
  }

  private int run(
      SparkSession spark,
      JobConfig config,
      String effective,
      String runId,
      String summaryPath,
      String reportPath) {
    Instant started = Instant.now();
    SummaryJson.Context context =
        new SummaryJson.Context(JobVersion.get(), spark.version(), effective, reportPath);
    // A failed run writes its summary to an explicit --summary-json path, or into a warehouse that
    // already exists; it never creates a warehouse folder just to say that it failed.
    boolean failureSummary =
        options.summaryJson != null
            || RunFiles.exists(spark.sparkContext().hadoopConfiguration(), config.output().path());
    RunSummary summary;
    SegmentationJob job = new SegmentationJob(spark, config, effective, runId);
    try {
      summary = job.run();
    } catch (UserException e) {
      if (failureSummary) {
        save(
            spark,
            summaryPath,
            SummaryJson.failed(runId, e.exitCode().code(), e.getMessage(), started, context));
      }
      throw e;
    } catch (RuntimeException e) {
      if (failureSummary) {
        save(
            spark,
            summaryPath,
            SummaryJson.failed(
                runId,
                1,
                "unexpected failure: " + Errors.firstLine(e.toString()),
                started,
                context));
      }
      throw e;
    }
    boolean summaryWritten = save(spark, summaryPath, SummaryJson.succeeded(summary, context));
    boolean reportWritten =
        reportPath != null
            && job.reportData().isPresent()
            && saveReport(spark, reportPath, summary, job.reportData().get());
    ConsoleReport.print(
        summary,
        spec.commandLine().getOut(),
        summaryWritten ? summaryPath : null,
        reportWritten ? reportPath : null);
    for (String warning : summary.warnings()) {
      spec.commandLine().getErr().println("warning: " + warning);
    }
    spec.commandLine().getErr().flush();
    return 0;
  }

  private static boolean saveReport(
      SparkSession spark, String path, RunSummary summary, ReportData data) {
    String html;
    try {
      html = HtmlReport.render(summary, data);
    } catch (RuntimeException e) { // the report is a by-product: never fail a run for it
      LOG.warn("could not draw the report: {}", Errors.firstLine(e.toString()), e);
      return false;
    }
    return save(spark, path, html);
  }

  /** Writes a run file; a failure is logged, not fatal: the tables are what the run is for. */
  private static boolean save(SparkSession spark, String path, String content) {
    try {
      RunFiles.write(
          spark.sparkContext().hadoopConfiguration(),
          path,
          content.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not write {}: {}", path, Errors.firstLine(e.toString()));
      return false;
    }
  }
}
