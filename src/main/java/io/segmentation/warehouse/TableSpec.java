package io.segmentation.warehouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.MetadataBuilder;

/**
 * An output table's name, comment and columns (each with its comment), declared once. {@link
 * #conform} selects exactly these columns in this order and attaches the comments, so a table can
 * neither lose a column nor gain an undocumented one.
 */
public final class TableSpec {
  private final String name;
  private final String comment;
  private final LinkedHashMap<String, String> columns;
  private final List<String> statsColumns;

  private TableSpec(
      String name,
      String comment,
      LinkedHashMap<String, String> columns,
      List<String> statsColumns) {
    this.name = name;
    this.comment = comment;
    this.columns = columns;
    this.statsColumns = List.copyOf(statsColumns);
  }

  /** Starts a spec; add columns with {@link Builder#column}. */
  public static Builder builder(String name, String comment) {
    return new Builder(name, comment);
  }

  public String name() {
    return name;
  }

  public String comment() {
    return comment;
  }

  /** Column name to comment, in table order. */
  public Map<String, String> columns() {
    return Collections.unmodifiableMap(columns);
  }

  /**
   * Delta table properties of this table beyond {@link DeltaWriter#TABLE_PROPERTIES}: the columns
   * Delta keeps file statistics on, when the spec names them ({@link Builder#statsOn}).
   */
  public Map<String, String> properties() {
    return statsColumns.isEmpty()
        ? Map.of()
        : Map.of("delta.dataSkippingStatsColumns", String.join(",", statsColumns));
  }

  /** Selects the spec's columns in order, with their comments; fails if one is missing. */
  public Dataset<Row> conform(Dataset<Row> df) {
    List<String> present = Arrays.asList(df.columns());
    List<String> missing = new ArrayList<>();
    List<Column> select = new ArrayList<>();
    for (Map.Entry<String, String> c : columns.entrySet()) {
      if (!present.contains(c.getKey())) {
        missing.add(c.getKey());
        continue;
      }
      select.add(
          df.col(c.getKey())
              .as(c.getKey(), new MetadataBuilder().putString("comment", c.getValue()).build()));
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "table " + name + " is missing columns " + missing + "; has " + present);
    }
    return df.select(select.toArray(Column[]::new));
  }

  /** Builds a {@link TableSpec}. */
  public static final class Builder {
    private final String name;
    private final String comment;
    private final LinkedHashMap<String, String> columns = new LinkedHashMap<>();
    private final List<String> statsColumns = new ArrayList<>();

    private Builder(String name, String comment) {
      this.name = name;
      this.comment = comment;
    }

    public Builder column(String column, String comment) {
      if (!column.matches("^[a-z][a-z0-9_]*$")) {
        throw new IllegalArgumentException("bad column name " + column);
      }
      if (columns.put(column, comment) != null) {
        throw new IllegalArgumentException("duplicate column " + column + " in " + name);
      }
      return this;
    }

    /** Adds a group of columns declared elsewhere (e.g. the lifetime-value columns). */
    public Builder with(UnaryOperator<Builder> columns) {
      return columns.apply(this);
    }

    /**
     * Delta keeps min/max/null-count statistics on these columns only (by default it computes them
     * for the first 32 columns of every file it writes): the keys readers filter on, not the free
     * text. Declared columns only.
     */
    public Builder statsOn(String... statsColumns) {
      for (String c : statsColumns) {
        if (!columns.containsKey(c)) {
          throw new IllegalArgumentException(
              "statistics on undeclared column " + c + " in " + name);
        }
        this.statsColumns.add(c);
      }
      return this;
    }

    public TableSpec build() {
      return new TableSpec(name, comment, columns, statsColumns);
    }
  }
}
