package io.segmentation.compat;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/**
 * The Spark API calls whose form differs between the Spark lines the job is built for; this copy is
 * the Spark 4.0 line's. Each line has its own copy of this class, with the same methods, in
 * src/main/shims/spark-LINE/java; the build compiles the shared code with its line's copy, so the
 * shared code never asks which Spark it runs on.
 */
public final class SparkCompat {
  private SparkCompat() {}

  /**
   * The column cast to {@code type}, or null where a value does not convert; never an error, with
   * ANSI mode on or off (SQL's {@code try_cast}).
   */
  public static Column tryCast(Column column, DataType type) {
    return column.try_cast(type);
  }

  /** {@link #tryCast(Column, DataType)} with the type in DDL form ({@code "double"}). */
  public static Column tryCast(Column column, String type) {
    return column.try_cast(type);
  }

  /** Null where {@code value} equals {@code other}, else {@code value} (SQL's {@code nullif}). */
  public static Column nullIf(Column value, Column other) {
    return functions.nullif(value, other);
  }
}
