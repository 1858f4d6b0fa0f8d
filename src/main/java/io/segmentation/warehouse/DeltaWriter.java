package io.segmentation.warehouse;

import io.delta.tables.DeltaTable;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the output tables as Delta tables under one warehouse folder. Every commit carries the
 * run id in {@code userMetadata}; appends are idempotent per run id ({@code txnAppId} /
 * {@code txnVersion}), so a retried run adds nothing twice. Each write is one atomic Delta commit.
 */
public final class DeltaWriter {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaWriter.class);
  private static final String APP_ID_PREFIX = "customer-segmentation:";

  private final SparkSession spark;
  private final String root;
  private final String runId;
  private final Optional<String> database;

  public DeltaWriter(SparkSession spark, String root, String runId, Optional<String> database) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.runId = runId;
    this.database = database;
  }

  /** The folder of a table. */
  public String path(TableSpec table) {
    return root + "/" + table.name();
  }

  /** Replaces the table's content in one commit; small tables go to one file. */
  public long overwrite(TableSpec table, Dataset<Row> rows, boolean small) {
    return write(table, rows, small, "overwrite", Map.of("overwriteSchema", "true"));
  }

  /** Appends the run's rows once: a retry of the same run id is skipped by Delta. */
  public long append(TableSpec table, Dataset<Row> rows, boolean small) {
    return write(table, rows, small, "append", Map.of("txnAppId", APP_ID_PREFIX + runId, "txnVersion", "0"));
  }

  private long write(TableSpec table, Dataset<Row> rows, boolean small, String mode, Map<String, String> options) {
    Dataset<Row> conformed = table.conform(rows);
    if (small) {
      conformed = conformed.coalesce(1);
    }
    conformed
        .write()
        .format("delta")
        .mode(mode)
        .options(options)
        .option("userMetadata", runId)
        .save(path(table));
    return committed(table);
  }

  private long committed(TableSpec table) {
    long version =
        DeltaTable.forPath(spark, path(table)).history(1).select("version").first().getLong(0);
    LOG.info("wrote {} (version {})", path(table), version);
    database.ifPresent(
        db -> {
          spark.sql("CREATE DATABASE IF NOT EXISTS `" + db + "`");
          spark.sql(
              "CREATE TABLE IF NOT EXISTS `" + db + "`.`" + table.name() + "` USING DELTA LOCATION '"
                  + path(table).replace("'", "\\'") + "'");
        });
    return version;
  }
}
