package io.segmentation.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmentation.testing.Cli;
import io.segmentation.testing.GeneratedWarehouse;
import io.segmentation.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow DAG (src/main/airflow): src/test/python/check_dag.py imports it with stubbed airflow
 * modules, checks schedule, retries and the exit-code policy, and renders the spark-submit
 * application arguments for one logical date; this test then runs those arguments (as {@code
 * validate}) against the job.
 */
@Tag("e2e")
class AirflowDagTest extends SparkTestBase {
  private static final String DS = "2011-12-10";
  private static final Path DAG = Path.of("src/main/airflow/customer_segmentation_dag.py");
  private static final Path CHECKER = Path.of("src/test/python/check_dag.py");

  @TempDir Path tmp;

  @Test
  void renderedCommandLineIsAcceptedByTheJob() throws Exception {
    Python3.assumePresent("the Airflow DAG test");
    spark();
    GeneratedWarehouse w = GeneratedWarehouse.get();
    Path config = Path.of("conf/online-retail.conf").toAbsolutePath();
    Path output = tmp.resolve("warehouse");
    Path summaries = tmp.resolve("summaries");

    List<String> cmd =
        new ArrayList<>(List.of(CHECKER.toString(), "--dag", DAG.toString(), "--ds", DS));
    addVar(cmd, "segmentation_jar", "/opt/customer-segmentation/customer-segmentation.jar");
    addVar(cmd, "segmentation_config", config.toString());
    addVar(cmd, "segmentation_input", w.invoices().toString());
    addVar(cmd, "segmentation_output", output.toString());
    addVar(cmd, "segmentation_summary_dir", summaries.toString());
    Python3.Result checker = Python3.run(cmd);
    assertThat(checker.code()).as("check_dag.py failed:%n%s", checker.err()).isZero();

    JsonNode dag = new ObjectMapper().readTree(checker.lastLine());
    assertThat(dag.get("schedule").asText()).isEqualTo("@daily");
    assertThat(dag.get("java_class").asText()).isEqualTo("io.segmentation.cli.Main");
    assertThat(dag.get("application").asText())
        .isEqualTo("/opt/customer-segmentation/customer-segmentation.jar");
    assertThat(dag.get("conn_id").asText()).isEqualTo("spark_default");
    String summary = summaries.resolve(DS).resolve("summary.json").toString();
    assertThat(dag.get("summary_json").asText()).isEqualTo(summary);
    List<String> args = new ArrayList<>();
    dag.get("application_args").forEach(a -> args.add(a.asText()));
    assertThat(args)
        .containsExactly(
            "run",
            "--config",
            config.toString(),
            "--input",
            w.invoices().toString(),
            "--output",
            output.toString(),
            "--run-id",
            DS,
            "--set",
            "features.reference-date=" + DS,
            "--summary-json",
            summary);

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
}
