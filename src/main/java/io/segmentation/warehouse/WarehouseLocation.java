package io.segmentation.warehouse;

import io.segmentation.errors.Errors;
import io.segmentation.errors.StorageFailures;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The first touch of the output (warehouse) path, before any work: a missing filesystem connector
 * or an unreachable endpoint fails the run at once (exit 3) instead of after the model is fitted.
 * Writes nothing.
 */
public final class WarehouseLocation {
  private WarehouseLocation() {}

  /** Resolves the path's filesystem and asks whether the folder exists (it need not). */
  public static void check(SparkSession spark, String path) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path p = new Path(path);
      p.getFileSystem(conf).exists(p);
    } catch (IOException | RuntimeException | LinkageError e) {
      throw StorageFailures.translate(path, e, conf, detail -> Errors.outputUnusable(path, detail));
    }
  }
}
