package io.segmentation.ingest;

import io.segmentation.errors.ColumnErrors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Header-name rules shared by the readers: names match ignoring case, surrounding spaces and a
 * UTF-8 byte order mark, and a name the column mapping uses must appear only once (Spark would
 * otherwise rename the copies, e.g. {@code Quantity3}, and the mapping would pick one silently).
 */
final class CsvHeader {
  private CsvHeader() {}

  /** The form names are compared in. */
  static String normal(String name) {
    return name == null ? "" : name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Fails with exit 3 when one of the {@code wanted} names occurs more than once in the raw header
   * line (duplicates of unmapped columns are harmless and allowed).
   */
  static void requireUnique(List<String> rawHeader, Collection<String> wanted, String path) {
    Map<String, List<String>> byNormal = new LinkedHashMap<>();
    for (String name : rawHeader) {
      byNormal.computeIfAbsent(normal(name), n -> new ArrayList<>()).add(name);
    }
    for (String name : wanted) {
      List<String> seen = byNormal.getOrDefault(normal(name), List.of());
      if (seen.size() > 1) {
        throw ColumnErrors.duplicatedColumn(path, seen.get(0), seen);
      }
    }
  }
}
