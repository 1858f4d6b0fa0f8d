package io.segmentation.lines;

import java.nio.file.Path;

/** Where the line tests find the repository's files and which Spark line they run on. */
final class LineRun {
  private LineRun() {}

  /**
   * The repository root (the line's build passes it; the tests run in the line's module folder).
   */
  static Path repo() {
    return Path.of(System.getProperty("project.dir", "../..")).toAbsolutePath().normalize();
  }

  /** A configuration file of the repository's conf/ folder. */
  static String conf(String name) {
    return repo().resolve("conf").resolve(name).toString();
  }

  /** The Spark line this build is for (4.0, 3.5), for the test's output only. */
  static String line() {
    return System.getProperty("spark.line", "?")
        + " (Spark "
        + org.apache.spark.package$.MODULE$.SPARK_VERSION()
        + ")";
  }
}
