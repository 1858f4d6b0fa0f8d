package io.segmentation.cli;

import io.segmentation.config.JobConfig;
import io.segmentation.generate.InvoiceGenerator;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scala.Tuple2;

/** {@code generate}: synthetic invoices with planted customer archetypes. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a deterministic synthetic invoice data set (UCI Online Retail columns) with planted customer",
      "archetypes (loyal high spenders, steady regulars, one-off buyers, frequent cancellers, lapsed) and",
      "real-world quirks (guest rows, C-prefixed cancellations, postage lines, duplicate lines).",
      "Writes OUTPUT/invoices/*.csv and OUTPUT/ground_truth/customers.csv (each customer's archetype)."
    })
final class GenerateCommand implements Callable<Integer> {
  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Option(
      names = "--customers",
      paramLabel = "N",
      description = "Number of customers (default: generate.customers = 2000).")
  Integer customers;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "Random seed (default: generate.seed = 7).")
  Long seed;

  @Override
  public Integer call() throws Exception {
    if (customers != null) {
      options.sets.add("generate.customers=" + customers);
    }
    if (seed != null) {
      options.sets.add("generate.seed=" + seed);
    }
    JobConfig config = options.load();
    JobConfig.Generate g = config.generate();
    String out = config.output().path();
    InvoiceGenerator.Summary s =
        new InvoiceGenerator(g.customers(), g.seed(), g.startDate(), g.endDate())
            .write(out, hadoopConf());
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "generated %,d invoice lines for %,d customers in %d files under %s/%s; ground truth in %s/%s%n",
            s.lines(),
            s.customers(),
            s.files(),
            out,
            InvoiceGenerator.INVOICES_DIR,
            out,
            InvoiceGenerator.GROUND_TRUTH);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * Hadoop settings as a Spark job sees them: the spark.hadoop.* values of --conf and
   * spark-defaults.
   */
  private static Configuration hadoopConf() {
    Configuration conf = new Configuration();
    for (Tuple2<String, String> setting : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
      conf.set(setting._1(), setting._2());
    }
    return conf;
  }
}
