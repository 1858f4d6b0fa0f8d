package io.segmentation.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real UCI Online Retail files in {@code ../shared}; tests skip loudly where they are absent.
 */
public final class SharedData {
  private SharedData() {}

  public static final long ROWS = 541_909;
  public static final long ROWS_WITH_CUSTOMER = 406_829;
  public static final long DISTINCT_CUSTOMERS = 4_372;

  /**
   * The by-day glob; skips the calling test (with a warning on stderr) when the data is missing.
   */
  public static String onlineRetailGlob() {
    Path dir =
        Path.of(System.getProperty("shared.dir", "../shared"))
            .toAbsolutePath()
            .normalize()
            .resolve("data/online-retail/by-day");
    boolean present = Files.isDirectory(dir);
    if (!present) {
      System.err.println(
          "WARNING: SKIPPING real-data test: "
              + dir
              + " is missing (../shared is not beside the project)");
    }
    assumeTrue(present, "real data missing at " + dir);
    return dir + "/*.csv.gz";
  }
}
