package io.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.tables.Tables;
import io.segmentation.testing.Processes;
import io.segmentation.testing.SparkTestBase;
import io.segmentation.testing.WarehouseChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The job on S3 through the S3A connector, against a real S3-compatible server: S3Proxy with its
 * filesystem backend, a separate process on 127.0.0.1 with its own classpath. The job runs as a
 * user runs it, {@code ./submit.sh --jars <hadoop-aws and the AWS SDK v2 modules>} with path-style
 * access, the endpoint in {@code --conf spark.hadoop.fs.s3a.*} and the credentials only in the
 * environment. The bucket is a folder of S3Proxy's backend, so the tables are read back from disk,
 * independently of S3A.
 */
@Tag("it")
class S3StorageIT extends SparkTestBase {
  private static final String ACCESS_KEY = "segmentation-it";
  private static final String SECRET_KEY = "s3cr3t-7f3a9c1e-do-not-log";
  private static final String BUCKET = "lake";
  private static final int CUSTOMERS = 300;

  private static Path backend;
  private static Process s3proxy;
  private static String endpoint;
  private static Processes.Result generate;
  private static Processes.Result run;
  private static Path summaryJson;

  @BeforeAll
  static void startS3AndRun() throws IOException {
    Path base = Files.createTempDirectory("s3-it");
    backend = base.resolve("backend");
    Files.createDirectories(backend.resolve(BUCKET));
    int port = Processes.freePort();
    endpoint = "http://127.0.0.1:" + port;
    Path properties = base.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + backend),
        StandardCharsets.UTF_8);
    Path log = base.resolve("s3proxy.log");
    s3proxy =
        Processes.start(
            List.of(
                javaBin(),
                "-Xmx256m",
                "-jar",
                Processes.PROJECT.resolve("target/it-tools/s3proxy.jar").toString(),
                "--properties",
                properties.toString()),
            Map.of(),
            log);
    Processes.awaitPort(s3proxy, port, log);

    generate =
        submitS3(
            endpoint,
            List.of(
                "generate",
                "--customers",
                String.valueOf(CUSTOMERS),
                "--output",
                "s3a://" + BUCKET + "/landing"));
    assertThat(generate.code()).as(generate.err()).isZero();
    summaryJson = base.resolve("summary.json");
    run =
        submitS3(
            endpoint,
            List.of(
                "run",
                "--input",
                "s3a://" + BUCKET + "/landing/invoices",
                "--output",
                "s3a://" + BUCKET + "/warehouse",
                "--run-id",
                "s3-it",
                "--set",
                "model.k=3",
                "--summary-json",
                summaryJson.toString()));
  }

  @AfterAll
  static void stopS3() {
    Processes.stop(s3proxy);
  }

  @Test
  void runOnS3WritesConsistentTables() {
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("customers          300 segmented", "s3a://lake/warehouse/fact_clustering");
    assertThat(backend.resolve("lake/landing/invoices")).isDirectory();
    Row log = WarehouseChecks.assertRun(spark(), warehouse(), "s3-it", 3, CUSTOMERS);
    assertThat(log.<String>getAs("input_path")).isEqualTo("s3a://lake/landing/invoices");
    assertThat(log.<String>getAs("model_path")).isEqualTo("s3a://lake/warehouse/models/s3-it");
    assertThat(backend.resolve("lake/warehouse/models/s3-it")).isDirectory();
  }

  @Test
  void secretKeyAppearsInNoOutputTableOrFile() throws IOException {
    assertThat(run.code()).as(run.err()).isZero();
    for (Processes.Result r : List.of(generate, run)) {
      assertThat(r.out()).doesNotContain(SECRET_KEY);
      assertThat(r.err()).doesNotContain(SECRET_KEY);
    }
    List<Row> configs =
        WarehouseChecks.table(spark(), warehouse(), Tables.RUN_LOG)
            .select("config")
            .collectAsList();
    assertThat(configs).hasSize(1);
    assertThat(configs.get(0).getString(0)).isNotBlank().doesNotContain(SECRET_KEY);
    if (Files.exists(summaryJson)) {
      assertThat(Files.readString(summaryJson)).doesNotContain(SECRET_KEY);
    }
    // Every object the job wrote (Delta logs, Parquet, the model, a summary under the warehouse).
    List<Path> leaking = new ArrayList<>();
    try (Stream<Path> files = Files.walk(backend)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(SECRET_KEY)) {
          leaking.add(f);
        }
      }
    }
    assertThat(leaking).isEmpty();
  }

  @Test
  void unreachableEndpointIsAnInputErrorAndFailsFast() {
    String closed = "http://127.0.0.1:" + Processes.freePort();
    Processes.Result r =
        submitS3(
            closed,
            List.of(
                "run",
                "--input",
                "s3a://lake/landing/invoices",
                "--output",
                backend.resolve("unused").toString()));
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.lastErrLine())
        .startsWith(
            "error: Cannot reach the S3 endpoint "
                + closed
                + " for 's3a://lake/landing/invoices' (")
        .endsWith(
            "check fs.s3a.endpoint (--conf spark.hadoop.fs.s3a.endpoint=...), fs.s3a.path.style.access and the network.");
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain(SECRET_KEY);
  }

  private static String warehouse() {
    return backend.resolve(BUCKET).resolve("warehouse").toString();
  }

  /**
   * submit.sh with the S3A connector, the endpoint and fail-fast retries; keys in the environment
   * only.
   */
  private static Processes.Result submitS3(String s3Endpoint, List<String> command) {
    String jars;
    try {
      jars =
          Files.readString(Processes.PROJECT.resolve("target/s3a-classpath.txt"))
              .strip()
              .replace(':', ',');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(List.of("--jars", jars, "--driver-memory", "1500m"));
    for (String conf :
        List.of(
            "fs.s3a.endpoint=" + s3Endpoint,
            "fs.s3a.endpoint.region=us-east-1",
            "fs.s3a.path.style.access=true",
            "fs.s3a.connection.ssl.enabled=false",
            "fs.s3a.aws.credentials.provider=software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
            "fs.s3a.attempts.maximum=1",
            "fs.s3a.retry.limit=1",
            "fs.s3a.retry.interval=100ms")) {
      args.add("--conf");
      args.add("spark.hadoop." + conf);
    }
    args.addAll(command);
    return Processes.submit(
        Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY), args);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
