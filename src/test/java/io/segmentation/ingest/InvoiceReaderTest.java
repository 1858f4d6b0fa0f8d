package io.segmentation.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentation.config.ConfigLoader;
import io.segmentation.config.JobConfig;
import io.segmentation.errors.ExitCode;
import io.segmentation.errors.UserException;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading every supported format and layout, and quarantining what cannot be parsed. */
@Tag("spark")
class InvoiceReaderTest extends SparkTestBase {
  @TempDir Path tmp;

  private static JobConfig config(String path, String... sets) {
    List<String> all = new ArrayList<>(List.of(sets));
    return ConfigLoader.load(Optional.empty(), all, Map.of("input.path", path));
  }

  private static InvoiceCleaner cleaner(JobConfig c) {
    return new InvoiceCleaner(c.input(), c.cleaning(), Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static Dataset<Row> classify(JobConfig c) {
    return cleaner(c).classify(new InvoiceReader(spark(), c.input()).read());
  }

  private static Dataset<Row> clean(JobConfig c) {
    return cleaner(c).clean(classify(c));
  }

  private static Map<String, Long> verdicts(Dataset<Row> classified) {
    return classified.groupBy(InvoiceColumns.REJECT_REASON).count().collectAsList().stream()
        .collect(
            Collectors.toMap(r -> r.isNullAt(0) ? "clean" : r.getString(0), r -> r.getLong(1)));
  }

  private Path write(String name, byte[] content) throws Exception {
    Path f = tmp.resolve(name);
    Files.write(f, content);
    return f;
  }

  private Path write(String name, String content) throws Exception {
    return write(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** A European spreadsheet export: BOM, CRLF, semicolons, decimal commas, dd/MM/yyyy dates. */
  private Path europeanExport() throws Exception {
    String csv =
        "\uFEFFInvoiceNo;StockCode;Description;Quantity;InvoiceDate;UnitPrice;CustomerID;Country\r\n"
            + "536365;85123A;\"HEART; WHITE\";6;01/12/2010 08:26;2,55;17850;United Kingdom\r\n"
            + "536366;22633;HAND WARMER;2;13/12/2010 17:05;1.261,96;17850;United Kingdom\r\n"
            + "C536367;22633;HAND WARMER;-1;14/12/2010 09:00;1.261,96;17850;United Kingdom\r\n";
    return write("export.csv", csv);
  }

  @Test
  void europeanExportParsesWhenConfigured() throws Exception {
    JobConfig c =
        config(
            europeanExport().toString(),
            "input.csv.delimiter=;",
            "input.csv.decimal-comma=true",
            "input.csv.timestamp-patterns=[\"dd/MM/yyyy HH:mm\"]");
    List<Row> clean = clean(c).orderBy(InvoiceColumns.INVOICE_NO).collectAsList();
    assertThat(clean).hasSize(3);
    Row first = clean.get(0);
    assertThat(first.<String>getAs(InvoiceColumns.INVOICE_NO)).isEqualTo("536365");
    assertThat(first.<String>getAs(InvoiceColumns.DESCRIPTION)).isEqualTo("HEART; WHITE");
    assertThat(first.<BigDecimal>getAs(InvoiceColumns.UNIT_PRICE)).isEqualByComparingTo("2.55");
    assertThat(first.<Timestamp>getAs(InvoiceColumns.INVOICE_TS))
        .isEqualTo(Timestamp.valueOf("2010-12-01 08:26:00"));
    assertThat(first.<String>getAs(InvoiceColumns.COUNTRY))
        .as("no CR left over")
        .isEqualTo("United Kingdom");
    assertThat(clean.get(1).<BigDecimal>getAs(InvoiceColumns.LINE_AMOUNT))
        .isEqualByComparingTo("2523.92");
    assertThat(clean.get(2).<Boolean>getAs(InvoiceColumns.IS_RETURN)).isTrue();
  }

  /** The --set options of the European example in docs/pipeline.md, as the shell passes them. */
  private static List<String> readmeEuropeanExample() throws Exception {
    String readme = Files.readString(Path.of("docs/pipeline.md"));
    int at = readme.indexOf("Example for a European spreadsheet export:");
    assertThat(at).as("the European example of docs/pipeline.md").isNotNegative();
    String example = readme.substring(at, readme.indexOf("`.", readme.indexOf('`', at) + 1));
    Matcher m = Pattern.compile("--set (?:'([^']*)'|(\\S+))").matcher(example);
    List<String> sets = new ArrayList<>();
    while (m.find()) {
      sets.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    assertThat(sets).anyMatch(x -> x.startsWith("input.csv.timestamp-patterns="));
    return sets;
  }

  @Test
  void readmeEuropeanExampleReadsDateOnlyAndDateTimeExports() throws Exception {
    String csv =
        "InvoiceNo;StockCode;Description;Quantity;InvoiceDate;UnitPrice;CustomerID;Country\r\n"
            + "536365;85123A;HEART;6;01/12/2010;2,55;17850;United Kingdom\r\n"
            + "536366;22633;HAND WARMER;2;13/12/2010 17:05;1.261,96;17850;United Kingdom\r\n"
            + "536367;22633;HAND WARMER;1;14.12.2010;1,00;17851;France\r\n"
            + "536368;22633;HAND WARMER;1;15.12.2010 09:30;1,00;17851;France\r\n";
    JobConfig c =
        config(
            write("date-only.csv", csv).toString(), readmeEuropeanExample().toArray(String[]::new));
    List<Row> clean = clean(c).orderBy(InvoiceColumns.INVOICE_NO).collectAsList();
    assertThat(clean)
        .extracting(r -> r.<Timestamp>getAs(InvoiceColumns.INVOICE_TS))
        .containsExactly(
            Timestamp.valueOf("2010-12-01 00:00:00"),
            Timestamp.valueOf("2010-12-13 17:05:00"),
            Timestamp.valueOf("2010-12-14 00:00:00"),
            Timestamp.valueOf("2010-12-15 09:30:00"));
  }

  @Test
  void europeanExportWithDefaultsNamesTheLikelyCause() throws Exception {
    JobConfig c = config(europeanExport().toString());
    assertThatThrownBy(() -> new InvoiceReader(spark(), c.input()).read())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("probably ';'-delimited")
        .hasMessageContaining("input.csv.delimiter = \";\"")
        .satisfies(e -> assertThat(((UserException) e).exitCode()).isEqualTo(ExitCode.INPUT));
  }

  @Test
  void europeanDatesWithoutTheirPatternAreQuarantinedOrMisreadAsMonthFirst() throws Exception {
    // 01/12/2010 is a valid month-first date (January 12): only the explicit pattern reads it
    // right.
    JobConfig c =
        config(
            europeanExport().toString(), "input.csv.delimiter=;", "input.csv.decimal-comma=true");
    assertThat(verdicts(classify(c)))
        .containsEntry("unparseable_date", 2L)
        .containsEntry("clean", 1L)
        .hasSize(2);
  }

  @Test
  void malformedLinesAreQuarantinedNotLost() throws Exception {
    String csv =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            + "1,A,\"ok, fine\",2,2010-12-01 08:26:00,1.00,100,UK\n"
            + "2,A,\"broken quote,2,2010-12-01 08:26:00,1.00,100,UK\n"
            + "3,A,text qty,lots,2010-12-01 08:26:00,1.00,100,UK\n"
            + "4,A,bad date,2,2010-13-45 99:99:00,1.00,100,UK\n"
            + "5,A,bad price,2,2010-12-01 08:26:00,1.0.0,100,UK\n"
            + "6,A,too many,2,2010-12-01 08:26:00,1.00,100,UK,extra,fields\n"
            + "7,A,fine again,3,2010-12-02 10:00:00,2.00,100,UK\n";
    JobConfig c = config(write("malformed.csv", csv).toString());
    Dataset<Row> classified = classify(c);
    Map<String, Long> v = verdicts(classified);
    assertThat(v.values().stream().mapToLong(Long::longValue).sum())
        .as("every line accounted for")
        .isEqualTo(7);
    assertThat(v)
        .containsEntry("clean", 2L)
        .containsEntry("unparseable_quantity", 1L)
        .containsEntry("unparseable_date", 1L)
        .containsEntry("unparseable_price", 1L);
    assertThat(v.getOrDefault("malformed_row", 0L)).isEqualTo(2L);
    Row broken = InvoiceCleaner.rejected(classified).where("invoice_no = '2'").first();
    assertThat(broken.<String>getAs(InvoiceColumns.REJECT_REASON)).isEqualTo("malformed_row");
    assertThat(broken.<String>getAs(InvoiceColumns.RAW_RECORD)).contains("broken quote");
    assertThat(broken.<String>getAs(InvoiceColumns.SOURCE_FILE)).endsWith("malformed.csv");
  }

  @Test
  void headersMatchIgnoringCaseAndSpacesWithOnlineRetailIIPreset() throws Exception {
    String csv =
        " invoice ,STOCKCODE,Description,Quantity, InvoiceDate ,price,Customer ID,country\n"
            + "489434,85048,LED LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n";
    JobConfig c = config(write("orii.csv", csv).toString(), "input.preset=online-retail-ii");
    Row row = clean(c).first();
    assertThat(row.<String>getAs(InvoiceColumns.CUSTOMER_ID)).isEqualTo("13085");
    assertThat(row.<BigDecimal>getAs(InvoiceColumns.LINE_AMOUNT)).isEqualByComparingTo("83.40");
  }

  @Test
  void orderLineExportDerivesUnitPriceAndKeepsProfitAndDimensions() throws Exception {
    String csv =
        "Row ID,Order ID,Order Date,Customer ID,Segment,Country,Region,Product ID,Category,Sub-Category,Product Name,Sales,Quantity,Profit\n"
            + "1,CA-2016-152156,11/8/2016,CG-12520,Consumer,United States,South,FUR-BO-10001798,Furniture,Bookcases,\"Bush Somerset Collection Bookcase, Oak\",261.96,2,41.9136\n"
            + "2,CA-2016-152156,11/8/2016,CG-12520,Consumer,United States,South,FUR-CH-10000454,Furniture,Chairs,Hon Chair,731.94,3,-219.58\n";
    JobConfig c =
        config(
            write("superstore.csv", csv).toString(),
            "input.preset=order-lines",
            "input.csv.timestamp-patterns=[\"M/d/yyyy\"]");
    List<Row> rows = clean(c).orderBy(InvoiceColumns.STOCK_CODE).collectAsList();
    assertThat(rows).hasSize(2);
    Row bookcase = rows.get(0);
    assertThat(bookcase.<BigDecimal>getAs(InvoiceColumns.LINE_AMOUNT))
        .isEqualByComparingTo("261.96");
    assertThat(bookcase.<BigDecimal>getAs(InvoiceColumns.UNIT_PRICE))
        .isEqualByComparingTo("130.98");
    assertThat(bookcase.<BigDecimal>getAs(InvoiceColumns.PROFIT))
        .as("the source's precision")
        .isEqualByComparingTo("41.9136");
    assertThat(bookcase.<String>getAs(InvoiceColumns.CATEGORY)).isEqualTo("Furniture");
    assertThat(bookcase.<String>getAs(InvoiceColumns.SUB_CATEGORY)).isEqualTo("Bookcases");
    assertThat(bookcase.<String>getAs(InvoiceColumns.REGION)).isEqualTo("South");
    assertThat(bookcase.<String>getAs(InvoiceColumns.CUSTOMER_SEGMENT)).isEqualTo("Consumer");
    assertThat(bookcase.<Timestamp>getAs(InvoiceColumns.INVOICE_TS))
        .isEqualTo(Timestamp.valueOf("2016-11-08 00:00:00"));
    assertThat(bookcase.<Boolean>getAs(InvoiceColumns.IS_RETURN))
        .as("CA- order ids are not cancellations")
        .isFalse();
    assertThat(rows.get(1).<BigDecimal>getAs(InvoiceColumns.PROFIT))
        .isEqualByComparingTo("-219.58");
  }

  /** Typed invoice columns, as a Parquet, Delta or JSON export would hold them. */
  private Dataset<Row> typedInvoices() {
    StructType schema =
        new StructType()
            .add("InvoiceNo", DataTypes.StringType)
            .add("StockCode", DataTypes.StringType)
            .add("Description", DataTypes.StringType)
            .add("Quantity", DataTypes.IntegerType)
            .add("InvoiceDate", DataTypes.TimestampType)
            .add("UnitPrice", DataTypes.DoubleType)
            .add("CustomerID", DataTypes.DoubleType)
            .add("Country", DataTypes.StringType);
    return spark()
        .createDataFrame(
            List.of(
                RowFactory.create(
                    "536365",
                    "85123A",
                    "HEART",
                    6,
                    Timestamp.valueOf("2010-12-01 08:26:00"),
                    2.55,
                    17850.0,
                    "United Kingdom"),
                RowFactory.create(
                    "536366",
                    "22633",
                    "WARMER",
                    2,
                    Timestamp.valueOf("2010-12-01 08:28:00"),
                    1.85,
                    null,
                    "United Kingdom")),
            schema);
  }

  @Test
  void parquetDeltaAndJsonInputs() {
    for (String format : List.of("parquet", "delta", "json")) {
      String path = tmp.resolve("typed-" + format).toString();
      typedInvoices().write().format(format).save(path);
      JobConfig c = config(path, "input.format=" + format);
      Dataset<Row> classified = classify(c);
      assertThat(verdicts(classified))
          .as(format)
          .containsOnly(Map.entry("clean", 2L)); // one of them a guest sale
      Row row = InvoiceCleaner.customerSales(cleaner(c).clean(classified)).first();
      assertThat(row.<String>getAs(InvoiceColumns.CUSTOMER_ID)).as(format).isEqualTo("17850");
      assertThat(row.<BigDecimal>getAs(InvoiceColumns.LINE_AMOUNT))
          .as(format)
          .isEqualByComparingTo("15.30");
      assertThat(row.<Timestamp>getAs(InvoiceColumns.INVOICE_TS))
          .as(format)
          .isEqualTo(Timestamp.valueOf("2010-12-01 08:26:00"));
    }
  }

  @Test
  void gzipFilesAndFoldersAndGlobs() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("landing/2011"));
    String header =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
    try (var out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("a.csv.gz")))) {
      out.write(
          (header
                  + "1,A,x,1,2011-01-01 10:00:00,1.00,1,UK\n2,A,x,1,2011-01-02 10:00:00,1.00,2,UK\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(dir.resolve("b.csv"), header + "3,A,x,1,2011-01-03 10:00:00,1.00,3,UK\n");
    assertThat(classify(config(dir.toString())).count()).as("folder").isEqualTo(3);
    assertThat(classify(config(tmp.resolve("landing/*/*.gz").toString())).count())
        .as("glob")
        .isEqualTo(2);
  }

  @Test
  void multiLineQuotedFieldsWhenConfigured() throws Exception {
    String csv =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            + "1,A,\"two\nlines\",2,2010-12-01 08:26:00,1.00,100,UK\n"
            + "2,22633,one line,1,2010-12-01 08:27:00,3.00,100,UK\n";
    JobConfig c = config(write("multi.csv", csv).toString(), "input.csv.multi-line=true");
    List<Row> rows = clean(c).orderBy(InvoiceColumns.INVOICE_NO).collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).<String>getAs(InvoiceColumns.DESCRIPTION)).isEqualTo("two\nlines");
  }

  @Test
  void latin1EncodingWhenConfigured() throws Exception {
    String csv =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            + "1,A,CR\u00c8ME BR\u00dbL\u00c9E,2,2010-12-01 08:26:00,1.00,100,C\u00f4te d'Ivoire\n";
    JobConfig c =
        config(
            write("latin1.csv", csv.getBytes(StandardCharsets.ISO_8859_1)).toString(),
            "input.csv.encoding=ISO-8859-1");
    Row row = clean(c).first();
    assertThat(row.<String>getAs(InvoiceColumns.DESCRIPTION))
        .isEqualTo("CR\u00c8ME BR\u00dbL\u00c9E");
    assertThat(row.<String>getAs(InvoiceColumns.COUNTRY)).isEqualTo("C\u00f4te d'Ivoire");
  }
}
