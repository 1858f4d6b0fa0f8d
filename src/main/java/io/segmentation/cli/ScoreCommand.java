package io.segmentation.cli;

import io.segmentation.config.JobConfig;
import io.segmentation.pipeline.ScoringJob;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code score}: assign customers of new input to a saved model's segments, without retraining. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Assign the customers of new invoices to the segments of a saved model (the model_path of a run in",
      "run_log), with the same features and transforms, without refitting. Writes the Delta table",
      "OUTPUT/scored_customers (customer_id, cluster_key, segment_name, distance_to_centroid, run_id),",
      "holding the warehouse lock as run does (exit 5 while another run or score writes the warehouse)."
    })
final class ScoreCommand implements Callable<Integer> {
  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "PATH",
      description = "Saved model folder (run_log.model_path).")
  String model;

  @Override
  public Integer call() {
    JobConfig config = options.load();
    String runId = options.runId();
    SparkSession spark = Sessions.getOrCreate("customer-segmentation score " + runId);
    ScoringJob.Result r;
    try (Sessions.LogLevel logs = Sessions.verbose(spark, options.verbose)) {
      r = new ScoringJob(spark, config, runId).score(model);
    }
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "scored %,d customers into %d segments; table %s%n",
            r.customers(),
            r.segments(),
            r.table());
    // Population drift of the scored customers against the model's training population.
    if (r.drift() != null) {
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "population drift against the model's training customers: max PSI %s%s%n",
              Double.isNaN(r.drift().maxPsi())
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.3f", r.drift().maxPsi()),
              r.drift().alert() ? " (above drift.max-psi: consider refitting)" : "");
      // Warnings go to stderr, as run prints its own.
      r.drift().warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
      spec.commandLine().getErr().flush();
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
