package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.SparkTestBase;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class CachedFramesTest extends SparkTestBase {
  private static final int ROWS = 20_000;

  /**
   * 20,000 rows, hash-partitioned by {@code key}: two columns null everywhere, two set on every
   * 100th row only, three always set.
   */
  private Dataset<Row> frame() {
    return spark()
        .range(ROWS)
        .select(
            col("id").cast(DataTypes.StringType).as("key"),
            lit(null).cast(DataTypes.StringType).as("absent_text"),
            when(col("id").mod(100).equalTo(0), concat(lit("raw "), col("id"))).as("raw_text"),
            lit(null).cast(DataTypes.createDecimalType(18, 4)).as("absent_amount"),
            when(col("id").mod(100).equalTo(0), col("id").multiply(3)).as("raw_number"),
            col("id").multiply(2).as("value"),
            col("id").mod(7).as("shop.code")) // a dot in a name, as source files have
        .repartition(4, col("key"));
  }

  private static final CachedFrames.Layout LAYOUT =
      new CachedFrames.Layout(
          Set.of("absent_text", "absent_amount"), Set.of("raw_text", "raw_number"));

  @Test
  void aFrameKeptInALayoutReadsAsTheOriginal() {
    Dataset<Row> original = frame();
    try (CachedFrames cache = new CachedFrames()) {
      Dataset<Row> kept = cache.keep(frame(), LAYOUT);
      assertThat(kept.schema()).isEqualTo(original.schema());
      assertThat(kept.collectAsList())
          .containsExactlyInAnyOrderElementsOf(original.collectAsList());
      Row row100 = kept.where(col("key").equalTo("100")).first();
      assertThat(row100.<String>getAs("raw_text")).isEqualTo("raw 100");
      assertThat(row100.<Long>getAs("raw_number")).isEqualTo(300L);
      assertThat(row100.<Object>getAs("absent_amount")).isNull();
      Row row101 = kept.where(col("key").equalTo("101")).first();
      assertThat(row101.<String>getAs("raw_text")).isNull();
      assertThat(row101.<Long>getAs("value")).isEqualTo(202L);
      // The rows keep their partitioning: a grouping by the key needs no shuffle.
      String plan = kept.groupBy(col("key")).count().queryExecution().sparkPlan().toString();
      String aboveTheCache = plan.substring(0, plan.indexOf("InMemoryRelation"));
      assertThat(aboveTheCache).contains("InMemoryTableScan").doesNotContain("Exchange");
    }
  }

  @Test
  void aFrameKeptToBeReadInFewerTasksIsCachedInItsOwnPartitions() {
    Set<Integer> before = cachedIds();
    try (CachedFrames cache = new CachedFrames()) {
      spark().sparkContext().setJobGroup("keep", "keep", false);
      CachedFrames.Counted counted = cache.keepCoalesced(frame());
      spark().sparkContext().clearJobGroup();
      // One job fills the cache and counts the rows: the count comes back without another.
      assertThat(spark().sparkContext().statusTracker().getJobIdsForGroup("keep")).hasSize(1);
      assertThat(counted.count()).isEqualTo(ROWS);
      Dataset<Row> kept = counted.rows();
      // Before any job over the frame it returns, the cache holds the frame's own 4 partitions
      // (filled lazily, the 2 reading tasks would compute them).
      assertThat(spark().sparkContext().getRDDStorageInfo())
          .filteredOn(i -> !before.contains(i.id()))
          .extracting(RDDInfo::numCachedPartitions)
          .containsExactly(4);
      assertThat(kept.rdd().getNumPartitions()).isEqualTo(2); // local[2]: two cores
      assertThat(kept.count()).isEqualTo(ROWS);
      // Reading them back leaves the same 4 cached partitions and needs no shuffle.
      assertThat(spark().sparkContext().getRDDStorageInfo())
          .filteredOn(i -> !before.contains(i.id()))
          .extracting(RDDInfo::numCachedPartitions)
          .containsExactly(4);
      String plan = kept.queryExecution().sparkPlan().toString();
      assertThat(plan.substring(0, plan.indexOf("InMemoryRelation")))
          .contains("Coalesce 2")
          .contains("InMemoryTableScan")
          .doesNotContain("Exchange");
      assertThat(cache.keepCoalesced(frame().coalesce(1)).rows().rdd().getNumPartitions())
          .isEqualTo(1);
      // A frame mapped over the same rows keeps the count.
      CachedFrames.Counted mapped = counted.map(f -> f.withColumn("twice", col("value").plus(1)));
      assertThat(mapped.count()).isEqualTo(ROWS);
      assertThat(mapped.rows().columns()).contains("twice");
    }
    assertThat(spark().sparkContext().getRDDStorageInfo())
        .filteredOn(i -> !before.contains(i.id()))
        .isEmpty();
  }

  @Test
  void theLayoutLeavesOutAlwaysNullColumnsAndPacksSparseOnes() {
    long asIs = cachedBytes(CachedFrames.Layout.AS_IS);
    long laidOut = cachedBytes(LAYOUT);
    // Uncompressed, every null costs a 4-byte position: 4 nulls per row (2 absent, 2 sparse) become
    // one (the sparse struct), 12 bytes on 99 rows in 100 and 8 on the rest, ~239,000 bytes here.
    assertThat(asIs - laidOut).isGreaterThan(200_000L);
  }

  /** The bytes the cache holds for {@link #frame()} kept in {@code layout}. */
  private long cachedBytes(CachedFrames.Layout layout) {
    long before = storedBytes();
    try (CachedFrames cache = new CachedFrames()) {
      assertThat(cache.keep(frame(), layout).count()).isEqualTo(ROWS);
      return storedBytes() - before;
    }
  }

  private Set<Integer> cachedIds() {
    return Arrays.stream(spark().sparkContext().getRDDStorageInfo())
        .map(RDDInfo::id)
        .collect(Collectors.toSet());
  }

  private long storedBytes() {
    List<RDDInfo> cached = Arrays.asList(spark().sparkContext().getRDDStorageInfo());
    return cached.stream().mapToLong(i -> i.memSize() + i.diskSize()).sum();
  }
}
