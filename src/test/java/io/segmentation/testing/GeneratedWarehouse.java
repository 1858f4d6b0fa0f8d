package io.segmentation.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The generator's default data set and one successful run on it (run id {@code e2e-1}, tables also
 * registered in the catalog database {@link #DATABASE}), made once per test JVM and shared by the
 * test classes that only read it.
 */
public record GeneratedWarehouse(Path data, Path warehouse, Cli firstRun) {
  public static final String DATABASE = "segmentation_e2e";
  private static GeneratedWarehouse instance;

  public static synchronized GeneratedWarehouse get() {
    if (instance == null) {
      try {
        Path root = Files.createTempDirectory("generated-warehouse");
        Path data = root.resolve("generated");
        Path warehouse = root.resolve("warehouse");
        Cli gen = Cli.run("generate", "--output", data.toString());
        assertThat(gen.exitCode()).as(gen.err()).isZero();
        Cli run =
            Cli.run(
                "run",
                "--input",
                data.resolve("invoices").toString(),
                "--output",
                warehouse.toString(),
                "--run-id",
                "e2e-1",
                "--set",
                "output.database=" + DATABASE);
        assertThat(run.exitCode()).as(run.err()).isZero();
        instance = new GeneratedWarehouse(data, warehouse, run);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  public Path invoices() {
    return data.resolve("invoices");
  }
}
