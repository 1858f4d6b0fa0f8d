package io.segmentation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Cli;
import io.segmentation.testing.SparkTestBase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Names from configuration that reach Spark (output.database in SQL text, input.columns.* in column
 * expressions) are validated at start-up: a hostile value exits 2 with a one-line message and
 * nothing is executed or written.
 */
@Tag("e2e")
class HostileConfigurationTest extends SparkTestBase {
  private static final String VICTIM = "reliability_victim";
  @TempDir static Path tmp;

  @BeforeAll
  static void victimDatabase() {
    spark().sql("CREATE DATABASE IF NOT EXISTS " + VICTIM);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          output.database | x; DROP DATABASE reliability_victim | it must be a plain identifier (letters, digits, _)
          output.database | seg`; DROP DATABASE reliability_victim; -- | it must be a plain identifier (letters, digits, _)
          output.database | seg' OR '1'='1 | it must be a plain identifier (letters, digits, _)
          input.columns.customer-id | CustomerID`) ; DROP DATABASE reliability_victim; -- | a column name may use letters, digits, spaces and _ - . / # % ( ) (at most 128)
          input.columns.country | Country" , "x | a column name may use letters, digits, spaces and _ - . / # % ( ) (at most 128)
          """)
  void hostileNamesAreRefusedBeforeAnythingRuns(String key, String value, String allowed) {
    Path warehouse = tmp.resolve("wh-" + Math.abs((key + value).hashCode()));
    Cli r =
        Cli.run(
            "run",
            "--input",
            SmallWarehouse.resource(SmallWarehouse.BASELINE_INPUT).toString(),
            "--output",
            warehouse.toString(),
            "--set",
            "model.k=3",
            "--set",
            key + "=" + value);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.lastErrLine())
        .isEqualTo(
            "error: Configuration key '"
                + key
                + "' has the value '"
                + value
                + "', but "
                + allowed
                + ". Fix it in the config file or with --set "
                + key
                + "=...");
    assertThat(warehouse).doesNotExist();
    assertThat(spark().catalog().databaseExists(VICTIM)).isTrue();
  }
}
