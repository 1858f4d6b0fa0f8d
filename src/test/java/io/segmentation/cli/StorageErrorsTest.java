package io.segmentation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Cli;
import io.segmentation.testing.SparkTestBase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage paths whose filesystem is missing: the test JVM has no S3A connector (hadoop-aws is kept
 * off the Surefire classpath), exactly like a cluster where nobody added it. S3StorageIT covers the
 * unreachable endpoint, with the connector.
 */
@Tag("e2e")
class StorageErrorsTest extends SparkTestBase {
  private static final String ADD_CONNECTOR =
      "add the S3A connector: --packages org.apache.hadoop:hadoop-aws:3.4.2";
  @TempDir static Path tmp;

  @BeforeAll
  static void session() {
    spark();
  }

  @Test
  void testClasspathHasNoS3aConnector() {
    assertThat(
            getClass().getClassLoader().getResource("org/apache/hadoop/fs/s3a/S3AFileSystem.class"))
        .isNull();
  }

  @Test
  void s3aInputWithoutTheConnectorSaysWhatToAdd() {
    Cli r =
        Cli.run(
            "run",
            "--input",
            "s3a://landing/invoices/*.csv",
            "--output",
            tmp.resolve("wh").toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(r.lastErrLine())
        .isEqualTo(
            "error: No filesystem for the scheme 's3a' of 's3a://landing/invoices/*.csv': the S3A connector"
                + " is not on the classpath; "
                + ADD_CONNECTOR
                + " (the cluster's Hadoop version), or pass"
                + " hadoop-aws and its AWS SDK v2 jars with --jars.");
  }

  @Test
  void s3aOutputWithoutTheConnectorFailsBeforeAnyWork() {
    Cli r =
        Cli.run(
            "run",
            "--input",
            tmp.resolve("no-input").toString(),
            "--output",
            "s3a://lake/warehouse");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.lastErrLine()).contains("'s3a://lake/warehouse'", ADD_CONNECTOR);
  }

  @Test
  void unknownSchemeNamesTheSchemeAndTheFix() {
    Cli r = Cli.run("validate", "--input", "s4a://landing/invoices");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.lastErrLine())
        .contains(
            "No filesystem for the scheme 's4a' of 's4a://landing/invoices'",
            "S3 paths are s3a://bucket/key");
  }
}
