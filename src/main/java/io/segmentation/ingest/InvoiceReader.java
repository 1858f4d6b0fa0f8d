package io.segmentation.ingest;

import static org.apache.spark.sql.functions.col;

import io.segmentation.config.InputFormat;
import io.segmentation.config.JobConfig;
import io.segmentation.errors.ColumnErrors;
import io.segmentation.errors.Errors;
import io.segmentation.errors.StorageFailures;
import io.segmentation.errors.UserException;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.SourceColumn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads invoice lines from CSV, Parquet, Delta or JSON and maps the source columns onto the
 * canonical raw schema ({@link InvoiceColumns#RAW}, all strings, trimmed; plus {@link
 * InvoiceColumns#SOURCE_FILE} and {@link InvoiceColumns#RAW_RECORD}). CSV is read with an explicit
 * all-string schema built from the header line (no inference scan), so malformed lines are kept,
 * not lost. Header matching ignores case and surrounding spaces (and a UTF-8 byte order mark).
 * Nothing is parsed or dropped here; that is {@link InvoiceCleaner}'s job.
 */
public final class InvoiceReader {
  private static final String CORRUPT = ColumnMapping.CORRUPT;

  private final SparkSession spark;
  private final JobConfig.Input input;
  private final ColumnMapping columns;
  private List<InputFiles.InputFile> files = List.of();

  public InvoiceReader(SparkSession spark, JobConfig.Input input) {
    this.spark = spark;
    this.input = input;
    this.columns = new ColumnMapping(input);
  }

  /**
   * Reads the configured input; fails with exit 3 when the path or a required column is missing.
   */
  public Dataset<Row> read() {
    String path = input.path();
    if (path == null || path.isBlank()) {
      throw Errors.missingConfigValue("input.path", "pass --input PATH or set input.path");
    }
    checkPathExists(path);
    Dataset<Row> source;
    try {
      source =
          switch (input.format()) {
            case CSV -> readCsv(path);
            case JSON -> readJson(path);
            default -> spark.read().format(input.format().sparkName()).load(path);
          };
    } catch (RuntimeException e) {
      if (e instanceof UserException) {
        throw e;
      }
      throw Errors.inputUnreadable(path, Errors.firstLine(String.valueOf(e.getMessage())));
    }
    return columns.apply(source);
  }

  /**
   * An empty frame shaped like {@link #read()}'s output (for customer-level input: no invoices).
   */
  public static Dataset<Row> emptyRaw(SparkSession spark) {
    StructType schema = new StructType();
    for (String c : InvoiceColumns.RAW) {
      schema = schema.add(c, DataTypes.StringType);
    }
    schema =
        schema
            .add(InvoiceColumns.SOURCE_FILE, DataTypes.StringType)
            .add(InvoiceColumns.RAW_RECORD, DataTypes.StringType);
    return spark.createDataFrame(List.<Row>of(), schema);
  }

  /**
   * Reads a table file as it is (CSV with every column a string and the header's names, or parquet,
   * delta, json with their own types), for customer-level input and the attributes file. Fails with
   * exit 3 when the path is missing or unreadable.
   */
  public Dataset<Row> readTable(String path, InputFormat format) {
    checkPathExists(path);
    try {
      Dataset<Row> source =
          switch (format) {
            case CSV -> readCsv(path).drop(CORRUPT);
            case JSON -> spark.read().option("encoding", input.csv().encoding()).json(path);
            default -> spark.read().format(format.sparkName()).load(path);
          };
      return source.withColumn(InvoiceColumns.SOURCE_FILE, col("_metadata.file_path"));
    } catch (RuntimeException e) {
      if (e instanceof UserException) {
        throw e;
      }
      throw Errors.inputUnreadable(path, Errors.firstLine(String.valueOf(e.getMessage())));
    }
  }

  private Dataset<Row> readCsv(String path) {
    String[] record = firstRecord(path);
    if (record.length == 0) {
      throw Errors.emptyInput(path);
    }
    if (input.csv().header()) {
      requireUniqueMappedNames(record, path);
    }
    StructType schema = new StructType();
    for (String name : HeaderLine.columnNames(record, input.csv().header())) {
      schema = schema.add(name, DataTypes.StringType);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType);
    return csvReader()
        .schema(schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .load(path);
  }

  /**
   * The input's first record (the header line, or the first data line without one). With a header,
   * every file's header must be the first file's (case, surrounding spaces and a byte order mark
   * aside): Spark reads each file by position, so a file with its columns in another order would be
   * read into the wrong columns.
   */
  private String[] firstRecord(String path) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<HeaderLine.Record> records;
    try {
      records = HeaderLine.records(conf, files, input.csv());
    } catch (IOException | RuntimeException e) {
      throw StorageFailures.translate(
          path, e, conf, detail -> Errors.inputUnreadable(path, detail));
    }
    if (records.isEmpty()) {
      return new String[0];
    }
    HeaderLine.Record first = records.get(0);
    if (input.csv().header()) {
      for (HeaderLine.Record other : records) {
        if (!HeaderLine.sameHeader(first.fields(), other.fields())) {
          throw ColumnErrors.headerDiffers(
              other.file(),
              Arrays.asList(other.fields()),
              first.file(),
              Arrays.asList(first.fields()));
        }
      }
    }
    return first.fields();
  }

  /**
   * A name the mapping uses must occur once in the header line as written (Spark would rename the
   * copies).
   */
  private void requireUniqueMappedNames(String[] record, String path) {
    List<String> raw = new ArrayList<>();
    for (String name : record) {
      raw.add(name == null ? "" : name);
    }
    List<String> wanted = new ArrayList<>();
    for (SourceColumn column : SourceColumn.values()) {
      String name = columns.wantedName(column);
      if (name != null && !name.equalsIgnoreCase(SourceColumn.NONE)) {
        wanted.add(name);
      }
    }
    CsvHeader.requireUnique(raw, wanted, path);
  }

  /** JSON lines with an explicit all-string schema of the mapped names: no inference pass. */
  private Dataset<Row> readJson(String path) {
    StructType schema = new StructType();
    for (SourceColumn column : SourceColumn.values()) {
      String name = columns.wantedName(column);
      if (name != null && !name.equalsIgnoreCase(SourceColumn.NONE)) {
        schema = schema.add(name, DataTypes.StringType);
      }
    }
    schema = schema.add(CORRUPT, DataTypes.StringType);
    return spark
        .read()
        .schema(schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .option("encoding", input.csv().encoding())
        .json(path);
  }

  private DataFrameReader csvReader() {
    JobConfig.Csv csv = input.csv();
    return spark
        .read()
        .format("csv")
        .option("header", csv.header())
        .option("sep", csv.delimiter())
        .option("quote", csv.quote())
        .option("escape", csv.escape())
        .option("encoding", csv.encoding())
        .option("multiLine", csv.multiLine())
        .option("inferSchema", false);
  }

  /**
   * After {@link #read}: which source column feeds each canonical column (absent = not in the
   * input).
   */
  public Map<SourceColumn, String> mapping() {
    return columns.mapping();
  }

  /**
   * The first touch of the input: a missing connector or unreachable storage fails here (exit 3).
   */
  private void checkPathExists(String path) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileStatus[] matches;
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      matches = fs.globStatus(p);
    } catch (IOException | RuntimeException | LinkageError e) {
      throw StorageFailures.translate(
          path, e, conf, detail -> Errors.inputUnreadable(path, detail));
    }
    if (matches == null || matches.length == 0) {
      throw Errors.inputPathMissing(path);
    }
    try {
      files = InputFiles.list(conf, matches);
    } catch (IOException | RuntimeException e) {
      throw StorageFailures.translate(
          path, e, conf, detail -> Errors.inputUnreadable(path, detail));
    }
  }

  /**
   * After {@link #read}: the files under the input path, in path order (for a Delta table, every
   * data file in its folder, removed ones included: a sizing hint only).
   */
  public List<InputFiles.InputFile> files() {
    return files;
  }

  /**
   * After {@link #read}: the input's size on storage in bytes (0 when unknown), for sizing
   * partitions.
   */
  public long inputBytes() {
    return InputFiles.totalBytes(files);
  }
}
