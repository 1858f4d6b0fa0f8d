package io.segmentation.errors;

import static io.segmentation.errors.Errors.input;
import static io.segmentation.errors.Errors.printable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** User-facing errors about the input's columns (exit 3): missing, duplicated, unknown. */
public final class ColumnErrors {
  private ColumnErrors() {}

  /**
   * What would make a header that misses required columns readable, as found by the reader.
   *
   * @param preset the config name of another preset whose columns the header has, or null
   * @param columns {@code input.columns} keys to the header names that fill them (in order)
   * @param complete whether {@code preset} and {@code columns} together fix every missing column
   * @param customerLevel the header looks like one row per customer ({@code input.level=customers})
   */
  public record HeaderFix(
      String preset, Map<String, String> columns, boolean complete, boolean customerLevel) {
    public static final HeaderFix NONE = new HeaderFix(null, Map.of(), false, false);

    public HeaderFix {
      columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
  }

  public static UserException missingColumns(
      Collection<String> missing, String preset, Collection<String> found, String likelyDelimiter) {
    return missingColumns(missing, preset, found, likelyDelimiter, HeaderFix.NONE);
  }

  /**
   * A required column is missing. The fix named, in this order: the delimiter (the whole header
   * read as one column), another preset and/or column overrides that map every missing column,
   * {@code input.level=customers}, the overrides that map some of them, the keys to look at.
   */
  public static UserException missingColumns(
      Collection<String> missing,
      String preset,
      Collection<String> found,
      String likelyDelimiter,
      HeaderFix fix) {
    String shown = printable(String.valueOf(found), 300);
    if (likelyDelimiter != null) {
      return input(
          "Input is missing required column(s) %s for the column mapping '%s'; the whole header was"
              + " read as one column (%s), so the file is probably '%s'-delimited: set"
              + " input.csv.delimiter = \"%s\".",
          missing, preset, shown, printable(likelyDelimiter, 5), printable(likelyDelimiter, 5));
    }
    String problem =
        String.format(
            Locale.ROOT,
            "Input is missing required column(s) %s for the column mapping '%s'; found columns: %s.",
            missing,
            preset,
            shown);
    String sets = setOptions(fix);
    String how;
    if (fix.complete() && fix.preset() != null && fix.columns().isEmpty()) {
      how =
          String.format(
              Locale.ROOT,
              " The header is that of the column mapping '%s': add %s.",
              fix.preset(),
              sets);
    } else if (fix.complete() && fix.preset() != null) {
      how =
          String.format(
              Locale.ROOT,
              " The header is that of the column mapping '%s' with column(s) under other"
                  + " names: add %s.",
              fix.preset(),
              sets);
    } else if (fix.complete()) {
      how = String.format(Locale.ROOT, " The file has them under other names: add %s.", sets);
    } else if (fix.customerLevel()) {
      how =
          " The file looks like customer-level input (a customer id, no invoice number or date): add"
              + " --set input.level=customers.";
    } else if (!fix.columns().isEmpty()) {
      how =
          String.format(
              Locale.ROOT,
              " Some are there under other names (add %s); for the others set"
                  + " input.preset or input.columns.* to match the file, or check input.csv.delimiter.",
              sets);
    } else {
      how = " Set input.preset or input.columns.* to match the file, or check input.csv.delimiter.";
    }
    return input("%s", problem + how);
  }

  /**
   * The {@code --set} options of a fix, e.g. {@code --set input.columns.country="Country/Region"}.
   */
  private static String setOptions(HeaderFix fix) {
    List<String> sets = new ArrayList<>();
    if (fix.preset() != null) {
      sets.add("--set input.preset=" + fix.preset());
    }
    fix.columns()
        .forEach(
            (key, name) ->
                sets.add("--set input.columns." + key + "=\"" + printable(name, 128) + "\""));
    return String.join(" ", sets);
  }

  /**
   * A file of the input whose header is not the first file's: every file is read by position with
   * the first file's columns.
   */
  public static UserException headerDiffers(
      String file, List<String> header, String firstFile, List<String> firstHeader) {
    return input(
        "File '%s' has the header %s, but '%s' (the input's first file) has %s; every file of an"
            + " input is read with the same columns in the same order: move the file to an input of"
            + " its own, or re-export it with the first file's columns.",
        printable(file, 300),
        printable(String.valueOf(header), 300),
        printable(firstFile, 300),
        printable(String.valueOf(firstHeader), 300));
  }

  public static UserException duplicateColumns(String path, String column, String asName) {
    return input(
        "Input '%s' has two columns named '%s' (compared as '%s', ignoring case, spaces and"
            + " punctuation); rename one so every column name is unique.",
        printable(path, 200), printable(column, 100), printable(asName, 100));
  }

  public static UserException duplicatedColumn(
      String path, String column, Collection<String> occurrences) {
    return input(
        "Input '%s' has the column '%s' more than once in its header (as %s), so the column mapping"
            + " is ambiguous; remove or rename the extra column (names are compared ignoring case and"
            + " surrounding spaces).",
        path, printable(column, 100), printable(String.valueOf(occurrences), 300));
  }
}
