package io.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.tables.Tables;
import io.segmentation.testing.Cli;
import io.segmentation.testing.KernelReader;
import io.segmentation.testing.MiniHdfs;
import io.segmentation.testing.Processes;
import io.segmentation.testing.SparkTestBase;
import io.segmentation.testing.WarehouseChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The job on HDFS: a real mini cluster (one namenode, one datanode, on 127.0.0.1) holds the
 * invoices and receives the Delta tables; the job runs in-process with {@code hdfs://} input and
 * output, and the tables are read back from HDFS with Spark and with Delta Kernel.
 */
@Tag("it")
class HdfsIT extends SparkTestBase {
  private static final int CUSTOMERS = 300;
  private static MiniDFSCluster hdfs;
  private static String root;
  private static Cli run;

  @BeforeAll
  static void startHdfsAndRun() throws Exception {
    Path base = Files.createTempDirectory("hdfs-it");
    hdfs = MiniHdfs.start(base);
    root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();

    Path local = base.resolve("generated");
    Cli gen =
        Cli.run("generate", "--customers", String.valueOf(CUSTOMERS), "--output", local.toString());
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    FileSystem fs = hdfs.getFileSystem();
    fs.copyFromLocalFile(
        new org.apache.hadoop.fs.Path(local.resolve("invoices").toUri()),
        new org.apache.hadoop.fs.Path("/landing/invoices"));
    assertThat(fs.listStatus(new org.apache.hadoop.fs.Path("/landing/invoices"))).isNotEmpty();

    spark();
    run =
        Cli.run(
            "run",
            "--input",
            root + "/landing/invoices/*.csv",
            "--output",
            root + "/warehouse",
            "--run-id",
            "hdfs-it",
            "--set",
            "model.k=3");
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown(true);
    }
  }

  @Test
  void runOnHdfsWritesConsistentTables() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("customers          300 segmented", root + "/warehouse/fact_clustering");
    Row log = WarehouseChecks.assertRun(spark(), root + "/warehouse", "hdfs-it", 3, CUSTOMERS);
    assertThat(log.<String>getAs("input_path")).isEqualTo(root + "/landing/invoices/*.csv");
    assertThat(log.<String>getAs("model_path")).isEqualTo(root + "/warehouse/models/hdfs-it");
  }

  @Test
  void tablesAndModelAreOnHdfsAndKernelReadsThem() throws Exception {
    FileSystem fs = hdfs.getFileSystem();
    for (var table : Tables.ALL) {
      assertThat(
              fs.exists(
                  new org.apache.hadoop.fs.Path(
                      "/warehouse/" + table.name() + "/_delta_log/00000000000000000000.json")))
          .as("%s on HDFS", table.name())
          .isTrue();
    }
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("/warehouse/models/hdfs-it"))).isTrue();
    KernelReader.Seen seen = KernelReader.read(root + "/warehouse/fact_clustering");
    assertThat(seen.rows()).isEqualTo(CUSTOMERS);
    assertThat(seen.columns())
        .contains(Tables.CUSTOMER_KEY, Tables.CLUSTER_KEY, Tables.SEGMENT_NAME);
  }

  @Test
  void unreachableNamenodeIsAnInputError() {
    int closed = Processes.freePort();
    spark().sparkContext().hadoopConfiguration().setInt("ipc.client.connect.max.retries", 0);
    try {
      Cli r = Cli.run("validate", "--input", "hdfs://127.0.0.1:" + closed + "/landing/invoices");
      assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
      assertThat(r.lastErrLine())
          .startsWith(
              "error: Cannot reach the storage of 'hdfs://127.0.0.1:"
                  + closed
                  + "/landing/invoices' (ConnectException")
          .endsWith(
              "check the host and port in the path (for hdfs://, the namenode's address) and the network.");
    } finally {
      spark().sparkContext().hadoopConfiguration().unset("ipc.client.connect.max.retries");
    }
  }
}
