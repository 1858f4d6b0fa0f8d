package io.segmentation.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Builds (or joins) the job's SparkSession with Delta Lake configured. Never sets the master:
 * spark-submit (or submit.sh) does.
 */
final class Sessions {
  /** The console appender's name in conf/log4j2.properties. */
  static final String CONSOLE = "console";

  private static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
  private static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";
  private static final String CACHE_COMPRESSED = "spark.sql.inMemoryColumnarStorage.compressed";
  private static final String ADAPTIVE = "spark.sql.adaptive.enabled";
  private static final String LISTING_THRESHOLD =
      "spark.sql.sources.parallelPartitionDiscovery.threshold";

  private Sessions() {}

  static SparkSession getOrCreate(String appName) {
    SparkSession.Builder builder = SparkSession.builder();
    if (System.console() != null && System.getProperty("spark.ui.showConsoleProgress") == null) {
      // At a terminal, Spark's one-line progress bar shows that long stages are moving; in
      // scheduled runs (no terminal) it would only litter the logs.
      builder.config("spark.ui.showConsoleProgress", "true");
    }
    SparkSession spark =
        builder
            .appName(appName)
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
    // Invoice times are wall-clock times without a zone: keep them as written.
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    // Defaults that differ between the Spark lines (4.x: ANSI on, the new datetime parser; 3.5:
    // ANSI off, an error on patterns the parsers read differently), set so every line's jar
    // computes the same tables: ANSI semantics (overflow and bad casts fail, try_cast where a
    // value may not convert) and the current datetime parser (docs/platforms.md).
    spark.conf().set("spark.sql.ansi.enabled", "true");
    spark.conf().set("spark.sql.legacy.timeParserPolicy", "CORRECTED");
    // Keep every table readable by Power BI, Fabric, Synapse: protocol reader 1 / writer 2.
    spark.conf().set("spark.databricks.delta.properties.defaults.enableDeletionVectors", "false");
    // Wide feature tables: avoid the "truncated plan string" warning on the console.
    spark.conf().set("spark.sql.debug.maxToStringFields", "500");
    // Parquet timestamps as TIMESTAMP_MICROS (not the legacy INT96) for every reader.
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // Spark's default of 200 shuffle partitions makes thousands of tiny tasks on small inputs;
    // size it to the cores unless the user chose a value.
    if (!spark.sparkContext().getConf().contains(SHUFFLE_PARTITIONS)) {
      int cores = spark.sparkContext().defaultParallelism();
      spark.conf().set(SHUFFLE_PARTITIONS, String.valueOf(Math.max(8, 2 * cores)));
    }
    // Adaptive execution runs every shuffle stage as a Spark job of its own, to re-plan between
    // them; the job's shuffles are few and sized above, so re-planning saves nothing and the extra
    // jobs cost planning and scheduling time (docs/performance.md, "What matters for speed").
    if (!spark.sparkContext().getConf().contains(ADAPTIVE)) {
      spark.conf().set(ADAPTIVE, "false");
    }
    // Delta rebuilds a table's state from its log with this many tasks after every commit; the
    // default (50) turns each of the run's small commits into 50 tiny tasks. The job's tables
    // hold few files per version, so a few partitions, at most one per core, are enough.
    if (!spark.sparkContext().getConf().contains(SNAPSHOT_PARTITIONS)) {
      int cores = spark.sparkContext().defaultParallelism();
      spark.conf().set(SNAPSHOT_PARTITIONS, String.valueOf(Math.max(1, Math.min(8, cores))));
    }
    // The run caches the classified rows hash-partitioned by customer; downstream per-customer
    // aggregations and joins reuse that partitioning only if adaptive execution may not change a
    // cached plan's output partitioning (Spark's default lets it, and then reports none).
    spark.conf().set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "false");
    // The cached classified rows are read a few times and dropped at the end of the run:
    // compressing them costs more CPU, to build and to read, than the smaller cache saves. Spark
    // still spills cached blocks to disk when they do not fit in memory.
    if (!spark.sparkContext().getConf().contains(CACHE_COMPRESSED)) {
      spark.conf().set(CACHE_COMPRESSED, "false");
    }
    // A glob over more than 32 files (a folder of daily exports) makes Spark list them with a
    // distributed job, one task per file, on every read of the input. In local mode the "cluster"
    // is this process: listing on the driver is the same work without the job's scheduling.
    if (spark.sparkContext().isLocal()
        && !spark.sparkContext().getConf().contains(LISTING_THRESHOLD)) {
      spark.conf().set(LISTING_THRESHOLD, "100000");
    }
    return spark;
  }

  /**
   * Spark's INFO logs, and the expected warnings that otherwise go to the log file only, on the
   * console for the length of one command ({@code --verbose}). The levels from before come back on
   * close, so a session the command shares with its caller (a notebook, a test JVM) keeps its own
   * logging afterwards.
   */
  static LogLevel verbose(SparkSession spark, boolean verbose) {
    if (!verbose) {
      return () -> {};
    }
    Level before = LogManager.getRootLogger().getLevel();
    spark.sparkContext().setLogLevel(Level.INFO.name());
    Runnable quietAgain =
        LogManager.getContext(false) instanceof LoggerContext context
            ? everyLineOnConsole(context)
            : () -> {};
    return () -> {
      quietAgain.run();
      spark.sparkContext().setLogLevel(before.name());
    };
  }

  /**
   * Lets every line of the loggers that send only their errors to the console (the expected
   * warnings of conf/log4j2.properties) reach the console too; the returned action puts their
   * console level back.
   */
  static Runnable everyLineOnConsole(LoggerContext context) {
    Configuration config = context.getConfiguration();
    List<Runnable> undo = new ArrayList<>();
    for (LoggerConfig logger : config.getLoggers().values()) {
      for (AppenderRef ref : logger.getAppenderRefs()) {
        Appender appender = config.getAppender(ref.getRef());
        if (ref.getLevel() != null && appender != null && ref.getRef().equals(CONSOLE)) {
          logger.removeAppender(CONSOLE);
          logger.addAppender(appender, null, ref.getFilter());
          undo.add(
              () -> {
                logger.removeAppender(CONSOLE);
                logger.addAppender(appender, ref.getLevel(), ref.getFilter());
              });
        }
      }
    }
    context.updateLoggers();
    return () -> {
      undo.forEach(Runnable::run);
      context.updateLoggers();
    };
  }

  /** A log level to put back; closing never throws. */
  interface LogLevel extends AutoCloseable {
    @Override
    void close();
  }
}
