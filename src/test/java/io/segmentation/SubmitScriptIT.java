package io.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Processes;
import io.segmentation.testing.SparkTestBase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code ./submit.sh} as a user runs it, in a separate process, after {@code mvn package}: no Spark
 * installation, only the JDK and the Maven-resolved classpath.
 */
@Tag("it")
class SubmitScriptIT extends SparkTestBase {
  private static final Path PROJECT = Processes.PROJECT;

  static Processes.Result submit(String... args) {
    return Processes.submit(Map.of(), List.of(args));
  }

  @Test
  void noArgumentsRunsTheLocalDemoAndLeavesReadableTables() throws Exception {
    Path log = Files.createTempDirectory("submit-log").resolve("customer-segmentation.log");
    Processes.Result r =
        Processes.submit(Map.of("SEGMENTATION_LOG_FILE", log.toString()), List.of());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "rows read", "customer ids read  2,000", "chosen k", "silhouette", "Power Loyalists")
        .contains("fact_clustering  " + PROJECT.resolve("warehouse/fact_clustering"))
        .contains("Done. The Delta tables are under " + PROJECT.resolve("warehouse"));
    assertThat(r.err())
        .as("Spark's INFO logs stay off the console")
        .doesNotContain(" INFO SparkContext")
        .as("Spark's expected warnings go to the log file only")
        .doesNotContain("Not enough space to cache", "Broadcasting large task binary");
    assertThat(log).as("the log file, with the job's stage lines").content().contains("features:");
    long customers =
        spark()
            .read()
            .format("delta")
            .load(PROJECT.resolve("warehouse/fact_clustering").toString())
            .count();
    assertThat(customers).isEqualTo(2000);
    assertClassDataArchiveIsWrittenAndUsed();
  }

  /**
   * After a successful run, target/cds holds the driver's class-data archive (no leftover temporary
   * file), and the next launch loads Spark's classes from it.
   */
  private static void assertClassDataArchiveIsWrittenAndUsed() throws Exception {
    try (var files = Files.list(PROJECT.resolve("target/cds"))) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".jsa")))
          .singleElement()
          .asString()
          .matches("driver-[0-9]+\\.jsa");
    }
    Path classLog = Files.createTempFile("classes", ".log");
    Processes.Result help =
        submit(
            "--driver-java-options",
            "-Xlog:class+load=info:file=" + classLog,
            "validate",
            "--help");
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(Files.readString(classLog))
        .contains("org.apache.spark.deploy.SparkSubmit source: shared objects file (top)");
    Processes.Result off =
        Processes.submit(
            Map.of("SEGMENTATION_CDS", "off"),
            List.of(
                "--driver-java-options",
                "-Xlog:class+load=info:file=" + classLog,
                "validate",
                "--help"));
    assertThat(off.code()).as(off.err()).isZero();
    assertThat(Files.readString(classLog))
        .as("SEGMENTATION_CDS=off")
        .contains("org.apache.spark.deploy.SparkSubmit source: file:")
        .doesNotContain("shared objects file (top)");
  }

  @Test
  void helpExplainsCommandsAndSparkOptions() throws Exception {
    Processes.Result r = submit("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "run",
            "score",
            "validate",
            "generate",
            "--master",
            "--driver-memory",
            "SPARK_HOME",
            "Exit codes");
  }

  @Test
  void jobErrorsKeepTheirExitCodes() throws Exception {
    Processes.Result missing =
        submit(
            "run",
            "--input",
            "/no/such/invoices/*.csv",
            "--output",
            Files.createTempDirectory("wh").toString());
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err().strip())
        .endsWith(
            "does not exist or matches no file; check --input or input.path (globs such as 'dir/*.csv.gz' are allowed).");
    Processes.Result badKey = submit("validate", "--set", "model.kk=3");
    assertThat(badKey.code()).isEqualTo(2);
    assertThat(badKey.err()).contains("Unknown configuration key 'model.kk'");
  }

  /**
   * On a local master the driver runs the parallel collector, unless SEGMENTATION_GC=g1 or the
   * caller's own JVM flags choose another; a bad SEGMENTATION_GC is a usage error.
   */
  @Test
  void localDriverCollectorIsParallelUnlessToldOtherwise() throws Exception {
    String flags = "-XX:+PrintCommandLineFlags";
    Processes.Result byDefault = submit("--driver-java-options", flags, "validate", "--help");
    assertThat(byDefault.code()).as(byDefault.err()).isZero();
    assertThat(byDefault.out()).contains("-XX:+UseParallelGC").doesNotContain("-XX:+UseG1GC");
    Processes.Result byEnvironment =
        Processes.submit(
            Map.of("SEGMENTATION_GC", "g1"),
            List.of("--driver-java-options", flags, "validate", "--help"));
    assertThat(byEnvironment.out()).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseParallelGC");
    Processes.Result named =
        Processes.submit(
            Map.of("SEGMENTATION_GC", "g1"),
            List.of("--driver-java-options", flags + " -XX:+UseSerialGC", "validate", "--help"));
    assertThat(named.out())
        .contains("-XX:+UseSerialGC")
        .doesNotContain("-XX:+UseParallelGC")
        .doesNotContain("-XX:+UseG1GC");
    Processes.Result bad =
        Processes.submit(Map.of("SEGMENTATION_GC", "zgc"), List.of("validate", "--help"));
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("SEGMENTATION_GC must be parallel or g1, not 'zgc'");
  }

  @Test
  void unknownSparkOptionIsAUsageError() throws Exception {
    Processes.Result r = submit("--bogus", "run");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown spark-submit option '--bogus'");
  }

  @Test
  void aFreshCloneBuildsTheJarBeforeRunning() throws Exception {
    // A copy of the project's scripts with no target/ (a fresh clone): submit.sh must build the
    // jar, then run the command. Maven is stood in for by a script that records its arguments and
    // puts this build's real outputs in place (a nested Maven build would take minutes).
    Path copy = Files.createTempDirectory("fresh-clone");
    Files.copy(
        PROJECT.resolve("submit.sh"),
        copy.resolve("submit.sh"),
        StandardCopyOption.COPY_ATTRIBUTES);
    Files.createDirectories(copy.resolve("conf"));
    Files.copy(PROJECT.resolve("conf/log4j2.properties"), copy.resolve("conf/log4j2.properties"));
    Path jar;
    try (var jars = Files.list(PROJECT.resolve("target"))) {
      jar =
          jars.filter(f -> f.getFileName().toString().matches("customer-segmentation-.*\\.jar"))
              .findFirst()
              .orElseThrow();
    }
    Path bin = Files.createDirectories(copy.resolve("bin"));
    Path mvn = bin.resolve("mvn");
    Files.writeString(
        mvn,
        String.join(
            "\n",
            "#!/bin/sh",
            "echo \"$@\" > '" + copy.resolve("mvn-args") + "'",
            "mkdir -p '" + copy.resolve("target") + "'",
            "cp '"
                + jar
                + "' '"
                + PROJECT.resolve("target/provided-classpath.txt")
                + "' '"
                + copy.resolve("target")
                + "/'",
            ""));
    assertThat(mvn.toFile().setExecutable(true)).isTrue();
    ProcessBuilder pb =
        new ProcessBuilder(copy.resolve("submit.sh").toString(), "validate", "--help")
            .directory(copy.toFile());
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    Path out = Files.createTempFile("fresh", ".out");
    Path err = Files.createTempFile("fresh", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String stderr = Files.readString(err);
    assertThat(p.exitValue()).as(stderr).isZero();
    assertThat(stderr).contains("building the Spark 4.1 application jar");
    assertThat(Files.readString(copy.resolve("mvn-args"))).contains("-DskipTests", "package");
    assertThat(Files.readString(out)).contains("Usage: customer-segmentation validate");
  }
}
