package io.segmentation.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmentation.testing.Cli;
import io.segmentation.testing.GeneratedWarehouse;
import io.segmentation.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow DAG (src/main/airflow): src/test/python/check_dag.py imports it with stubbed airflow
 * modules, checks schedule, retries and the exit-code policy, and renders the spark-submit
 * application arguments for one logical date; this test then runs those arguments (as {@code
 * validate}) against the job.
 */
class AirflowDagTest extends SparkTestBase {
  private static final String DS = "2011-12-10";
  private static final Path DAG = Path.of("src/main/airflow/customer_segmentation_dag.py");
  private static final Path CHECKER = Path.of("src/test/python/check_dag.py");

  @TempDir Path tmp;

  @Test
  void renderedCommandLineIsAcceptedByTheJob() throws Exception {
    String python = python3();
    spark();
    GeneratedWarehouse w = GeneratedWarehouse.get();
    Path config = Path.of("conf/online-retail.conf").toAbsolutePath();
    Path output = tmp.resolve("warehouse");
    Path summaries = tmp.resolve("summaries");

    List<String> cmd =
        new ArrayList<>(List.of(python, CHECKER.toString(), "--dag", DAG.toString(), "--ds", DS));
    addVar(cmd, "segmentation_jar", "/opt/customer-segmentation/customer-segmentation.jar");
    addVar(cmd, "segmentation_config", config.toString());
    addVar(cmd, "segmentation_input", w.invoices().toString());
    addVar(cmd, "segmentation_output", output.toString());
    addVar(cmd, "segmentation_summary_dir", summaries.toString());
    Result checker = exec(cmd);
    assertThat(checker.code()).as("check_dag.py failed:%n%s", checker.err()).isZero();

    String[] lines = checker.out().strip().split("\\R");
    JsonNode dag = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(dag.get("schedule").asText()).isEqualTo("@daily");
    assertThat(dag.get("java_class").asText()).isEqualTo("io.segmentation.cli.Main");
    assertThat(dag.get("application").asText()).isEqualTo("/opt/customer-segmentation/customer-segmentation.jar");
    assertThat(dag.get("conn_id").asText()).isEqualTo("spark_default");
    String summary = summaries.resolve(DS).resolve("summary.json").toString();
    assertThat(dag.get("summary_json").asText()).isEqualTo(summary);
    List<String> args = new ArrayList<>();
    dag.get("application_args").forEach(a -> args.add(a.asText()));
    assertThat(args)
        .containsExactly(
            "run",
            "--config", config.toString(),
            "--input", w.invoices().toString(),
            "--output", output.toString(),
            "--run-id", DS,
            "--set", "features.reference-date=" + DS,
            "--summary-json", summary);

    args.set(0, "validate");
    Cli validate = Cli.run(args.toArray(String[]::new));
    assertThat(validate.exitCode()).as(validate.err()).isZero();
    assertThat(validate.out())
        .contains("configuration OK")
        .contains("input            " + w.invoices() + " (csv, preset uci-online-retail)")
        .contains("output           " + output)
        .contains("validate wrote nothing.");
    assertThat(validate.out()).containsPattern("sample +10,000 rows parsed");
    assertThat(output).doesNotExist();
    assertThat(Path.of(summary)).doesNotExist();
  }

  private static void addVar(List<String> cmd, String name, String value) {
    cmd.add("--var");
    cmd.add(name + "=" + value);
  }

  /** python3 on the PATH, or the test is skipped (loudly: CI has it). */
  private static String python3() {
    boolean present;
    try {
      present = exec(List.of("python3", "--version")).code() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    if (!present) {
      System.err.println("WARNING: SKIPPING the Airflow DAG test: python3 is not on the PATH");
    }
    assumeTrue(present, "python3 is not on the PATH: the Airflow DAG is not checked");
    return "python3";
  }

  record Result(int code, String out, String err) {}

  private static Result exec(List<String> cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile("python-out", ".txt");
    Path err = Files.createTempFile("python-err", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " did not finish in 120 s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
