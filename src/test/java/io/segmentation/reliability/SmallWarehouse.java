package io.segmentation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A warehouse holding one successful run (run id {@code baseline}, k = 3) of the eight-customer
 * file {@code bad-input/header-case-and-spaces.csv}, made once per test JVM for the reliability
 * tests. Tests may add runs to it; each compares the state before and after its own run.
 */
final class SmallWarehouse {
  static final String BASELINE_INPUT = "header-case-and-spaces.csv";
  private static Path warehouse;

  private SmallWarehouse() {}

  static synchronized Path get() {
    if (warehouse == null) {
      try {
        Path wh = Files.createTempDirectory("reliability").resolve("warehouse");
        Cli baseline = run(wh, resource(BASELINE_INPUT).toString(), "baseline");
        assertThat(baseline.exitCode()).as(baseline.err()).isZero();
        warehouse = wh;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return warehouse;
  }

  /** A file of the bad-input corpus. */
  static Path resource(String name) {
    try {
      return Path.of(SmallWarehouse.class.getResource("/bad-input/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code run} with k = 3 and the given {@code --set} values. */
  static Cli run(Path warehouse, String input, String runId, String... sets) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--input",
                input,
                "--output",
                warehouse.toString(),
                "--run-id",
                runId,
                "--set",
                "model.k=3"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return Cli.run(args.toArray(String[]::new));
  }
}
