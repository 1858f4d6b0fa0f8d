package io.segmentation.testing;

import java.io.File;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession per test JVM (Surefire runs every test class in one fork), with Delta Lake
 * configured the way the job configures it. Never stopped by a test.
 */
public abstract class SparkTestBase {
  private static SparkSession session;

  protected static synchronized SparkSession spark() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("customer-segmentation-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.default.parallelism", "2")
              .config("spark.sql.session.timeZone", "UTC")
              // The defaults that differ between the Spark lines, as cli/Sessions sets them.
              .config("spark.sql.ansi.enabled", "true")
              .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
              // Settings the job's session always makes (cli/Sessions), so a spark-lane test sees
              // the plans a run sees, whether or not a whole-job test ran first in this JVM.
              .config("spark.sql.adaptive.enabled", "false")
              .config("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "false")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config(
                  "spark.sql.warehouse.dir",
                  new File("target/test-spark-warehouse").getAbsolutePath())
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** The shared data folder ({@code ../shared}), from the build or the working directory. */
  protected static Path sharedDir() {
    return Path.of(System.getProperty("shared.dir", "../shared")).toAbsolutePath().normalize();
  }
}
