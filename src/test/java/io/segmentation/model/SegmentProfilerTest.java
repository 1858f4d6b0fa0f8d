package io.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.ModelColumns;
import io.segmentation.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class SegmentProfilerTest extends SparkTestBase {
  @Test
  void sizesMeansAndZScoresAgainstEveryCustomerInOnePass() {
    StructType schema = new StructType().add(ModelColumns.CLUSTER_INDEX, DataTypes.IntegerType);
    for (String c :
        List.of(
            FeatureColumns.RECENCY_DAYS,
            FeatureColumns.FREQUENCY,
            FeatureColumns.MONETARY_NET,
            FeatureColumns.AVG_BASKET_SPEND,
            FeatureColumns.AVG_BASKET_ITEMS,
            FeatureColumns.DISTINCT_PRODUCTS,
            FeatureColumns.CANCELLATION_RATE,
            FeatureColumns.TOTAL_PROFIT)) {
      schema = schema.add(c, DataTypes.DoubleType);
    }
    // Segment 0: recency 1 and 3; segment 1: recency 10, 20 and 30. Other measures constant.
    double[][] customers = {{0, 1}, {0, 3}, {1, 10}, {1, 20}, {1, 30}};
    List<Row> rows = new ArrayList<>();
    for (double[] c : customers) {
      rows.add(RowFactory.create((int) c[0], c[1], 2.0, 100.0, 50.0, 5.0, 4.0, 0.0, null));
    }
    List<SegmentProfile> profiles =
        new ArrayList<>(SegmentProfiler.profile(spark().createDataFrame(rows, schema)));
    profiles.sort(Comparator.comparingInt(SegmentProfile::clusterIndex));

    assertThat(profiles).hasSize(2);
    assertThat(profiles.get(0).customers()).isEqualTo(2);
    assertThat(profiles.get(1).customers()).isEqualTo(3);
    assertThat(profiles.get(0).share()).isCloseTo(0.4, within(1e-12));
    assertThat(profiles.get(1).recencyDays()).isCloseTo(20.0, within(1e-12));
    assertThat(profiles.get(0).monetary()).isCloseTo(100.0, within(1e-12));
    // z of the segment's mean log1p(recency) against all five customers' (population std).
    double[] logs = {Math.log1p(1), Math.log1p(3), Math.log1p(10), Math.log1p(20), Math.log1p(30)};
    double mean = (logs[0] + logs[1] + logs[2] + logs[3] + logs[4]) / 5;
    double var = 0;
    for (double l : logs) {
      var += (l - mean) * (l - mean) / 5;
    }
    double z0 = ((logs[0] + logs[1]) / 2 - mean) / Math.sqrt(var);
    assertThat(profiles.get(0).zRecency()).isCloseTo(z0, within(1e-9));
    assertThat(profiles.get(1).zRecency()).isCloseTo(-z0 * 2 / 3, within(1e-9));
    // Constant measures have no spread: z = 0, not NaN.
    assertThat(profiles.get(0).zMonetary()).isZero();
  }
}
