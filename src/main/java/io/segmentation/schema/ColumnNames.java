package io.segmentation.schema;

/** Column references by exact name. */
public final class ColumnNames {
  private ColumnNames() {}

  /**
   * {@code name} quoted for Spark's column parser: a name with dots, spaces or backticks (as source
   * files have) is one column, not a path into a struct.
   */
  public static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
