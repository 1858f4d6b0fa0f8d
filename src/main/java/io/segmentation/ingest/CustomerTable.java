package io.segmentation.ingest;

import static io.segmentation.compat.SparkCompat.tryCast;
import static org.apache.spark.sql.functions.*;

import io.segmentation.config.InputFormat;
import io.segmentation.config.JobConfig;
import io.segmentation.errors.ColumnErrors;
import io.segmentation.privacy.Pseudonymizer;
import io.segmentation.schema.ColumnNames;
import io.segmentation.schema.CustomerAttribute;
import io.segmentation.schema.InvoiceColumns;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * A table with one row per customer (customer-level input or the attributes file), read with its
 * columns renamed to snake_case, every value as trimmed text, the customer id in {@code
 * customer_id} and the recognised attributes under their {@link CustomerAttribute#column()} names.
 *
 * @param rows the rows, plus {@link InvoiceColumns#SOURCE_FILE}
 * @param attributes the attributes found (source column, renamed)
 * @param others the remaining columns (snake_case), candidates for features
 */
public record CustomerTable(
    Dataset<Row> rows, Map<CustomerAttribute, String> attributes, List<String> others) {
  public static final double NUMERIC_SHARE = 0.95;

  /** Reads {@code path} and resolves its columns; fails with exit 3 when no id column is found. */
  public static CustomerTable read(
      SparkSession spark,
      JobConfig.Input input,
      String path,
      InputFormat format,
      Map<CustomerAttribute, String> overrides) {
    Dataset<Row> source = new InvoiceReader(spark, input).readTable(path, format);
    Map<String, String> byKey = new LinkedHashMap<>();
    Map<String, String> snake = new LinkedHashMap<>();
    for (String name : source.columns()) {
      if (name.equals(InvoiceColumns.SOURCE_FILE)) {
        continue;
      }
      String s = CustomerAttribute.snakeCase(name);
      if (snake.containsValue(s)) {
        throw ColumnErrors.duplicateColumns(path, name, s);
      }
      snake.put(name, s);
      byKey.putIfAbsent(CustomerAttribute.matchKey(name), name);
    }
    Map<CustomerAttribute, String> found = new EnumMap<>(CustomerAttribute.class);
    for (CustomerAttribute a : CustomerAttribute.values()) {
      String wanted = overrides.get(a);
      String actual = null;
      if (wanted != null) {
        actual = byKey.get(CustomerAttribute.matchKey(wanted));
        if (actual == null) {
          throw ColumnErrors.missingColumns(
              List.of(wanted), "input.attributes.columns." + a.configKey(), snake.keySet(), null);
        }
      } else {
        for (String alias : a.aliases()) {
          actual = actual != null ? actual : byKey.get(CustomerAttribute.matchKey(alias));
        }
      }
      if (actual != null) {
        found.put(a, actual);
      }
    }
    if (!found.containsKey(CustomerAttribute.CUSTOMER_ID)) {
      throw ColumnErrors.missingColumns(
          List.of("customer id"), "input.attributes.columns.customer-id", snake.keySet(), null);
    }
    List<Column> select = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (Map.Entry<String, String> e : snake.entrySet()) {
      CustomerAttribute role =
          found.entrySet().stream()
              .filter(f -> f.getValue().equals(e.getKey()))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      String name = role != null ? role.column() : e.getValue();
      Column text = trim(source.col(ColumnNames.quoted(e.getKey())).cast(DataTypes.StringType));
      select.add(when(text.equalTo(""), lit(null)).otherwise(text).as(name));
      if (role == null) {
        others.add(name);
      }
    }
    select.add(col(InvoiceColumns.SOURCE_FILE));
    return new CustomerTable(source.select(select.toArray(Column[]::new)), found, others);
  }

  /**
   * The columns among {@code candidates} where at least {@value #NUMERIC_SHARE} of the non-empty
   * values are numbers (one Spark job); rows with a stray text value in a KMeans column are then
   * quarantined, not the column lost.
   */
  public List<String> numericColumns(List<String> candidates) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<Column> aggs = new ArrayList<>();
    for (String c : candidates) {
      aggs.add(count(col(c)).as("n_" + c));
      aggs.add(count(tryCast(col(c), "double")).as("d_" + c));
    }
    Row r = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    List<String> numeric = new ArrayList<>();
    for (String c : candidates) {
      long n = r.getLong(r.fieldIndex("n_" + c));
      if (n > 0 && r.getLong(r.fieldIndex("d_" + c)) >= NUMERIC_SHARE * n) {
        numeric.add(c);
      }
    }
    return numeric;
  }

  /** The same table with its customer ids pseudonymised (unchanged when {@code p} is null). */
  public CustomerTable protect(Pseudonymizer p) {
    return new CustomerTable(
        Pseudonymizer.protect(p, rows, CustomerAttribute.CUSTOMER_ID.column(), null),
        attributes,
        others);
  }
}
