package io.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Column names are declared once: no snake_case string literal (the shape of every column name)
 * appears in two main classes. Comments do not count.
 */
@Tag("unit")
class ColumnNamesDeclaredOnceTest {
  private static final Pattern SNAKE_LITERAL =
      Pattern.compile("\"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\"");

  /**
   * Classes whose snake_case literals are not column names: the run summary JSON's and the lock
   * file's keys, and the source-name aliases of customer-level input.
   */
  private static final Set<String> NOT_COLUMNS =
      Set.of("SummaryJson.java", "WarehouseLock.java", "CustomerLevelFeatures.java");

  @Test
  void noColumnNameLiteralIsWrittenInTwoMainClasses() throws IOException {
    Map<String, Set<String>> classesByLiteral = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String name = f.getFileName().toString();
        if (NOT_COLUMNS.contains(name)) {
          continue;
        }
        String code =
            Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Matcher m = SNAKE_LITERAL.matcher(code);
        while (m.find()) {
          classesByLiteral.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(name);
        }
      }
    }
    assertThat(classesByLiteral).isNotEmpty();
    Map<String, Set<String>> repeated = new TreeMap<>();
    classesByLiteral.forEach(
        (literal, classes) -> {
          if (classes.size() > 1) {
            repeated.put(literal, classes);
          }
        });
    assertThat(repeated).as("column names written as literals in several classes").isEmpty();
  }
}
