package io.segmentation.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmentation.clv.ClvFits;
import io.segmentation.clv.FitStatus;
import io.segmentation.clv.GammaGammaFit;
import io.segmentation.clv.PurchaseFit;
import io.segmentation.config.ClvModel;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The lifetime-value parts of fact_clustering, dim_cluster and clv_model, on hand-made rows. */
@Tag("spark")
class ClvTablesTest extends SparkTestBase {
  private static final StructType PREDICTIONS =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("p_alive", DataTypes.DoubleType)
          .add("expected_purchases_90d", DataTypes.DoubleType)
          .add("expected_purchases_365d", DataTypes.DoubleType)
          .add("expected_order_value", DataTypes.createDecimalType(18, 2))
          .add("clv_365d", DataTypes.createDecimalType(18, 2));

  private static Dataset<Row> predictions() {
    return spark()
        .createDataFrame(
            List.of(
                RowFactory.create(
                    "c1", 0.5, 1.0, 4.0, new BigDecimal("10.00"), new BigDecimal("20.00")),
                RowFactory.create(
                    "c2", 0.25, 0.5, 2.0, new BigDecimal("8.00"), new BigDecimal("6.50")),
                RowFactory.create("c3", 1.0, 2.0, 6.0, null, null)),
            PREDICTIONS);
  }

  /** customer_id and cluster_key: c1 and c2 in segment 1, c3 in 2, c4 (no prediction) in 3. */
  private static Dataset<Row> segmentKeys() {
    return spark()
        .createDataFrame(
            List.of(
                RowFactory.create("c1", 1),
                RowFactory.create("c2", 1),
                RowFactory.create("c3", 2),
                RowFactory.create("c4", 3)),
            new StructType()
                .add("customer_id", DataTypes.StringType)
                .add("cluster_key", DataTypes.IntegerType));
  }

  @Test
  void aCustomerWithoutAPredictionGetsNulls() {
    Map<String, Row> byId =
        ClvTables.withPredictions(segmentKeys(), predictions()).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getAs("customer_id"), r -> r));
    assertThat(byId).hasSize(4);
    assertThat(byId.get("c1").<Double>getAs("p_alive")).isEqualTo(0.5);
    assertThat(byId.get("c1").<BigDecimal>getAs("clv_365d")).isEqualByComparingTo("20.00");
    for (String c :
        List.of(
            "p_alive",
            "expected_purchases_90d",
            "expected_purchases_365d",
            "expected_order_value",
            "clv_365d")) {
      assertThat(byId.get("c4").<Object>getAs(c)).as(c).isNull();
    }
  }

  @Test
  void segmentTotalsAreSumsAndMeansAndNullWithoutCustomers() {
    // dim_cluster: the unknown member, segments 1-3, and a retired segment 9 with old values.
    StructType dimSchema =
        new StructType()
            .add("cluster_key", DataTypes.IntegerType)
            .add("segment_name", DataTypes.StringType)
            .add("clv_365d_total", DataTypes.createDecimalType(18, 2));
    Dataset<Row> dim =
        spark()
            .createDataFrame(
                List.of(
                    RowFactory.create(-1, "Unassigned", null),
                    RowFactory.create(1, "One", null),
                    RowFactory.create(2, "Two", null),
                    RowFactory.create(3, "Three", null),
                    RowFactory.create(9, "Retired", new BigDecimal("99.00"))),
                dimSchema);
    Map<Integer, Row> byKey =
        ClvTables.withSegmentTotals(dim, segmentKeys(), predictions()).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.<Integer>getAs("cluster_key"), r -> r));
    assertThat(byKey).hasSize(5);
    Row one = byKey.get(1);
    assertThat(one.<Double>getAs("expected_alive_customers")).isCloseTo(0.75, within(1e-12));
    assertThat(one.<Double>getAs("expected_purchases_365d")).isCloseTo(6.0, within(1e-12));
    assertThat(one.<BigDecimal>getAs("clv_365d_total")).isEqualByComparingTo("26.50");
    assertThat(one.<BigDecimal>getAs("clv_365d_mean")).isEqualByComparingTo("13.25");
    // Segment 2's only customer has no value: the counts are there, the money NULL.
    assertThat(byKey.get(2).<Double>getAs("expected_alive_customers")).isEqualTo(1.0);
    assertThat(byKey.get(2).<Object>getAs("clv_365d_total")).isNull();
    for (int key : new int[] {-1, 3, 9}) {
      for (String c :
          List.of(
              "expected_alive_customers",
              "expected_purchases_365d",
              "clv_365d_total",
              "clv_365d_mean")) {
        assertThat(byKey.get(key).<Object>getAs(c)).as(key + " " + c).isNull();
      }
    }
    assertThat(byKey.get(9).<String>getAs("segment_name")).isEqualTo("Retired");
  }

  @Test
  void aDisabledRunHasAClvModelRowWithStatusDisabledAndNullFigures() {
    String why = "clv.enabled is false";
    ClvFits disabled =
        new ClvFits(
            new PurchaseFit(
                ClvModel.MBGNBD,
                Optional.empty(),
                OptionalDouble.empty(),
                0,
                FitStatus.DISABLED,
                why),
            new GammaGammaFit(
                Optional.empty(), OptionalDouble.empty(), 0, 0, FitStatus.DISABLED, why),
            Optional.empty(),
            0);
    Dataset<Row> row = ClvTables.clvModel(spark(), "run-1", disabled);
    assertThat(row.columns()).containsExactlyElementsOf(ClvTableSpecs.CLV_MODEL.columns().keySet());
    Row r = row.first();
    assertThat(r.<String>getAs("status")).isEqualTo("disabled");
    assertThat(r.<String>getAs("model")).isEqualTo("mbgnbd");
    assertThat(r.<String>getAs("time_unit")).isEqualTo("day");
    assertThat(r.<String>getAs("message")).isEqualTo(why);
    for (String c : List.of("r", "alpha", "a", "b", "log_likelihood", "gg_p", "holdout_mae")) {
      assertThat(r.<Object>getAs(c)).as(c).isNull();
    }
    assertThat(
            Arrays.stream(row.schema().fields())
                .filter(f -> f.dataType().equals(DataTypes.DoubleType))
                .count())
        .as("parameters, log-likelihoods and the MAE are DOUBLE")
        .isEqualTo(10);
  }
}
