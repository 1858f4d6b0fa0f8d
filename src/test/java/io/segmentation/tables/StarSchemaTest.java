package io.segmentation.tables;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class StarSchemaTest extends SparkTestBase {
  @Test
  void salesOrderSortsByDateKeyUnknownDateFirst() {
    int[] keys = {20111209, 20101201, -1, 20101202, 20110101, 20101231, 20101201};
    List<Row> rows = new ArrayList<>();
    for (int k : keys) {
      rows.add(RowFactory.create(k));
    }
    Collections.shuffle(rows, new java.util.Random(3));
    StructType schema = new StructType().add(Tables.DATE_KEY, DataTypes.IntegerType, false);
    List<Integer> sorted =
        spark()
            .createDataFrame(rows, schema)
            .coalesce(1)
            .sortWithinPartitions(StarSchema.salesOrder())
            .collectAsList()
            .stream()
            .map(r -> r.getInt(0))
            .toList();
    assertThat(sorted)
        .containsExactly(-1, 20101201, 20101201, 20101202, 20101231, 20110101, 20111209);
  }

  @Test
  void dimCountryKeepsEveryKnownKeyAndNumbersNewCountriesAfterTheLargest() {
    List<Row> rows =
        new StarSchema(spark(), "r")
            .dimCountry(
                Map.of("France", 1, "United Kingdom", 3),
                List.of("Australia", "France", "United Kingdom"))
            .orderBy(Tables.COUNTRY_KEY)
            .collectAsList();
    assertThat(rows.stream().map(r -> r.getInt(0) + "=" + r.getString(1)).toList())
        .containsExactly("-1=Unknown", "1=France", "3=United Kingdom", "4=Australia");
  }
}
