package io.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.SparkTestBase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./submit.sh} as a user runs it, in a separate process, after {@code mvn package}: no
 * Spark installation, only the JDK and the Maven-resolved classpath.
 */
class SubmitScriptIT extends SparkTestBase {
  private static final Path PROJECT = Path.of(System.getProperty("project.dir", ".")).toAbsolutePath();

  record Result(int code, String out, String err) {}

  static Result submit(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(PROJECT.resolve("submit.sh").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile());
    pb.environment().remove("SPARK_HOME");
    File out = File.createTempFile("submit", ".out");
    File err = File.createTempFile("submit", ".err");
    pb.redirectOutput(out).redirectError(err);
    Process p = pb.start();
    assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("submit.sh finished").isTrue();
    return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }

  @Test
  void noArgumentsRunsTheLocalDemoAndLeavesReadableTables() throws Exception {
    Result r = submit();
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("rows read", "customer ids read  2,000", "chosen k", "silhouette", "Power Loyalists")
        .contains("fact_clustering  " + PROJECT.resolve("warehouse/fact_clustering"))
        .contains("Done. The Delta tables are under " + PROJECT.resolve("warehouse"));
    assertThat(r.err()).as("Spark's INFO logs stay off the console").doesNotContain(" INFO SparkContext");
    long customers = spark().read().format("delta").load(PROJECT.resolve("warehouse/fact_clustering").toString()).count();
    assertThat(customers).isEqualTo(2000);
  }

  @Test
  void helpExplainsCommandsAndSparkOptions() throws Exception {
    Result r = submit("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("run", "score", "validate", "generate", "--master", "--driver-memory", "SPARK_HOME", "Exit codes");
  }

  @Test
  void jobErrorsKeepTheirExitCodes() throws Exception {
    Result missing = submit("run", "--input", "/no/such/invoices/*.csv", "--output", Files.createTempDirectory("wh").toString());
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err().strip()).endsWith("does not exist or matches no file; check --input or input.path (globs such as 'dir/*.csv.gz' are allowed).");
    Result badKey = submit("validate", "--set", "model.kk=3");
    assertThat(badKey.code()).isEqualTo(2);
    assertThat(badKey.err()).contains("Unknown configuration key 'model.kk'");
  }

  @Test
  void unknownSparkOptionIsAUsageError() throws Exception {
    Result r = submit("--bogus", "run");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown spark-submit option '--bogus'");
  }
}
