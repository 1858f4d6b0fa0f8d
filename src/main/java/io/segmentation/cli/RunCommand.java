package io.segmentation.cli;

import io.segmentation.config.ConfigLoader;
import io.segmentation.config.JobConfig;
import io.segmentation.pipeline.RunSummary;
import io.segmentation.pipeline.SegmentationJob;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code run}: the whole pipeline. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Read, clean, build customer features, choose k by silhouette, fit KMeans, name the segments and",
      "write the Delta star schema (dim_date, dim_country, dim_customer, dim_cluster, segment_profile, fact_sales,",
      "fact_clustering) and the run tables (model_selection, data_quality, rejected_rows, run_log)."
    })
final class RunCommand implements Callable<Integer> {
  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JobConfig config = options.load();
    String effective = ConfigLoader.render(options.effective());
    String runId = options.runId();
    SparkSession spark = Sessions.getOrCreate("customer-segmentation run " + runId);
    if (options.verbose) {
      spark.sparkContext().setLogLevel("INFO");
    }
    RunSummary summary = new SegmentationJob(spark, config, effective, runId).run();
    ConsoleReport.print(summary, spec.commandLine().getOut());
    return 0;
  }
}
