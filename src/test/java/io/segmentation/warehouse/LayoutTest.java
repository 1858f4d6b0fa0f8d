package io.segmentation.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.SparkTestBase;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LayoutTest extends SparkTestBase {
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
    Dataset<Row> laidOut = Layout.clustered(keys(), 1000, 2, col("k"));
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
    Dataset<Row> laidOut = Layout.clustered(keys(), 600_000, 2, col("k"));
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
  void aLargerTableIsSplitByKeyRangeIntoSortedFiles() {
    Dataset<Row> laidOut = Layout.clustered(keys(), 10_000_000, 2, col("k"));
    assertThat(laidOut.queryExecution().executedPlan().toString().toLowerCase(Locale.ROOT))
        .contains("rangepartitioning(k");
    assertThat(laidOut.rdd().getNumPartitions()).isEqualTo(5);
    // Every partition sorted, and the partitions' key ranges do not overlap.
    List<List<Long>> parts =
        laidOut.javaRDD().glom().collect().stream()
            .map(p -> p.stream().map(r -> r.getLong(0)).toList())
            .filter(p -> !p.isEmpty())
            .toList();
    long previousMax = -1;
    for (List<Long> p : parts) {
      assertThat(p).isSorted();
      assertThat(p.get(0)).isGreaterThan(previousMax);
      previousMax = p.get(p.size() - 1);
    }
    assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(1000);
  }
}
