package io.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.tables.Tables;
import io.segmentation.testing.Cli;
import io.segmentation.testing.Processes;
import io.segmentation.testing.SparkTestBase;
import io.segmentation.testing.WarehouseChecks;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The job on a real Spark standalone cluster: a master and two workers (one core, 1 GB each), each
 * its own JVM on 127.0.0.1, started from a Spark home laid out like a distribution (jars/ holds the
 * Maven-resolved Spark, Scala and Hadoop jars). {@code ./submit.sh --master spark://...} runs the
 * job in client mode, so every closure and broadcast crosses a process boundary; the tables must
 * equal those of a {@code local[2]} run on the same input with the same settings.
 */
@Tag("it")
class StandaloneClusterIT extends SparkTestBase {
  private static final int CUSTOMERS = 300;
  private static final List<Process> daemons = new ArrayList<>();
  private static final List<Path> workDirs = new ArrayList<>();
  private static Path base;
  private static String master;
  private static Processes.Result localRun;
  private static Processes.Result clusterRun;

  @BeforeAll
  static void startClusterAndRun() throws IOException {
    base = Files.createTempDirectory("cluster-it");
    try {
      Path sparkHome = sparkHome(base.resolve("spark-home"));
      int masterPort = Processes.freePort();
      master = "spark://127.0.0.1:" + masterPort;
      startDaemon(
          sparkHome,
          "master",
          masterPort,
          List.of(
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(masterPort),
              "--webui-port",
              String.valueOf(Processes.freePort())));
      for (int i = 1; i <= 2; i++) {
        int port = Processes.freePort();
        Path work = Files.createDirectories(base.resolve("worker-" + i));
        workDirs.add(work);
        startDaemon(
            sparkHome,
            "worker-" + i,
            port,
            List.of(
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--webui-port",
                String.valueOf(Processes.freePort()),
                "--cores",
                "1",
                "--memory",
                "1g",
                "--work-dir",
                work.toString(),
                master));
      }

      Path data = base.resolve("generated");
      Cli gen =
          Cli.run(
              "generate", "--customers", String.valueOf(CUSTOMERS), "--output", data.toString());
      assertThat(gen.exitCode()).as(gen.err()).isZero();
      String input = data.resolve("invoices").toString();
      localRun = submit("local[2]", List.of(), input, "local");
      clusterRun =
          submit(
              master,
              List.of("--executor-memory", "640m", "--total-executor-cores", "2"),
              input,
              "cluster");
    } catch (RuntimeException | Error | IOException e) {
      stopCluster();
      throw e;
    }
  }

  @AfterAll
  static void stopCluster() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Processes.stop(daemons.get(i));
    }
    daemons.clear();
  }

  @Test
  void clusterRunSucceedsOnBothExecutors() throws IOException {
    assertThat(clusterRun.code()).as(clusterRun.err()).isZero();
    assertThat(clusterRun.out()).contains("customers          300 segmented");
    WarehouseChecks.assertRun(spark(), warehouse("cluster"), "cluster", 3, CUSTOMERS);
    // Each worker launched an executor for the application, and executors (not the driver) ran
    // tasks.
    long tasksRun = 0;
    for (Path work : workDirs) {
      List<Path> executorLogs = executorLogs(work);
      assertThat(executorLogs).as("executor logs under %s", work).isNotEmpty();
      for (Path log : executorLogs) {
        tasksRun +=
            Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("Running task"))
                .count();
      }
    }
    assertThat(tasksRun).as("tasks run by the executors").isPositive();
  }

  @Test
  void clusterTablesEqualALocalRunsOnTheSameInput() {
    assertThat(localRun.code()).as(localRun.err()).isZero();
    assertThat(clusterRun.code()).as(clusterRun.err()).isZero();
    WarehouseChecks.assertRun(spark(), warehouse("local"), "local", 3, CUSTOMERS);
    assertThat(segments("cluster")).as("segments (key, name, size)").isEqualTo(segments("local"));
    assertThat(WarehouseChecks.assignments(spark(), warehouse("cluster")))
        .as("per-customer segment")
        .isEqualTo(WarehouseChecks.assignments(spark(), warehouse("local")));
    assertThat(WarehouseChecks.table(spark(), warehouse("cluster"), Tables.FACT_SALES).count())
        .isEqualTo(WarehouseChecks.table(spark(), warehouse("local"), Tables.FACT_SALES).count());
  }

  private static List<String> segments(String name) {
    return WarehouseChecks.table(spark(), warehouse(name), Tables.DIM_CLUSTER)
        .orderBy(Tables.CLUSTER_KEY)
        .collectAsList()
        .stream()
        .map(
            r ->
                r.getAs(Tables.CLUSTER_KEY)
                    + " "
                    + r.getAs(Tables.SEGMENT_NAME)
                    + " "
                    + r.getAs(Tables.CUSTOMER_COUNT))
        .toList();
  }

  private static String warehouse(String name) {
    return base.resolve("warehouse-" + name).toString();
  }

  /** The same job and settings on either master; only the master and executor sizing differ. */
  private static Processes.Result submit(
      String masterUrl, List<String> sizing, String input, String runId) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--master",
                masterUrl,
                "--driver-memory",
                "1g",
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--conf",
                "spark.sql.shuffle.partitions=8",
                "--conf",
                "spark.default.parallelism=2"));
    args.addAll(sizing);
    args.addAll(
        List.of(
            "run",
            "--input",
            input,
            "--output",
            warehouse(runId),
            "--run-id",
            runId,
            "--set",
            "model.k=3"));
    return Processes.submit(Map.of("SPARK_LOCAL_IP", "127.0.0.1"), args);
  }

  private static void startDaemon(Path sparkHome, String name, int port, List<String> mainAndArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.addAll(Processes.sparkJvmOpens());
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + "/*");
    cmd.addAll(mainAndArgs);
    Path log = base.resolve(name + ".log");
    Process p =
        Processes.start(
            cmd,
            Map.of(
                "SPARK_HOME",
                sparkHome.toString(),
                "SPARK_LOCAL_IP",
                "127.0.0.1",
                "SPARK_SCALA_VERSION",
                "2.13"),
            log);
    daemons.add(p);
    Processes.awaitPort(p, port, log);
  }

  /**
   * A Spark home as a distribution lays it out (RELEASE, jars/), linking the provided-scope jars.
   */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.writeString(
        home.resolve("RELEASE"), "Spark (test layout of target/provided-classpath.txt)\n");
    String classpath =
        Files.readString(Processes.PROJECT.resolve("target/provided-classpath.txt")).strip();
    for (String jar : classpath.split(File.pathSeparator)) {
      Path link = jars.resolve(Path.of(jar).getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, Path.of(jar));
      }
    }
    return home;
  }

  private static List<Path> executorLogs(Path work) throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      return files.filter(f -> f.getFileName().toString().equals("stderr")).toList();
    }
  }
}
