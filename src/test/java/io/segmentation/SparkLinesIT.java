package io.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmentation.testing.Cli;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.Processes;
import io.segmentation.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark 4.0 and 3.5 jars through {@code ./submit.sh --spark LINE} (each on its own
 * Maven-resolved Spark), against this 4.1 line: the same tables from the same input, tables written
 * by the 3.5 jar read with this line's Delta and with Delta Kernel, and the 3.5 jar running on a
 * warehouse this line wrote. The line jars are built by {@code mvn verify} before the it lane.
 */
@Tag("it")
class SparkLinesIT extends SparkTestBase {
  private static final Path PROJECT = Processes.PROJECT;

  @TempDir static Path tmp;
  static Path invoices;

  @BeforeAll
  static void generate() {
    for (String line : List.of("3.5", "4.0")) {
      boolean built = lineJar(line) != null;
      if (!built) {
        System.err.println(
            "WARNING: SKIPPING SparkLinesIT: no Spark " + line + " jar (mvn verify builds it)");
      }
      assumeTrue(built, "no Spark " + line + " jar");
    }
    Path data = tmp.resolve("generated");
    Cli gen = Cli.run("generate", "--output", data.toString(), "--customers", "600");
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    invoices = data.resolve("invoices");
  }

  private static Path lineJar(String line) {
    Path target = PROJECT.resolve("src/spark-" + line + "/target");
    if (!Files.isDirectory(target)) {
      return null;
    }
    try (Stream<Path> jars = Files.list(target)) {
      return jars.filter(
              p -> p.getFileName().toString().matches("customer-segmentation-spark.*\\.jar"))
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Processes.Result submit(Map<String, String> env, String... args) {
    return Processes.submit(env, List.of(args));
  }

  private static List<String> facts(Path warehouse) {
    Row sales =
        PowerBiRules.load(spark(), warehouse, "fact_sales")
            .selectExpr("count(*)", "sum(line_amount)")
            .first();
    Row chosen = PowerBiRules.load(spark(), warehouse, "model_selection").where("chosen").first();
    List<String> sizes =
        PowerBiRules.load(spark(), warehouse, "dim_cluster")
            .where("cluster_key > 0")
            .orderBy("customer_count")
            .selectExpr("cast(customer_count as string)")
            .as(Encoders.STRING())
            .collectAsList();
    return List.of(
        "sales " + sales.get(0) + " " + sales.getDecimal(1).toPlainString(),
        "k " + chosen.getAs("k"),
        "sizes " + sizes);
  }

  @Test
  void everyLineMakesTheSameTablesAndTheyReadAcrossLines() {
    Path wh41 = tmp.resolve("wh-4.1");
    Cli run41 = Cli.run("run", "--input", invoices.toString(), "--output", wh41.toString());
    assertThat(run41.exitCode()).as(run41.err()).isZero();

    Path wh35 = tmp.resolve("wh-3.5");
    Processes.Result r35 =
        submit(
            Map.of(),
            "--spark",
            "3.5",
            "run",
            "--input",
            invoices.toString(),
            "--output",
            wh35.toString());
    assertThat(r35.code()).as(r35.err()).isZero();
    Path wh40 = tmp.resolve("wh-4.0");
    Processes.Result r40 =
        submit(
            Map.of("SEGMENTATION_SPARK", "4.0"),
            "run",
            "--input",
            invoices.toString(),
            "--output",
            wh40.toString());
    assertThat(r40.code()).as(r40.err()).isZero();

    assertThat(facts(wh35)).isEqualTo(facts(wh41));
    assertThat(facts(wh40)).isEqualTo(facts(wh41));

    // Written by the 3.5 jar (Delta 3.3), read by this line's Delta and by Delta Kernel 4.
    PowerBiRules.assertReadableByEveryEngine(spark(), wh35);
    PowerBiRules.assertKernelReadsLikeSpark(spark(), wh35);
    PowerBiRules.assertReferentialIntegrity(spark(), wh35);

    // The other way round: the 3.5 jar runs again on the warehouse this line wrote.
    Processes.Result again =
        submit(
            Map.of(),
            "--spark",
            "3.5",
            "run",
            "--input",
            invoices.toString(),
            "--output",
            wh41.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(PowerBiRules.load(spark(), wh41, "run_log").count()).isEqualTo(2);
    PowerBiRules.assertReadableByEveryEngine(spark(), wh41);
  }

  @Test
  void aWrongLineOrSeveralJarsStopWithoutGuessing() throws IOException {
    Processes.Result wrong = submit(Map.of(), "--spark", "2.4", "run");
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.lastErrLine()).contains("--spark must be 4.1, 4.0 or 3.5, not '2.4'");
    assertThat(submit(Map.of(), "--help").out()).contains("--spark LINE");

    Path jar = lineJar("3.5");
    Path other = jar.resolveSibling("customer-segmentation-spark3.5_2.12-0.0.1.jar");
    Files.copy(jar, other);
    try {
      Processes.Result several = submit(Map.of("SEGMENTATION_SPARK", "3.5"), "validate", "--help");
      assertThat(several.code()).isEqualTo(2);
      assertThat(several.lastErrLine())
          .contains("several Spark 3.5 jars in")
          .contains(other.getFileName().toString());
    } finally {
      Files.delete(other);
    }
  }
}
