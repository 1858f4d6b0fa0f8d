package io.segmentation.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.ProfileColumns;
import io.segmentation.tables.Tables;
import io.segmentation.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class ReportDataTest extends SparkTestBase {
  @Test
  void zScoresBySegmentKeyAndFeatureNameAndABoundedSampleOfCompleteCustomers() {
    StructType profileSchema =
        new StructType()
            .add(Tables.CLUSTER_KEY, DataTypes.IntegerType)
            .add(Tables.SEGMENT_NAME, DataTypes.StringType)
            .add(ProfileColumns.FEATURE, DataTypes.StringType)
            .add(ProfileColumns.Z_SCORE, DataTypes.DoubleType);
    Dataset<Row> profile =
        spark()
            .createDataFrame(
                List.of(
                    RowFactory.create(2, "Casuals", "recency_days", 0.9),
                    RowFactory.create(1, "Loyal", "recency_days", -0.5),
                    RowFactory.create(2, "Casuals", "frequency", -0.7),
                    RowFactory.create(1, "Loyal", "frequency", 1.2),
                    RowFactory.create(1, "Loyal", "monetary_net", null)),
                profileSchema);
    StructType customerSchema =
        new StructType()
            .add(Tables.SEGMENT_NAME, DataTypes.StringType)
            .add(FeatureColumns.RECENCY_DAYS, DataTypes.IntegerType)
            .add(FeatureColumns.FREQUENCY, DataTypes.LongType)
            .add(FeatureColumns.MONETARY_NET, DataTypes.createDecimalType(18, 2));
    List<Row> customers = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      customers.add(
          RowFactory.create(
              i % 2 == 0 ? "Loyal" : "Casuals",
              i % 100,
              (long) (i % 7),
              i == 5 ? null : new java.math.BigDecimal(i + ".50")));
    }
    Dataset<Row> clustering = spark().createDataFrame(customers, customerSchema);

    ReportData data = ReportData.from(profile, clustering, 3000);

    assertThat(data.segments()).containsExactly("Loyal", "Casuals");
    assertThat(data.features()).containsExactly("frequency", "monetary_net", "recency_days");
    assertThat(data.z()[0]).containsExactly(new double[] {1.2, 0.0, -0.5}, within(1e-12));
    assertThat(data.z()[1]).containsExactly(new double[] {-0.7, 0.0, 0.9}, within(1e-12));
    assertThat(data.sample()).hasSizeBetween(800, ReportData.SAMPLE_SIZE);
    for (ReportData.Point p : data.sample()) {
      assertThat(p.segment()).isIn("Loyal", "Casuals");
      assertThat(p.monetary() - Math.floor(p.monetary())).isEqualTo(0.5);
      assertThat(p.monetary()).isNotEqualTo(5.5);
    }
  }
}
