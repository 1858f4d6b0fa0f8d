package io.segmentation.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;

import io.segmentation.config.InputFormat;
import io.segmentation.config.JobConfig;
import io.segmentation.errors.ColumnErrors;
import io.segmentation.schema.ColumnNames;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.SourceColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Maps a source's columns onto the canonical raw columns ({@link InvoiceColumns#RAW}): source names
 * are matched ignoring case and surrounding spaces, through the preset and {@code input.columns.*};
 * a missing required column fails with the fix named ({@link HeaderHints}). The unmapped columns
 * are kept together for the duplicate check.
 */
final class ColumnMapping {
  /** Spark's column for the text of a line it could not parse. */
  static final String CORRUPT = "_corrupt_record";

  private static final int RAW_RECORD_CHARS = 500;
  private final JobConfig.Input input;
  private Map<SourceColumn, String> mapping = Map.of();

  ColumnMapping(JobConfig.Input input) {
    this.input = input;
  }

  /** After {@link #apply}: which source column feeds each canonical column. */
  Map<SourceColumn, String> mapping() {
    return mapping;
  }

  /** Maps source names (case-insensitive, trimmed) to the canonical raw columns. */
  Dataset<Row> apply(Dataset<Row> source) {
    Map<String, String> byNormalName = new LinkedHashMap<>();
    List<String> found = new ArrayList<>();
    for (String name : source.columns()) {
      if (!name.equals(CORRUPT)) {
        byNormalName.putIfAbsent(normal(name), name);
        found.add(name);
      }
    }
    List<String> missing = new ArrayList<>();
    Map<SourceColumn, String> resolved = new LinkedHashMap<>();
    for (SourceColumn column : SourceColumn.values()) {
      String wanted = wantedName(column);
      if (wanted == null || wanted.equalsIgnoreCase(SourceColumn.NONE)) {
        continue;
      }
      String actual = byNormalName.get(normal(wanted));
      if (actual != null) {
        resolved.put(column, actual);
      } else if (column.need() == SourceColumn.Need.REQUIRED
          || (column.need() == SourceColumn.Need.OPTIONAL
              && input.columnOverrides().containsKey(column))) {
        missing.add(wanted);
      }
    }
    if (!resolved.containsKey(SourceColumn.UNIT_PRICE)
        && !resolved.containsKey(SourceColumn.LINE_AMOUNT)) {
      String price = wantedName(SourceColumn.UNIT_PRICE);
      missing.add(price != null ? price : String.valueOf(wantedName(SourceColumn.LINE_AMOUNT)));
    }
    if (!missing.isEmpty()) {
      String delimiter = likelyDelimiter(found);
      throw ColumnErrors.missingColumns(
          missing,
          input.preset().configName(),
          found,
          delimiter,
          delimiter != null
              ? ColumnErrors.HeaderFix.NONE
              : HeaderHints.of(found, input.preset(), input.columnOverrides()));
    }
    mapping = Collections.unmodifiableMap(resolved);
    List<Column> selected = new ArrayList<>();
    for (SourceColumn column : SourceColumn.values()) {
      String actual = resolved.get(column);
      Column value =
          actual == null
              ? lit(null).cast(DataTypes.StringType)
              : trim(source.col(quoted(actual)).cast(DataTypes.StringType));
      selected.add(value.as(column.canonical()));
    }
    selected.add(unmappedValues(source, resolved).as(InvoiceColumns.UNMAPPED_VALUES));
    selected.add(col("_metadata.file_path").as(InvoiceColumns.SOURCE_FILE));
    selected.add(
        Arrays.asList(source.columns()).contains(CORRUPT)
            ? substring(col(CORRUPT), 1, RAW_RECORD_CHARS).as(InvoiceColumns.RAW_RECORD)
            : lit(null).cast(DataTypes.StringType).as(InvoiceColumns.RAW_RECORD));
    return source.select(selected.toArray(Column[]::new));
  }

  /**
   * The source's columns that no canonical column reads, as an array of strings, so that two lines
   * that differ only there (a row id, a line number, a ship date) are not exact duplicates.
   */
  private static Column unmappedValues(Dataset<Row> source, Map<SourceColumn, String> resolved) {
    List<Column> unmapped = new ArrayList<>();
    for (String name : source.columns()) {
      if (!name.equals(CORRUPT) && !resolved.containsValue(name)) {
        unmapped.add(source.col(quoted(name)).cast(DataTypes.StringType));
      }
    }
    return unmapped.isEmpty()
        ? lit(null).cast(DataTypes.createArrayType(DataTypes.StringType))
        : array(unmapped.toArray(Column[]::new));
  }

  /** The source name a column is looked up by: the override, else the preset's name. */
  String wantedName(SourceColumn column) {
    String override = input.columnOverrides().get(column);
    return override != null ? override : input.preset().name(column);
  }

  /** When the whole header landed in one column, the delimiter it seems to use. */
  private String likelyDelimiter(List<String> found) {
    if (input.format() != InputFormat.CSV || found.size() != 1) {
      return null;
    }
    for (String d : List.of(";", "\t", "|", ",")) {
      if (found.get(0).contains(d) && !d.equals(input.csv().delimiter())) {
        return d;
      }
    }
    return null;
  }

  private static String normal(String name) {
    return CsvHeader.normal(name);
  }

  static String quoted(String name) {
    return ColumnNames.quoted(name);
  }
}
