package io.segmentation.tables;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class StarSchemaTest extends SparkTestBase {
  @Test
  void salesOrderSortsByDateKeyThenClusterKeyUnknownMembersFirst() {
    int[][] pairs = {
      {20111209, 7},
      {20101201, 2},
      {-1, 3},
      {20101202, -1},
      {20101201, -1},
      {-1, -1},
      {20101201, 1},
      {20110101, 1000},
      {20110101, 999},
      {20101231, 12}
    };
    List<Row> rows = new ArrayList<>();
    for (int[] p : pairs) {
      rows.add(RowFactory.create(p[0], p[1]));
    }
    Collections.shuffle(rows, new java.util.Random(3));
    StructType schema =
        new StructType()
            .add(Tables.DATE_KEY, DataTypes.IntegerType, false)
            .add(Tables.CLUSTER_KEY, DataTypes.IntegerType, false);
    List<List<Integer>> sorted =
        spark()
            .createDataFrame(rows, schema)
            .coalesce(1)
            .sortWithinPartitions(StarSchema.salesOrder())
            .collectAsList()
            .stream()
            .map(r -> List.of(r.getInt(0), r.getInt(1)))
            .toList();
    List<List<Integer>> expected = new ArrayList<>();
    for (int[] p : pairs) {
      expected.add(List.of(p[0], p[1]));
    }
    expected.sort(
        Comparator.<List<Integer>>comparingInt(l -> l.get(0)).thenComparingInt(l -> l.get(1)));
    assertThat(sorted).containsExactlyElementsOf(expected);
  }
}
