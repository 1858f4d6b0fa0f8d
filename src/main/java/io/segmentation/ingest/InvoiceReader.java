package io.segmentation.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trim;

import io.segmentation.config.InputFormat;
import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads invoice lines from CSV, Parquet, Delta or JSON and maps the source columns onto the
 * canonical raw schema ({@link InvoiceColumns#RAW}, all strings, trimmed, plus {@link
 * InvoiceColumns#SOURCE_FILE}). Header matching is case-insensitive and ignores surrounding spaces.
 * Nothing is parsed or dropped here; that is {@link InvoiceCleaner}'s job.
 */
public final class InvoiceReader {
  private final SparkSession spark;
  private final JobConfig.Input input;

  public InvoiceReader(SparkSession spark, JobConfig.Input input) {
    this.spark = spark;
    this.input = input;
  }

  /** Reads the configured input; fails with exit 3 when the path or a required column is missing. */
  public Dataset<Row> read() {
    String path = input.path();
    if (path == null || path.isBlank()) {
      throw Errors.missingConfigValue("input.path", "pass --input PATH or set input.path");
    }
    checkPathExists(path);
    Dataset<Row> source;
    try {
      source = reader().load(path);
    } catch (RuntimeException e) {
      throw Errors.inputUnreadable(path, firstLine(e.getMessage()));
    }
    return mapColumns(source);
  }

  private DataFrameReader reader() {
    DataFrameReader reader = spark.read().format(input.format().sparkName());
    if (input.format() == InputFormat.CSV) {
      JobConfig.Csv csv = input.csv();
      reader =
          reader
              .option("header", csv.header())
              .option("sep", csv.delimiter())
              .option("quote", csv.quote())
              .option("escape", csv.escape())
              .option("encoding", csv.encoding())
              .option("inferSchema", false)
              .option("mode", "PERMISSIVE");
    }
    return reader;
  }

  /** Maps source names (case-insensitive, trimmed) to the canonical raw columns. */
  Dataset<Row> mapColumns(Dataset<Row> source) {
    Map<String, String> byNormalName = new LinkedHashMap<>();
    for (String name : source.columns()) {
      byNormalName.putIfAbsent(normal(name), name);
    }
    Map<String, String> wanted = wantedSourceNames();
    List<String> missing = new ArrayList<>();
    List<Column> selected = new ArrayList<>();
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      String sourceName = byNormalName.get(normal(e.getValue()));
      if (sourceName == null) {
        missing.add(e.getValue());
      } else {
        selected.add(trim(col(quoted(sourceName)).cast(DataTypes.StringType)).as(e.getKey()));
      }
    }
    if (!missing.isEmpty()) {
      throw Errors.missingColumns(missing, input.preset().configName(), List.of(source.columns()));
    }
    selected.add(col("_metadata.file_path").as(InvoiceColumns.SOURCE_FILE));
    return source.select(selected.toArray(Column[]::new));
  }

  private Map<String, String> wantedSourceNames() {
    JobConfig.ColumnNames preset = input.preset().names();
    JobConfig.ColumnNames over = input.columns();
    Map<String, String> m = new LinkedHashMap<>();
    m.put(InvoiceColumns.INVOICE_NO, pick(over.invoice(), preset.invoice()));
    m.put(InvoiceColumns.STOCK_CODE, pick(over.stockCode(), preset.stockCode()));
    m.put(InvoiceColumns.DESCRIPTION, pick(over.description(), preset.description()));
    m.put(InvoiceColumns.QUANTITY, pick(over.quantity(), preset.quantity()));
    m.put(InvoiceColumns.INVOICE_DATE, pick(over.invoiceDate(), preset.invoiceDate()));
    m.put(InvoiceColumns.UNIT_PRICE, pick(over.unitPrice(), preset.unitPrice()));
    m.put(InvoiceColumns.CUSTOMER_ID, pick(over.customerId(), preset.customerId()));
    m.put(InvoiceColumns.COUNTRY, pick(over.country(), preset.country()));
    return m;
  }

  private void checkPathExists(String path) {
    try {
      Path p = new Path(path);
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw Errors.inputPathMissing(path);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw Errors.inputUnreadable(path, firstLine(e.getMessage()));
    }
  }

  private static String pick(String override, String preset) {
    return override == null || override.isBlank() ? preset : override;
  }

  private static String normal(String name) {
    return name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
