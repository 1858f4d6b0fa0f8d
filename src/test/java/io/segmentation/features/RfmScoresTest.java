package io.segmentation.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.schema.FeatureColumns;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class RfmScoresTest extends SparkTestBase {
  private static Map<String, Row> scored(List<Row> rows) {
    StructType schema =
        new StructType()
            .add(FeatureColumns.CUSTOMER_ID, DataTypes.StringType)
            .add(FeatureColumns.RECENCY_DAYS, DataTypes.IntegerType)
            .add(FeatureColumns.FREQUENCY, DataTypes.IntegerType)
            .add(FeatureColumns.MONETARY_NET, DataTypes.createDecimalType(18, 2));
    Dataset<Row> df = spark().createDataFrame(rows, schema);
    return RfmScores.add(df).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs(FeatureColumns.CUSTOMER_ID), r -> r));
  }

  @Test
  void quintilesAtTheBoundaries() {
    // Ten customers: recency 10..100, frequency 1..10, monetary 100..1000. Quintile cut points fall
    // on the 2nd, 4th, 6th and 8th values, so each pair of customers shares a score.
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      rows.add(RowFactory.create("c" + i, 10 * i, i, new BigDecimal(100 * i)));
    }
    Map<String, Row> s = scored(rows);
    int[] expected = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
    for (int i = 1; i <= 10; i++) {
      Row r = s.get("c" + i);
      assertThat(r.<Integer>getAs(FeatureColumns.F_SCORE))
          .as("F of c%d", i)
          .isEqualTo(expected[i - 1]);
      assertThat(r.<Integer>getAs(FeatureColumns.M_SCORE))
          .as("M of c%d", i)
          .isEqualTo(expected[i - 1]);
      assertThat(r.<Integer>getAs(FeatureColumns.R_SCORE))
          .as("R of c%d (recent = high)", i)
          .isEqualTo(6 - expected[i - 1]);
    }
    assertThat(s.get("c10").<String>getAs(FeatureColumns.RFM_SEGMENT))
        .as("R1 F5")
        .isEqualTo("Can't Lose Them");
    assertThat(s.get("c1").<String>getAs(FeatureColumns.RFM_SEGMENT))
        .as("R5 F1")
        .isEqualTo("New Customers");
    assertThat(s.get("c5").<String>getAs(FeatureColumns.RFM_SEGMENT))
        .as("R3 F3")
        .isEqualTo("Need Attention");
  }

  @Test
  void tiesGetTheSameScore() {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      rows.add(RowFactory.create("c" + i, 30, i <= 6 ? 1 : i, new BigDecimal(100)));
    }
    Map<String, Row> s = scored(rows);
    assertThat(s.values().stream().map(r -> r.<Integer>getAs(FeatureColumns.R_SCORE)).distinct())
        .containsExactly(5);
    assertThat(
            s.values().stream()
                .filter(r -> r.<Integer>getAs(FeatureColumns.FREQUENCY) == 1)
                .map(r -> r.<Integer>getAs(FeatureColumns.F_SCORE))
                .distinct())
        .containsExactly(1);
  }

  @Test
  void everyScoreCombinationHasAStandardName() {
    List<Row> rows = new ArrayList<>();
    int n = 0;
    for (int r = 1; r <= 5; r++) {
      for (int f = 1; f <= 5; f++) {
        rows.add(RowFactory.create("x" + n++, r, f, BigDecimal.ONE));
      }
    }
    Dataset<Row> grid =
        spark()
            .createDataFrame(
                rows,
                new StructType()
                    .add("id", DataTypes.StringType)
                    .add("r", DataTypes.IntegerType)
                    .add("f", DataTypes.IntegerType)
                    .add("m", DataTypes.createDecimalType(18, 2)));
    List<String> names =
        grid.select(RfmScores.segment(grid.col("r"), grid.col("f")))
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(names).allMatch(RfmScores.segmentNames()::contains);
    assertThat(names.get(0)).isEqualTo("Lost");
    assertThat(names.get(24)).isEqualTo("Champions");
    assertThat(new HashSet<>(names)).hasSize(11);
  }
}
