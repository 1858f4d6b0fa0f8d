package io.segmentation.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Cli;
import io.segmentation.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** privacy.pseudonymize-customer-id: no raw customer id in any table or log. */
@Tag("e2e")
class PseudonymizationTest extends SparkTestBase {
  private static final String KEY_VARIABLE = "SEGMENTATION_TEST_PSEUDONYM_KEY";
  private static final String KEY = "a-test-key-of-32-characters-long";
  @TempDir static Path tmp;
  static Path warehouse;
  static Set<String> rawIds;
  static Cli run;

  @BeforeAll
  static void runOnce() throws IOException {
    spark();
    Path data = tmp.resolve("data");
    assertThat(Cli.run("generate", "--customers", "150", "--output", data.toString()).exitCode())
        .isZero();
    rawIds =
        Files.readAllLines(data.resolve("ground_truth/customers.csv")).stream()
            .skip(1)
            .map(l -> l.split(",")[0])
            .collect(Collectors.toSet());
    System.setProperty(KEY_VARIABLE, KEY);
    warehouse = tmp.resolve("warehouse");
    run =
        Cli.run(
            "run",
            "--input",
            data.resolve("invoices").toString(),
            "--output",
            warehouse.toString(),
            "--verbose",
            "--set",
            "model.k=3",
            "--set",
            "privacy.pseudonymize-customer-id=true",
            "--set",
            "privacy.key-env=" + KEY_VARIABLE);
  }

  @AfterAll
  static void forgetKey() {
    System.clearProperty(KEY_VARIABLE);
  }

  /** HMAC-SHA256 with the JDK's own implementation: independent of the Spark expression. */
  private static String hmac(String id) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aVerboseRunPutsTheSessionsLogLevelBack() {
    // --verbose shows Spark's INFO logs during the run only: the test JVM's session stays at WARN.
    assertThat(org.apache.logging.log4j.LogManager.getRootLogger().getLevel())
        .isEqualTo(org.apache.logging.log4j.Level.WARN);
  }

  @Test
  void customerIdsAreTheHmacOfTheRawIds() throws GeneralSecurityException {
    assertThat(run.exitCode()).as(run.err()).isZero();
    Set<String> expected = new HashSet<>();
    for (String id : rawIds) {
      expected.add(hmac(id));
    }
    List<String> ids =
        spark()
            .read()
            .format("delta")
            .load(warehouse.resolve("fact_clustering").toString())
            .select("customer_id")
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(ids).hasSize(150).allMatch(expected::contains);
  }

  @Test
  void noTableAndNoLogHoldsARawId() throws IOException {
    assertThat(run.exitCode()).isZero();
    List<String> tables;
    try (Stream<Path> s = Files.list(warehouse)) {
      tables =
          s.filter(p -> Files.isDirectory(p.resolve("_delta_log")))
              .map(p -> p.getFileName().toString())
              .toList();
    }
    assertThat(tables)
        .contains("fact_sales", "fact_clustering", "dim_customer", "rejected_rows", "run_log");
    for (String table : tables) {
      Dataset<Row> df = spark().read().format("delta").load(warehouse.resolve(table).toString());
      for (StructField f : df.schema().fields()) {
        if (f.dataType().equals(DataTypes.StringType)) {
          long leaks = df.where(df.col(f.name()).isin(rawIds.toArray())).count();
          assertThat(leaks).as("raw ids in %s.%s", table, f.name()).isZero();
        }
      }
    }
    assertThat(
            spark()
                .read()
                .format("delta")
                .load(warehouse.resolve("rejected_rows").toString())
                .where("raw_record is not null")
                .count())
        .isZero();
    String logs =
        run.out()
            + run.err()
            + Files.readString(
                warehouse
                    .resolve("runs")
                    .resolve(
                        Files.list(warehouse.resolve("runs"))
                            .findFirst()
                            .orElseThrow()
                            .getFileName())
                    .resolve("summary.json"));
    for (String id : rawIds) {
      assertThat(logs).as("raw id in the output").doesNotContainPattern("\\b" + id + "\\b");
    }
    assertThat(logs).doesNotContain(KEY);
  }

  @Test
  void aMissingKeyIsAConfigurationError() {
    Cli bad =
        Cli.run(
            "run",
            "--input",
            tmp.resolve("data/invoices").toString(),
            "--output",
            tmp.resolve("wh2").toString(),
            "--set",
            "privacy.pseudonymize-customer-id=true",
            "--set",
            "privacy.key-env=SEGMENTATION_NO_SUCH_KEY_VARIABLE");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.lastErrLine())
        .isEqualTo(
            "error: privacy.pseudonymize-customer-id is on but the key variable SEGMENTATION_NO_SUCH_KEY_VARIABLE is not set;"
                + " export SEGMENTATION_NO_SUCH_KEY_VARIABLE (at least 16 characters, kept secret) or switch pseudonymisation off.");
  }
}
