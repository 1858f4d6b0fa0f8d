package io.segmentation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.tables.Tables;
import io.segmentation.testing.Cli;
import io.segmentation.testing.KernelReader;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.SparkTestBase;
import io.segmentation.warehouse.TableSpec;
import io.segmentation.warehouse.WarehouseLock;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures only a separate JVM can show, with {@code ./submit.sh} in local mode on a small
 * generated data set: a driver killed with SIGKILL while it writes the tables, and an executor task
 * that fails once. In both cases the tables stay readable and the (next) run's results equal those
 * of an uninterrupted in-process run on the same data and settings.
 */
@Tag("it")
class FailureRecoveryIT extends SparkTestBase {
  private static final Path PROJECT =
      Path.of(System.getProperty("project.dir", ".")).toAbsolutePath();

  /** Same partitioning as the in-process test session, so results are comparable. */
  private static final List<String> LOCAL_LIKE_TESTS =
      List.of("--conf", "spark.sql.shuffle.partitions=4");

  @TempDir static Path tmp;
  private static String invoices;
  private static Path reference;

  @BeforeAll
  static void dataAndUninterruptedRun() {
    spark();
    Path data = tmp.resolve("data");
    Cli gen =
        Cli.run("generate", "--output", data.toString(), "--customers", "150", "--seed", "11");
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    invoices = data.resolve("invoices").toString();
    reference = tmp.resolve("reference");
    Cli run = Cli.run(runArgs(invoices, reference, "ref"));
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private static String[] runArgs(String input, Path warehouse, String runId) {
    return new String[] {
      "run",
      "--input",
      input,
      "--output",
      warehouse.toString(),
      "--run-id",
      runId,
      "--set",
      "model.k=3"
    };
  }

  @Test
  void aDriverKilledWhileWritingLeavesReadableTablesAndTheRetryCompletesTheRun() throws Exception {
    Path wh = tmp.resolve("crashed");
    List<String> cmd =
        new ArrayList<>(List.of(PROJECT.resolve("submit.sh").toString(), "--master", "local[2]"));
    cmd.addAll(LOCAL_LIKE_TESTS);
    cmd.addAll(List.of(runArgs(invoices, wh, "crash-1")));
    Process p = start(cmd, tmp.resolve("crash.out"), tmp.resolve("crash.err"));
    // Kill in the middle of the write stage: dimensions committed, facts being written, run_log not
    // yet.
    boolean killed = false;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (Files.isDirectory(wh.resolve("dim_cluster/_delta_log"))
          && !Files.exists(wh.resolve("run_log/_delta_log"))) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly); // SIGKILL: no shutdown hook, no rollback
        for (ProcessHandle h : tree) {
          h.onExit().get(1, TimeUnit.MINUTES);
        }
        killed = true;
        break;
      }
      Thread.sleep(50);
    }
    p.waitFor(1, TimeUnit.MINUTES);
    assertThat(killed)
        .as("killed while writing; stderr: %s", Files.readString(tmp.resolve("crash.err")))
        .isTrue();
    assertThat(wh.resolve("run_log")).as("run_log not written").doesNotExist();
    assertThat(wh.resolve(WarehouseLock.FILE)).as("the killed run's lock is left behind").exists();

    // Every table that exists is readable, at one committed version, by Kernel and by Spark alike.
    for (TableSpec spec : Tables.ALL) {
      Path table = wh.resolve(spec.name());
      if (WarehouseState.latestVersion(table)
          >= 0) { // a table whose creation was killed has no version
        long kernelRows = KernelReader.read(table.toString()).rows();
        assertThat(PowerBiRules.load(spark(), wh, spec.name()).count())
            .as(spec.name())
            .isEqualTo(kernelRows);
      }
    }

    Cli retry = Cli.run(runArgs(invoices, wh, "crash-1"));
    assertThat(retry.exitCode()).as(retry.err()).isZero();
    assertSameResults(wh, "crash-1");
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheRunIsCorrect() throws Exception {
    Path wh = tmp.resolve("flaky");
    Path marker = tmp.resolve("flaky-failed-once");
    Path jar = flakyFileSystemJar();
    List<String> cmd =
        new ArrayList<>(List.of(PROJECT.resolve("submit.sh").toString(), "--master", "local[2,4]"));
    cmd.addAll(LOCAL_LIKE_TESTS);
    cmd.addAll(
        List.of(
            "--jars",
            jar.toString(),
            "--conf",
            "spark.hadoop.fs.flaky.impl=" + FlakyFileSystem.class.getName(),
            "--conf",
            "spark.hadoop.fs.flaky.impl.disable.cache=true",
            "--conf",
            "spark.hadoop." + FlakyFileSystem.MARKER_KEY + "=" + marker));
    cmd.addAll(List.of(runArgs("flaky://" + invoices, wh, "flaky-1")));
    Process p = start(cmd, tmp.resolve("flaky.out"), tmp.resolve("flaky.err"));
    assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
    String err = Files.readString(tmp.resolve("flaky.err"));
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(marker).as("the injected failure happened").exists();
    assertThat(Files.readString(marker)).startsWith("flaky:");
    assertSameResults(wh, "flaky-1");
  }

  /** Same segments, sizes and customers' segments as the reference; no duplicate append rows. */
  private static void assertSameResults(Path wh, String runId) {
    assertThat(rows(wh, "dim_cluster", "cluster_key, segment_name, customer_count"))
        .isEqualTo(rows(reference, "dim_cluster", "cluster_key, segment_name, customer_count"));
    assertThat(rows(wh, "fact_clustering", "customer_id, cluster_key"))
        .isEqualTo(rows(reference, "fact_clustering", "customer_id, cluster_key"));
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Long> expected = new LinkedHashMap<>();
    for (TableSpec spec : Tables.ALL) {
      boolean append = spec.columns().containsKey(Tables.RUN_ID);
      counts.put(spec.name(), count(wh, spec.name(), append ? "run_id = '" + runId + "'" : "true"));
      expected.put(spec.name(), count(reference, spec.name(), append ? "run_id = 'ref'" : "true"));
    }
    assertThat(counts).isEqualTo(expected);
    assertThat(
            PowerBiRules.load(spark(), wh, "run_log")
                .where("run_id = '" + runId + "'")
                .first()
                .<String>getAs("status"))
        .isEqualTo("succeeded");
    PowerBiRules.assertReferentialIntegrity(spark(), wh);
  }

  private static List<Row> rows(Path wh, String table, String columns) {
    String[] cols = columns.split(",\\s*");
    return PowerBiRules.load(spark(), wh, table)
        .selectExpr(cols)
        .orderBy(cols[0], cols[1])
        .collectAsList();
  }

  private static long count(Path wh, String table, String where) {
    return PowerBiRules.load(spark(), wh, table).where(where).count();
  }

  private static Process start(List<String> cmd, Path out, Path err) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile());
    pb.environment().remove("SPARK_HOME");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    return pb.start();
  }

  /** A jar with only the flaky filesystem, for --jars. */
  private static Path flakyFileSystemJar() throws IOException {
    Path jar = tmp.resolve("flaky-fs.jar");
    String entry = FlakyFileSystem.class.getName().replace('.', '/') + ".class";
    File compiled =
        new File(
            FlakyFileSystem.class.getProtectionDomain().getCodeSource().getLocation().getPath(),
            entry);
    try (OutputStream os = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(os)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(Files.readAllBytes(compiled.toPath()));
      out.closeEntry();
    }
    assertThat(new String(Files.readAllBytes(jar), StandardCharsets.ISO_8859_1))
        .contains("FlakyFileSystem");
    return jar;
  }
}
