package io.segmentation.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One default run (conf/online-retail.conf, run id {@code uci}) on the real UCI data, made once per
 * test JVM and shared by the real-data test classes that only read its tables. Skips (loudly) when
 * ../shared is missing, like {@link SharedData#onlineRetailGlob()}.
 */
public record RealDataWarehouse(Path warehouse, Cli run) {
  private static RealDataWarehouse instance;

  public static synchronized RealDataWarehouse get() {
    String glob = SharedData.onlineRetailGlob();
    if (instance == null) {
      try {
        Path wh = Files.createTempDirectory("uci-warehouse");
        Cli run =
            Cli.run(
                "run",
                "--config",
                "conf/online-retail.conf",
                "--input",
                glob,
                "--output",
                wh.toString(),
                "--run-id",
                "uci");
        assertThat(run.exitCode()).as(run.err()).isZero();
        instance = new RealDataWarehouse(wh, run);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }
}
