package io.segmentation.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class LayoutTest extends SparkTestBase {
  private static final Layout.KeySpan SPAN = new Layout.KeySpan(col("k"), 0, 96);

  private static Dataset<Row> keys() {
    // 1,000 rows in 4 partitions, keys in no order: 0..96 by steps of 37 mod 97.
    return spark().range(0, 1000, 1, 4).select(pmod(col("id").multiply(37), lit(97)).as("k"));
  }

  @Test
  void filesFollowTheRowCount() {
    assertThat(Layout.files(1)).isEqualTo(1);
    assertThat(Layout.files(2_000_000)).isEqualTo(1);
    assertThat(Layout.files(2_000_001)).isEqualTo(2);
    assertThat(Layout.files(40_000_000)).isEqualTo(20);
  }

  @Test
  void aTableOfOneOrTwoFilesIsSortedWithoutAShuffle() {
    Dataset<Row> laidOut = Layout.clustered(keys(), 1000, 2, col("k"), SPAN);
    String plan = laidOut.queryExecution().executedPlan().toString().toLowerCase(Locale.ROOT);
    assertThat(plan).doesNotContain("rangepartitioning").doesNotContain("exchange");
    assertThat(laidOut.rdd().getNumPartitions()).isEqualTo(1);
    List<Long> k = laidOut.collectAsList().stream().map(r -> r.getLong(0)).toList();
    assertThat(k).hasSize(1000).isSorted();
  }

  @Test
  void filesNotSplitByKeyRangeKeepEveryTaskSlotBusyButAreNotTiny() {
    // 531,236 sales (the real data) on 2 cores: 2 files; on 8 cores still 2 (250,000 rows each).
    assertThat(Layout.unsplitFiles(531_236, 2)).isEqualTo(2);
    assertThat(Layout.unsplitFiles(531_236, 8)).isEqualTo(2);
    assertThat(Layout.unsplitFiles(531_236, 1)).isEqualTo(1);
    // 5.3 million (10x): 3 files by size, rounded up to 4 for 2 slots; 3 slots take 3.
    assertThat(Layout.unsplitFiles(5_300_000, 2)).isEqualTo(4);
    assertThat(Layout.unsplitFiles(5_300_000, 3)).isEqualTo(3);
    // Small tables stay one file whatever the cores.
    assertThat(Layout.unsplitFiles(100_000, 64)).isEqualTo(1);
  }

  @Test
  void aTableOfSeveralSlotsIsWrittenByThatManySortedTasksWithoutAShuffle() {
    Dataset<Row> laidOut = Layout.clustered(keys(), 600_000, 2, col("k"), SPAN);
    String plan = laidOut.queryExecution().executedPlan().toString().toLowerCase(Locale.ROOT);
    assertThat(plan).doesNotContain("exchange");
    List<List<Long>> parts =
        laidOut.javaRDD().glom().collect().stream()
            .map(p -> p.stream().map(r -> r.getLong(0)).toList())
            .toList();
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0)).isSorted().hasSize(500);
    assertThat(parts.get(1)).isSorted().hasSize(500);
  }

  @Test
  void aLargerTableIsSplitIntoSortedFilesOfEqualKeyWidthWithoutSampling() {
    Dataset<Row> laidOut = Layout.clustered(keys(), 10_000_000, 2, col("k"), SPAN);
    String plan = laidOut.queryExecution().executedPlan().toString().toLowerCase(Locale.ROOT);
    assertThat(plan).contains("hashpartitioning(").doesNotContain("rangepartitioning");
    List<List<Long>> parts =
        laidOut.javaRDD().glom().collect().stream()
            .map(p -> p.stream().map(r -> r.getLong(0)).toList())
            .toList();
    // 5 files over keys 0..96, each floor(k * 5 / 97): 0-19, 20-38, 39-58, 59-77, 78-96, in
    // partition order, each sorted. keys() holds every key 0..96 10 or 11 times.
    assertThat(parts).hasSize(5);
    long[][] bounds = {{0, 19}, {20, 38}, {39, 58}, {59, 77}, {78, 96}};
    for (int i = 0; i < 5; i++) {
      List<Long> p = parts.get(i);
      assertThat(p).as("file %d", i).isSorted();
      assertThat(p.get(0)).as("file %d", i).isEqualTo(bounds[i][0]);
      assertThat(p.get(p.size() - 1)).as("file %d", i).isEqualTo(bounds[i][1]);
    }
    assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(1000);
  }

  @Test
  void keysOutsideTheSpanOrNullGoToTheEndFiles() {
    Dataset<Row> rows =
        spark()
            .range(0, 4, 1, 2)
            .select(
                when(col("id").equalTo(0), lit(null))
                    .when(col("id").equalTo(1), lit(-50L))
                    .when(col("id").equalTo(2), lit(500L))
                    .otherwise(lit(96L))
                    .as("k"));
    List<List<Row>> parts =
        Layout.clustered(rows, 10_000_000, 2, col("k"), SPAN).javaRDD().glom().collect();
    assertThat(parts.get(0))
        .extracting(r -> r.isNullAt(0) ? null : r.getLong(0))
        .containsExactlyInAnyOrder(null, -50L);
    assertThat(parts.get(4)).extracting(r -> r.getLong(0)).containsExactlyInAnyOrder(500L, 96L);
  }

  @Test
  void partitionKeysAreWhereSparksOwnHashSendsEachPartition() {
    // Checked against Spark's SQL hash() (Murmur3, seed 42: what hash partitioning computes), not
    // against the Java call the keys were found with.
    for (int n : new int[] {1, 4, 27, 1000}) {
      int[] keys = Layout.partitionKeys(n);
      assertThat(keys).hasSize(n);
      List<Column> partitions = new ArrayList<>();
      for (int key : keys) {
        partitions.add(pmod(hash(lit(key)), lit(n)));
      }
      Row r = spark().range(1).select(partitions.toArray(Column[]::new)).first();
      for (int b = 0; b < n; b++) {
        assertThat(r.getInt(b)).as("n=%d, partition %d", n, b).isEqualTo(b);
      }
    }
  }
}
