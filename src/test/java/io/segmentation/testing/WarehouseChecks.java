package io.segmentation.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.schema.FeatureColumns;
import io.segmentation.tables.Tables;
import io.segmentation.warehouse.TableSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/** The invariants of a finished run's tables, read back from wherever the warehouse lives. */
public final class WarehouseChecks {
  private WarehouseChecks() {}

  /**
   * Asserts one succeeded run with {@code k} segments over {@code customers} customers: every
   * customer in exactly one segment, segment sizes summing to the customers and matching
   * fact_clustering, fact_sales holding exactly the clean rows. Returns the run_log row.
   */
  public static Row assertRun(
      SparkSession spark, String warehouse, String runId, int k, long customers) {
    Dataset<Row> clustering = table(spark, warehouse, Tables.FACT_CLUSTERING);
    assertThat(clustering.count()).as("fact_clustering rows").isEqualTo(customers);
    assertThat(clustering.select(FeatureColumns.CUSTOMER_ID).distinct().count())
        .as("distinct customers")
        .isEqualTo(customers);

    Map<Integer, Long> sizes = new HashMap<>();
    for (Row r :
        table(spark, warehouse, Tables.DIM_CLUSTER)
            .where(col(Tables.CLUSTER_KEY).gt(0))
            .collectAsList()) {
      sizes.put(
          r.getInt(r.fieldIndex(Tables.CLUSTER_KEY)),
          ((Number) r.get(r.fieldIndex(Tables.CUSTOMER_COUNT))).longValue());
    }
    assertThat(sizes).as("segments in dim_cluster").hasSize(k);
    assertThat(sizes.values().stream().mapToLong(Long::longValue).sum())
        .as("segment sizes sum")
        .isEqualTo(customers);
    Map<Integer, Long> assigned = new HashMap<>();
    for (Row r : clustering.groupBy(Tables.CLUSTER_KEY).count().collectAsList()) {
      assigned.put(r.getInt(0), r.getLong(1));
    }
    assertThat(assigned)
        .as("fact_clustering per segment = dim_cluster.customer_count")
        .isEqualTo(sizes);

    List<Row> log =
        table(spark, warehouse, Tables.RUN_LOG)
            .where(col(Tables.RUN_ID).equalTo(runId))
            .collectAsList();
    assertThat(log).as("run_log rows of %s", runId).hasSize(1);
    Row run = log.get(0);
    assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
    assertThat(run.<Integer>getAs("k")).isEqualTo(k);
    assertThat(run.<Long>getAs("customers")).isEqualTo(customers);
    long clean = run.<Long>getAs("rows_clean");
    assertThat(clean).as("clean rows").isPositive();
    assertThat(table(spark, warehouse, Tables.FACT_SALES).count())
        .as("fact_sales rows = clean rows")
        .isEqualTo(clean);
    assertThat(run.<Long>getAs("rows_read")).isEqualTo(clean + run.<Long>getAs("rows_rejected"));
    return run;
  }

  /** (customer_id, cluster_key, segment_name) of every customer, sorted. */
  public static List<Row> assignments(SparkSession spark, String warehouse) {
    return table(spark, warehouse, Tables.FACT_CLUSTERING)
        .select(FeatureColumns.CUSTOMER_ID, Tables.CLUSTER_KEY, Tables.SEGMENT_NAME)
        .orderBy(FeatureColumns.CUSTOMER_ID)
        .collectAsList();
  }

  /**
   * Every customer's segment as of run {@code runs.get(upTo)}, from fact_segment_history's change
   * rows: the customer's row of the latest of {@code runs[0..upTo]} that has one, unless that row
   * says the customer is no longer segmented (cluster_key -1). Columns customer_key, cluster_key,
   * segment_name.
   *
   * @param runs the warehouse's successful run ids in the order they ran
   */
  public static Dataset<Row> segmentsAsOf(Dataset<Row> history, List<String> runs, int upTo) {
    Column order = lit(-1);
    for (int i = 0; i <= upTo; i++) {
      order = when(col(Tables.RUN_ID).equalTo(runs.get(i)), lit(i)).otherwise(order);
    }
    return history
        .withColumn("_order", order)
        .where(col("_order").geq(0))
        .withColumn(
            "_latest",
            row_number()
                .over(Window.partitionBy(col(Tables.CUSTOMER_KEY)).orderBy(col("_order").desc())))
        .where(col("_latest").equalTo(1).and(col(Tables.CLUSTER_KEY).notEqual(-1)))
        .select(Tables.CUSTOMER_KEY, Tables.CLUSTER_KEY, Tables.SEGMENT_NAME);
  }

  public static Dataset<Row> table(SparkSession spark, String warehouse, TableSpec table) {
    return spark.read().format("delta").load(warehouse.replaceAll("/+$", "") + "/" + table.name());
  }
}
