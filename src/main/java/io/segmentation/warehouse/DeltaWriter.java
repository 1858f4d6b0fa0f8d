package io.segmentation.warehouse;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the output tables as Delta tables under one warehouse folder, the way Power BI and other
 * engines can read them: protocol reader 1 / writer 2 with the table properties set explicitly
 * ({@link #TABLE_PROPERTIES}), a comment on the table and on every column, one atomic commit per
 * table carrying the run id in {@code userMetadata}.
 *
 * <p>Safe to use from several threads at once, one table per thread.
 *
 * <p>Overwrites are remembered: {@link #rollback()} restores every table this writer overwrote to
 * the version it had before, so a failed run leaves the star schema as the previous run left it.
 * Appends are idempotent per run id ({@code txnAppId}/{@code txnVersion}): a retried run adds
 * nothing twice, and completes what a failed attempt did not append.
 */
public final class DeltaWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaWriter.class);
  private static final String APP_ID_PREFIX = "customer-segmentation:";
  private static final String USER_METADATA_CONF = "spark.databricks.delta.commitInfo.userMetadata";

  /** Set on every table at creation, so readers never meet a feature they do not know. */
  public static final Map<String, String> TABLE_PROPERTIES =
      Map.of(
          "delta.enableDeletionVectors", "false",
          "delta.columnMapping.mode", "none",
          "delta.checkpointPolicy", "classic");

  private final SparkSession spark;
  private final String root;
  private final String runId;
  private final Optional<String> database;
  private final String previousUserMetadata;
  private final TableFiles files;
  private final Map<String, Long> overwritten = Collections.synchronizedMap(new LinkedHashMap<>());

  /** In {@link #overwritten}: the table's folder did not exist before this run created it. */
  private static final long CREATED = -1;

  /**
   * Tables may be written from several threads at once (their commits are independent); Delta
   * commands that read the run id from the session (create, restore) and catalog registration take
   * turns.
   */
  private static final Object SESSION_COMMANDS = new Object();

  /**
   * Opens a writer for one run. Until {@link #close()}, the session's commits carry the run id in
   * {@code userMetadata}: the writes set it as an option too, but Delta commands and CREATE TABLE
   * AS SELECT read it from the session only.
   */
  public DeltaWriter(SparkSession spark, String root, String runId, Optional<String> database) {
    this.spark = spark;
    this.previousUserMetadata = spark.conf().getOption(USER_METADATA_CONF).getOrElse(() -> null);
    this.files = new TableFiles(spark.sparkContext().hadoopConfiguration());
    spark.conf().set(USER_METADATA_CONF, runId);
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.runId = runId;
    this.database = database;
  }

  /** The folder of a table. */
  public String path(TableSpec table) {
    return root + "/" + table.name();
  }

  /**
   * Replaces the table's content in one commit; small tables go to one file. A table that does not
   * exist yet is created and filled in that same commit (version 0), with its comment and
   * properties.
   */
  public long overwrite(TableSpec table, Dataset<Row> rows, boolean small) {
    Dataset<Row> conformed = conform(table, rows, small);
    if (!files.exists(path(table))) {
      overwritten.putIfAbsent(table.name(), CREATED);
      return create(table, conformed, Map.of());
    }
    long before = ensureTable(table, conformed);
    overwritten.putIfAbsent(table.name(), before);
    return write(table, conformed, "overwrite", Map.of("overwriteSchema", "true"));
  }

  /** Appends the run's rows once: a retry of the same run id is skipped by Delta. */
  public long append(TableSpec table, Dataset<Row> rows, boolean small) {
    return append(table, rows, small, runId);
  }

  /** As {@link #append(TableSpec, Dataset, boolean)} with its own idempotency key. */
  public long append(TableSpec table, Dataset<Row> rows, boolean small, String idempotencyKey) {
    Dataset<Row> conformed = conform(table, rows, small);
    Map<String, String> once =
        Map.of("txnAppId", APP_ID_PREFIX + idempotencyKey, "txnVersion", "0");
    if (!files.exists(path(table))) {
      // The first rows create the table, their transaction id in the same commit: a retry of the
      // run id finds it and appends nothing. No CREATE commit, no snapshot of an empty table.
      return create(table, conformed, once);
    }
    ensureTable(table, conformed);
    // mergeSchema: tables written before a column was added (such as run_log's drift columns)
    // gain it on the next append instead of failing.
    Map<String, String> options = new LinkedHashMap<>(once);
    options.put("mergeSchema", "true");
    return write(table, conformed, "append", options);
  }

  /**
   * Restores every table this writer overwrote to its version before the run; a table this run
   * created is removed. Returns the tables restored. Failures to restore one table are logged and
   * do not stop the others.
   */
  public List<String> rollback() {
    List<String> restored = new ArrayList<>();
    for (Map.Entry<String, Long> e : overwritten.entrySet()) {
      String path = root + "/" + e.getKey();
      try {
        if (e.getValue() == CREATED) {
          if (files.removeCreated(path)) {
            restored.add(e.getKey());
          }
          continue;
        }
        DeltaTable table = DeltaTable.forPath(spark, path);
        long current = files.latestVersion(path);
        if (current > e.getValue()) {
          withUserMetadata(() -> table.restoreToVersion(e.getValue()));
          restored.add(e.getKey());
          LOG.warn("restored {} to version {} after the failed run", path, e.getValue());
        }
      } catch (Exception ex) {
        LOG.error("could not restore {} to version {}: {}", path, e.getValue(), ex.toString());
      }
    }
    return restored;
  }

  /**
   * Creates the table with its first rows in one commit (CREATE TABLE AS SELECT through Delta's
   * catalog on the path): the comment, the properties, the column comments of the conformed schema
   * and the run id. A separate CREATE commit would cost a commit and a snapshot per table. {@code
   * options} are Delta write options ({@code txnAppId}/{@code txnVersion} are recorded in the
   * commit).
   */
  private long create(TableSpec table, Dataset<Row> conformed, Map<String, String> options) {
    String path = path(table);
    CreateTableWriter<Row> writer =
        conformed
            .writeTo("delta.`" + path.replace("`", "``") + "`")
            .using("delta")
            .options(options)
            .tableProperty(TableCatalog.PROP_COMMENT, table.comment());
    for (Map.Entry<String, String> p : properties(table).entrySet()) {
      writer = writer.tableProperty(p.getKey(), p.getValue());
    }
    try {
      writer.create();
    } catch (TableAlreadyExistsException e) {
      // Another writer created it since the version check: the run's lock makes this a bug.
      throw new IllegalStateException("table " + path + " appeared while this run created it", e);
    }
    long version = version(table);
    LOG.info("created {} (version {})", path, version);
    database.ifPresent(db -> register(db, table));
    return version;
  }

  /** {@link #TABLE_PROPERTIES} and the table's own. */
  private static Map<String, String> properties(TableSpec table) {
    Map<String, String> all = new LinkedHashMap<>(TABLE_PROPERTIES);
    all.putAll(table.properties());
    return all;
  }

  private Dataset<Row> conform(TableSpec table, Dataset<Row> rows, boolean small) {
    Dataset<Row> conformed = table.conform(rows);
    return small ? conformed.coalesce(1) : conformed;
  }

  /**
   * Creates the table (comment, properties, schema with comments) if needed; returns its version.
   */
  private long ensureTable(TableSpec table, Dataset<Row> conformed) {
    String path = path(table);
    if (files.latestVersion(path) < 0) {
      files.removeUncommittedLog(path);
      DeltaTableBuilder builder =
          DeltaTable.createIfNotExists(spark)
              .location(path)
              .addColumns(conformed.schema())
              .comment(table.comment());
      for (Map.Entry<String, String> p : properties(table).entrySet()) {
        builder = builder.property(p.getKey(), p.getValue());
      }
      DeltaTableBuilder create = builder;
      withUserMetadata(create::execute);
    }
    return version(table);
  }

  private long write(
      TableSpec table, Dataset<Row> conformed, String mode, Map<String, String> options) {
    conformed
        .write()
        .format("delta")
        .mode(mode)
        .options(options)
        .option("userMetadata", runId)
        .save(path(table));
    long version = version(table);
    LOG.info("wrote {} (version {})", path(table), version);
    database.ifPresent(db -> register(db, table));
    return version;
  }

  private void register(String db, TableSpec table) {
    synchronized (SESSION_COMMANDS) {
      registerLocked(db, table);
    }
  }

  private void registerLocked(String db, TableSpec table) {
    spark.sql("CREATE DATABASE IF NOT EXISTS `" + db + "`");
    spark.sql(
        "CREATE TABLE IF NOT EXISTS `"
            + db
            + "`.`"
            + table.name()
            + "` USING DELTA LOCATION '"
            + path(table).replace("\\", "\\\\").replace("'", "\\'")
            + "'");
  }

  private long version(TableSpec table) {
    return files.latestVersion(path(table));
  }

  /**
   * Runs a Delta command (create, restore) one at a time; its commit carries the run id through the
   * session setting that {@link #DeltaWriter} set.
   */
  private void withUserMetadata(Runnable command) {
    synchronized (SESSION_COMMANDS) {
      command.run();
    }
  }

  /** Puts the session's user-metadata setting back as it was before this writer. */
  @Override
  public void close() {
    if (previousUserMetadata == null) {
      spark.conf().unset(USER_METADATA_CONF);
    } else {
      spark.conf().set(USER_METADATA_CONF, previousUserMetadata);
    }
  }
}
