package io.segmentation.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentation.errors.ExitCode;
import io.segmentation.errors.UserException;
import io.segmentation.testing.Cli;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.SparkTestBase;
import io.segmentation.warehouse.WarehouseLock;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run per warehouse: a run that finds another run holding the warehouse fails at once with exit
 * 5 and a one-line "Another run is writing ..." message, before it reads or writes anything; a dead
 * owner's lock is taken over; of two runs started together one writes and the other fails, and no
 * table is left half-written.
 */
@Tag("e2e")
class ConcurrentRunTest extends SparkTestBase {
  @TempDir Path tmp;
  private static Path warehouse;
  private static String input;

  @BeforeAll
  static void previousSuccessfulRun() {
    spark();
    warehouse = SmallWarehouse.get();
    input = SmallWarehouse.resource(SmallWarehouse.BASELINE_INPUT).toString();
  }

  private static Configuration conf() {
    return spark().sparkContext().hadoopConfiguration();
  }

  @Test
  void aRunFindingTheWarehouseLockedExitsWith5AndWritesNothing() throws Exception {
    WarehouseState before = WarehouseState.of(spark(), warehouse);
    Path lockFile = warehouse.resolve(WarehouseLock.FILE);
    Cli r;
    Properties owner = new Properties();
    try (WarehouseLock held = WarehouseLock.acquire(conf(), warehouse.toString(), "other-run")) {
      owner.load(Files.newBufferedReader(lockFile));
      r = SmallWarehouse.run(warehouse, input, "blocked");
    }
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.BUSY.code()).isEqualTo(5);
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.lastErrLine())
        .isEqualTo(
            "error: Another run is writing the warehouse '"
                + warehouse
                + "' (run id other-run, host "
                + owner.getProperty("host")
                + ", pid "
                + ProcessHandle.current().pid()
                + ", started "
                + owner.getProperty("started")
                + "); retry when it has finished (if that run is dead, its lock "
                + lockFile
                + " is taken over after 3 minutes, or delete it).");
    assertThat(WarehouseState.of(spark(), warehouse)).isEqualTo(before);
    assertThat(warehouse.resolve("models/blocked")).doesNotExist();
    assertThat(lockFile).as("released by its owner").doesNotExist();
  }

  @Test
  void aSecondLockInTheSameProcessIsRefused() {
    String root = tmp.resolve("wh").toString();
    try (WarehouseLock first = WarehouseLock.acquire(conf(), root, "first")) {
      assertThatThrownBy(() -> WarehouseLock.acquire(conf(), root, "second"))
          .isInstanceOfSatisfying(
              UserException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUSY))
          .hasMessageContaining("(run id first, ");
    }
    try (WarehouseLock again = WarehouseLock.acquire(conf(), root, "second")) {
      assertThat(tmp.resolve("wh").resolve(WarehouseLock.FILE)).exists();
    }
    assertThat(tmp.resolve("wh").resolve(WarehouseLock.FILE)).doesNotExist();
  }

  @Test
  void theLockOfADeadProcessIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path root = Files.createDirectories(tmp.resolve("wh-stale"));
    Files.writeString(
        root.resolve(WarehouseLock.FILE),
        "run_id=killed\nhost="
            + InetAddress.getLocalHost().getHostName()
            + "\npid="
            + gone.pid()
            + "\nstarted=2026-01-01T00:00:00Z\ntoken=t\n");
    try (WarehouseLock taken = WarehouseLock.acquire(conf(), root.toString(), "next")) {
      assertThat(Files.readString(root.resolve(WarehouseLock.FILE))).contains("run_id=next");
    }
  }

  @Test
  void twoRunsStartedTogetherNeverInterleaveTheirWrites() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Cli>> runs =
        List.of("race-a", "race-b").stream()
            .map(
                id ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          await(start);
                          return SmallWarehouse.run(warehouse, input, id);
                        }))
            .toList();
    start.countDown();
    List<Cli> results = runs.stream().map(CompletableFuture::join).toList();
    List<String> succeeded = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Cli r = results.get(i);
      String id = i == 0 ? "race-a" : "race-b";
      assertThat(r.exitCode()).as(r.err()).isIn(0, 5);
      if (r.exitCode() == 0) {
        succeeded.add(id);
      } else {
        assertThat(r.lastErrLine())
            .startsWith(
                "error: Another run is writing the warehouse '" + warehouse + "' (run id race-");
      }
    }
    assertThat(succeeded).as("at least one run wins").isNotEmpty();
    List<String> logged =
        PowerBiRules.load(spark(), warehouse, "run_log")
            .where("run_id like 'race-%'")
            .select("run_id")
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(logged)
        .as("one run_log row per successful run, none for a loser")
        .containsExactlyInAnyOrderElementsOf(succeeded);
    // Every table holds one run's complete data: the star schema is consistent.
    PowerBiRules.assertReferentialIntegrity(spark(), warehouse);
    assertThat(PowerBiRules.load(spark(), warehouse, "fact_sales").count()).isEqualTo(17);
    assertThat(
            PowerBiRules.load(spark(), warehouse, "dim_cluster").where("cluster_key > 0").count())
        .isEqualTo(3);
    assertThat(warehouse.resolve(WarehouseLock.FILE)).doesNotExist();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
