package io.segmentation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmentation.tables.Tables;
import io.segmentation.testing.Cli;
import io.segmentation.testing.GeneratedWarehouse;
import io.segmentation.testing.SparkTestBase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run summary JSON and the HTML report of a run (docs/tables.md, "Run summary JSON", "Report").
 */
@Tag("e2e")
class RunOutputsTest extends SparkTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> REQUIRED =
      List.of(
          "schema_version",
          "run_id",
          "status",
          "exit_code",
          "started_at",
          "finished_at",
          "duration_seconds",
          "job_version",
          "spark_version",
          "input_path",
          "reference_date",
          "stages",
          "rows",
          "customers",
          "model",
          "segments",
          "drift",
          "tables",
          "report_path",
          "config");
  @TempDir static Path tmp;
  static GeneratedWarehouse w;
  static Path runDir;
  static JsonNode summary;

  @BeforeAll
  static void load() throws IOException {
    spark();
    w = GeneratedWarehouse.get();
    runDir = w.warehouse().resolve("runs").resolve("e2e-1");
    summary = JSON.readTree(runDir.resolve("summary.json").toFile());
  }

  @Test
  void consoleEndsWithTheSummaryAndThePathsOfTablesReportAndJson() {
    String out = w.firstRun().out();
    assertThat(out).contains("summary JSON       " + runDir.resolve("summary.json"));
    assertThat(out).contains("report             " + runDir.resolve("report.html"));
    assertThat(out).contains("fact_clustering").contains("(version ");
  }

  @Test
  void summaryHasEveryRequiredFieldAndCountsReconcile() {
    for (String field : REQUIRED) {
      assertThat(summary.has(field)).as(field).isTrue();
    }
    assertThat(summary.get("run_id").asText()).isEqualTo("e2e-1");
    assertThat(summary.get("status").asText()).isEqualTo("succeeded");
    assertThat(summary.get("exit_code").asInt()).isZero();
    JsonNode rows = summary.get("rows");
    long read = rows.get("read").asLong();
    assertThat(read).isEqualTo(count("invoices"));
    assertThat(read)
        .isEqualTo(
            rows.get("clean").asLong()
                + rows.get("rejected").asLong()
                + rows.get("duplicates_dropped").asLong());
    long byRule = 0;
    for (JsonNode n : rows.get("rejected_by_rule")) {
      byRule += n.asLong();
    }
    assertThat(byRule)
        .isEqualTo(rows.get("rejected").asLong() + rows.get("duplicates_dropped").asLong());
    assertThat(rows.get("clean").asLong())
        .isEqualTo(
            spark()
                .read()
                .format("delta")
                .load(w.warehouse().resolve("fact_sales").toString())
                .count());
  }

  @Test
  void summaryModelSegmentsAndTablesMatchTheTables() {
    JsonNode model = summary.get("model");
    int k = model.get("k_chosen").asInt();
    assertThat(k).isBetween(3, 8);
    long chosenFlags = 0;
    for (JsonNode t : model.get("k_tried")) {
      if (t.get("chosen").asBoolean()) {
        chosenFlags++;
        assertThat(t.get("k").asInt()).isEqualTo(k);
        assertThat(t.get("silhouette").asDouble()).isEqualTo(model.get("silhouette").asDouble());
      }
    }
    assertThat(chosenFlags).isEqualTo(1);
    assertThat(summary.get("segments")).hasSize(k);
    long sum = 0;
    for (JsonNode s : summary.get("segments")) {
      sum += s.get("customers").asLong();
      assertThat(s.get("name").asText()).isNotBlank();
      assertThat(s.get("recommended_actions").asText()).isNotBlank();
    }
    assertThat(sum)
        .isEqualTo(summary.get("customers").get("segmented").asLong())
        .isEqualTo(count("fact_clustering"));
    JsonNode tables = summary.get("tables");
    assertThat(tables.size()).isEqualTo(Tables.ALL.size()).isEqualTo(14); // clv_model is the 14th
    // Issue 16: a first run's drift section: every segment new, nothing to compare with.
    JsonNode drift = summary.get("drift");
    assertThat(drift.get("previous_run_id").isNull()).isTrue();
    assertThat(drift.get("segments_new").asInt())
        .isEqualTo(summary.get("model").get("k_chosen").asInt());
    assertThat(drift.get("drift_alert").asBoolean()).isFalse();
    JsonNode sales = tables.get("fact_sales");
    long latest =
        spark()
            .sql("DESCRIBE HISTORY delta.`" + sales.get("path").asText() + "`")
            .selectExpr("max(version)")
            .first()
            .getLong(0);
    assertThat(sales.get("version").asLong()).isEqualTo(latest);
    List<String> stages = summary.get("stages").findValuesAsText("name");
    assertThat(stages)
        .containsExactly(
            "read", "clean", "features", "clv", "history", "model", "profile", "identity", "write");
    assertThat(summary.get("stages").get(2).get("detail").asText())
        .contains(String.format(Locale.ROOT, "%,d customers", sum));
  }

  @Test
  void failedRunWritesASummaryWithItsExitCodeAndMessage() throws IOException {
    Path json = tmp.resolve("failed/summary.json");
    Cli run =
        Cli.run(
            "run",
            "--input",
            tmp.resolve("nothing-here").toString(),
            "--output",
            tmp.resolve("wh").toString(),
            "--run-id",
            "failing-1",
            "--summary-json",
            json.toString());
    assertThat(run.exitCode()).isEqualTo(3);
    JsonNode failed = JSON.readTree(json.toFile());
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("exit_code").asInt()).isEqualTo(3);
    assertThat(failed.get("run_id").asText()).isEqualTo("failing-1");
    assertThat(run.lastErrLine()).endsWith(failed.get("error").asText());
  }

  @Test
  void reportHasEveryChartDrawn() throws IOException {
    String html = Files.readString(runDir.resolve("report.html"));
    assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script");
    for (String id : HtmlReport.CHART_IDS) {
      Matcher m =
          Pattern.compile("id=\"" + id + "\"[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
              .matcher(html);
      assertThat(m.find()).as(id).isTrue();
      BufferedImage img =
          ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
      assertThat(img.getWidth()).as(id).isGreaterThan(200);
      assertThat(distinctColours(img))
          .as(id + " has a drawing, not a blank canvas")
          .isGreaterThan(8);
    }
    for (JsonNode s : summary.get("segments")) {
      assertThat(html)
          .contains(s.get("name").asText())
          .contains(escape(s.get("recommended_actions").asText()));
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static int distinctColours(BufferedImage img) {
    Set<Integer> colours = new HashSet<>();
    for (int x = 0; x < img.getWidth(); x += 3) {
      for (int y = 0; y < img.getHeight(); y += 3) {
        colours.add(img.getRGB(x, y));
      }
    }
    return colours.size();
  }

  private static long count(String table) {
    if (table.equals("invoices")) {
      return spark().read().option("header", true).csv(w.invoices().toString()).count();
    }
    return spark().read().format("delta").load(w.warehouse().resolve(table).toString()).count();
  }
}
