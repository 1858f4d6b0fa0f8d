package io.segmentation.compat;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import scala.Option;

/**
 * The Spark API calls whose form differs between the Spark lines the job is built for; this copy is
 * the Spark 3.5 line's. Each line has its own copy of this class, with the same methods, in
 * src/main/shims/spark-LINE/java; the build compiles the shared code with its line's copy, so the
 * shared code never asks which Spark it runs on.
 */
public final class SparkCompat {
  private SparkCompat() {}

  /**
   * The column cast to {@code type}, or null where a value does not convert; never an error, with
   * ANSI mode on or off (SQL's {@code try_cast}). Spark 3.5 has no {@code Column.try_cast}: this
   * builds the expression SQL's {@code try_cast} parses to, a cast in the TRY evaluation mode.
   */
  public static Column tryCast(Column column, DataType type) {
    return new Column(new Cast(column.expr(), type, Option.<String>empty(), EvalMode.TRY()));
  }

  /** {@link #tryCast(Column, DataType)} with the type in DDL form ({@code "double"}). */
  public static Column tryCast(Column column, String type) {
    return tryCast(column, DataType.fromDDL(type));
  }

  /**
   * Null where {@code value} equals {@code other}, else {@code value} (SQL's {@code nullif}). Spark
   * 3.5's {@code functions.nullif} reads its arguments' types when called, before they are
   * resolved, and fails on a column given by name; the function by name is resolved with the plan.
   */
  public static Column nullIf(Column value, Column other) {
    return functions.call_function("nullif", value, other);
  }
}
