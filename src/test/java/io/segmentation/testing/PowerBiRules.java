package io.segmentation.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.tables.Tables;
import io.segmentation.warehouse.TableSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;

/** The table rules of DESIGN.md ("Output tables"), checked on a written warehouse. */
public final class PowerBiRules {
  private PowerBiRules() {}

  private static final Set<String> ALLOWED_FEATURES = Set.of("appendOnly", "invariants");

  /** Protocol, features, properties, names, types and comments of every table. */
  public static void assertReadableByEveryEngine(SparkSession spark, Path warehouse) {
    for (TableSpec spec : Tables.ALL) {
      assertReadableByEveryEngine(spark, warehouse, spec);
    }
  }

  /** As above, for one table of the warehouse. */
  public static void assertReadableByEveryEngine(
      SparkSession spark, Path warehouse, TableSpec spec) {
    String path = warehouse.resolve(spec.name()).toString();
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").first();
    assertThat(detail.<Integer>getAs("minReaderVersion")).as(spec.name()).isEqualTo(1);
    assertThat(detail.<Integer>getAs("minWriterVersion")).as(spec.name()).isEqualTo(2);
    List<String> features = detail.getList(detail.fieldIndex("tableFeatures"));
    assertThat(features).as(spec.name()).isSubsetOf(ALLOWED_FEATURES);
    assertThat(detail.<String>getAs("description"))
        .as(spec.name() + " comment")
        .isEqualTo(spec.comment());
    Map<String, String> props = detail.getJavaMap(detail.fieldIndex("properties"));
    assertThat(props)
        .as(spec.name())
        .containsEntry("delta.enableDeletionVectors", "false")
        .containsEntry("delta.columnMapping.mode", "none")
        .containsEntry("delta.checkpointPolicy", "classic");
    StructType schema = spark.read().format("delta").load(path).schema();
    assertThat(schema.fieldNames())
        .as(spec.name())
        .containsExactlyElementsOf(spec.columns().keySet());
    for (StructField f : schema.fields()) {
      String where = spec.name() + "." + f.name();
      assertThat(f.name()).as(where).matches("^[a-z][a-z0-9_]*$");
      assertThat(f.dataType())
          .as(where)
          .isNotInstanceOfAny(
              TimestampNTZType.class, ArrayType.class, MapType.class, StructType.class);
      assertThat(f.getComment().isDefined() && !f.getComment().get().isBlank())
          .as(where + " has a comment")
          .isTrue();
    }
    Dataset<Row> history = spark.sql("DESCRIBE HISTORY delta.`" + path + "`");
    assertThat(history.where("userMetadata is null").count())
        .as(spec.name() + " commits without run id")
        .isZero();
  }

  /** Delta Kernel reads every table with the same columns, types and row count as Spark. */
  public static void assertKernelReadsLikeSpark(SparkSession spark, Path warehouse) {
    for (TableSpec spec : Tables.ALL) {
      String path = warehouse.resolve(spec.name()).toString();
      Dataset<Row> sparkView = spark.read().format("delta").load(path);
      KernelReader.Seen kernel = KernelReader.read(path);
      assertThat(kernel.columns()).as(spec.name()).containsExactly(sparkView.columns());
      List<String> sparkTypes =
          Arrays.stream(sparkView.schema().fields()).map(f -> f.dataType().simpleString()).toList();
      assertThat(kernel.types()).as(spec.name()).isEqualTo(sparkTypes);
      assertThat(kernel.rows()).as(spec.name()).isEqualTo(sparkView.count());
    }
  }

  /** Zero orphan or null keys between every fact and its dimensions; unknown members exist. */
  public static void assertReferentialIntegrity(SparkSession spark, Path warehouse) {
    for (String dim : List.of("dim_date", "dim_country", "dim_customer", "dim_cluster")) {
      String key = dim.equals("dim_date") ? "date_key" : dim.replace("dim_", "") + "_key";
      assertThat(load(spark, warehouse, dim).where(key + " = -1").count())
          .as(dim + " unknown member")
          .isEqualTo(1);
      assertThat(load(spark, warehouse, dim).groupBy(key).count().where("count > 1").count())
          .as(dim + " unique keys")
          .isZero();
    }
    checkKeys(spark, warehouse, "fact_sales", "date_key", "dim_date");
    checkKeys(spark, warehouse, "fact_sales", "customer_key", "dim_customer");
    checkKeys(spark, warehouse, "fact_sales", "country_key", "dim_country");
    checkKeys(spark, warehouse, "dim_customer", "cluster_key", "dim_cluster");
    assertThat(Arrays.asList(load(spark, warehouse, "fact_sales").columns()))
        .as("fact_sales has no segment column: the segment is a customer attribute")
        .doesNotContain("cluster_key", "segment_name");
    checkKeys(spark, warehouse, "fact_clustering", "customer_key", "dim_customer");
    checkKeys(spark, warehouse, "fact_clustering", "cluster_key", "dim_cluster");
    checkKeys(spark, warehouse, "fact_clustering", "country_key", "dim_country");
    checkKeys(spark, warehouse, "dim_customer", "country_key", "dim_country");
  }

  private static void checkKeys(
      SparkSession spark, Path warehouse, String fact, String key, String dim) {
    Dataset<Row> f = load(spark, warehouse, fact);
    Dataset<Row> d = load(spark, warehouse, dim);
    assertThat(f.where(key + " is null").count()).as(fact + "." + key + " nulls").isZero();
    long orphans = f.join(d, f.col(key).equalTo(d.col(key)), "left_anti").count();
    assertThat(orphans).as(fact + "." + key + " orphans in " + dim).isZero();
  }

  /**
   * The lifetime-value columns: DOUBLE for probabilities and counts, DECIMAL(18,2) for money, in
   * fact_clustering, dim_cluster and clv_model; no NaN or infinity in any DOUBLE column; the
   * unknown member of dim_cluster has NULL totals.
   */
  public static void assertClvColumns(SparkSession spark, Path warehouse) {
    Map<String, List<String>> doubles =
        Map.of(
            "fact_clustering",
            List.of("p_alive", "expected_purchases_90d", "expected_purchases_365d"),
            "dim_cluster",
            List.of("expected_alive_customers", "expected_purchases_365d"),
            "clv_model",
            List.of("r", "alpha", "a", "b", "log_likelihood", "gg_p", "gg_q", "gg_gamma"));
    Map<String, List<String>> money =
        Map.of(
            "fact_clustering",
            List.of("expected_order_value", "clv_365d"),
            "dim_cluster",
            List.of("clv_365d_total", "clv_365d_mean"));
    doubles.forEach(
        (table, columns) -> {
          StructType schema = load(spark, warehouse, table).schema();
          for (String c : columns) {
            assertThat(schema.apply(c).dataType().simpleString())
                .as(table + "." + c)
                .isEqualTo("double");
          }
        });
    money.forEach(
        (table, columns) -> {
          StructType schema = load(spark, warehouse, table).schema();
          for (String c : columns) {
            assertThat(schema.apply(c).dataType().simpleString())
                .as(table + "." + c)
                .isEqualTo("decimal(18,2)");
          }
        });
    for (String table : List.of("fact_clustering", "dim_cluster", "clv_model")) {
      Dataset<Row> t = load(spark, warehouse, table);
      for (StructField f : t.schema().fields()) {
        if (f.dataType().simpleString().equals("double")) {
          String c = "`" + f.name() + "`";
          assertThat(t.where("isnan(" + c + ") or abs(" + c + ") = double('inf')").count())
              .as(table + "." + f.name() + " NaN or infinite")
              .isZero();
        }
      }
    }
    Row unknown = load(spark, warehouse, "dim_cluster").where("cluster_key = -1").first();
    for (String c :
        List.of(
            "expected_alive_customers",
            "expected_purchases_365d",
            "clv_365d_total",
            "clv_365d_mean")) {
      assertThat(unknown.<Object>getAs(c)).as("dim_cluster unknown member " + c).isNull();
    }
  }

  public static Dataset<Row> load(SparkSession spark, Path warehouse, String table) {
    return spark.read().format("delta").load(warehouse.resolve(table).toString());
  }
}
