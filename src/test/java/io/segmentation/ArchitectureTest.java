package io.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md: a package imports only packages on lower floors, never one
 * beside or above it; and no main file is longer than {@value #MAX_LINES} lines.
 */
@Tag("unit")
class ArchitectureTest {
  /** Floor of every package, ground floor 0. */
  static final Map<String, Integer> FLOORS =
      Map.ofEntries(
          Map.entry("errors", 0),
          // The Spark line's shim (src/main/shims/spark-LINE/java): Spark only.
          Map.entry("compat", 0),
          Map.entry("schema", 1),
          Map.entry("config", 2),
          Map.entry("privacy", 3),
          Map.entry("ingest", 4),
          Map.entry("features", 5),
          Map.entry("model", 5),
          Map.entry("warehouse", 5),
          Map.entry("generate", 5),
          Map.entry("clv", 5),
          Map.entry("tables", 6),
          Map.entry("history", 7),
          Map.entry("summary", 8),
          Map.entry("pipeline", 9),
          Map.entry("report", 10),
          Map.entry("cli", 11));

  private static final int MAX_LINES = 300;
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?io\\.segmentation\\.(\\w+)\\.", Pattern.MULTILINE);
  private static final Path ROOT = Path.of("src/main/java/io/segmentation");

  private static List<Path> mainFiles() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  @Test
  void everyPackageImportsOnlyLowerFloors() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path f : mainFiles()) {
      String pkg = ROOT.relativize(f).getName(0).toString();
      assertThat(FLOORS).as("floor of package %s", pkg).containsKey(pkg);
      Matcher m = IMPORT.matcher(Files.readString(f));
      while (m.find()) {
        String target = m.group(1);
        if (!target.equals(pkg) && FLOORS.getOrDefault(target, 99) >= FLOORS.get(pkg)) {
          violations.add(ROOT.relativize(f) + " imports " + target);
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void noMainFileIsLongerThanAFewHundredLines() throws IOException {
    List<String> long_ = new ArrayList<>();
    for (Path f : mainFiles()) {
      long lines = Files.readAllLines(f).size();
      if (lines > MAX_LINES) {
        long_.add(ROOT.relativize(f) + " (" + lines + " lines)");
      }
    }
    assertThat(long_).isEmpty();
  }

  @Test
  void runAndScoreReadAsAStraightLine() throws IOException {
    for (String job : List.of("pipeline/SegmentationJob.java", "pipeline/ScoringJob.java")) {
      assertThat(Files.readAllLines(ROOT.resolve(job)).size()).as(job).isLessThan(150);
    }
  }
}
