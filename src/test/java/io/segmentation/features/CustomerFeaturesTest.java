package io.segmentation.features;

import static io.segmentation.schema.FeatureColumns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmentation.schema.InvoiceColumns;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class CustomerFeaturesTest extends SparkTestBase {
  private static Map<String, Row> byCustomer;

  private static Row line(
      String invoice, String product, int qty, String price, String ts, String customer) {
    return line(invoice, product, qty, price, ts, customer, "United Kingdom");
  }

  private static Row line(
      String invoice,
      String product,
      int qty,
      String price,
      String ts,
      String customer,
      String country) {
    BigDecimal p = new BigDecimal(price);
    return RowFactory.create(
        invoice,
        product,
        "desc",
        qty,
        Timestamp.valueOf(ts),
        p,
        p.multiply(BigDecimal.valueOf(qty)).setScale(2),
        null,
        customer,
        country,
        null,
        null,
        null,
        null,
        invoice.startsWith("C") || qty < 0,
        "f");
  }

  private static StructType schemaOfLines() {
    return new StructType()
        .add(InvoiceColumns.INVOICE_NO, DataTypes.StringType)
        .add(InvoiceColumns.STOCK_CODE, DataTypes.StringType)
        .add(InvoiceColumns.DESCRIPTION, DataTypes.StringType)
        .add(InvoiceColumns.QUANTITY, DataTypes.IntegerType)
        .add(InvoiceColumns.INVOICE_TS, DataTypes.TimestampType)
        .add(InvoiceColumns.UNIT_PRICE, DataTypes.createDecimalType(18, 4))
        .add(InvoiceColumns.LINE_AMOUNT, DataTypes.createDecimalType(18, 2))
        .add(InvoiceColumns.PROFIT, DataTypes.createDecimalType(18, 2))
        .add(InvoiceColumns.CUSTOMER_ID, DataTypes.StringType)
        .add(InvoiceColumns.COUNTRY, DataTypes.StringType)
        .add(InvoiceColumns.REGION, DataTypes.StringType)
        .add(InvoiceColumns.CATEGORY, DataTypes.StringType)
        .add(InvoiceColumns.SUB_CATEGORY, DataTypes.StringType)
        .add(InvoiceColumns.CUSTOMER_SEGMENT, DataTypes.StringType)
        .add(InvoiceColumns.IS_RETURN, DataTypes.BooleanType)
        .add(InvoiceColumns.SOURCE_FILE, DataTypes.StringType);
  }

  @BeforeAll
  static void build() {
    StructType schema = schemaOfLines();
    List<Row> rows =
        List.of(
            line("100", "P1", 2, "5.00", "2011-01-01 10:00:00", "1"),
            line("100", "P2", 1, "20.00", "2011-01-01 10:00:00", "1"),
            line("101", "P1", 4, "5.00", "2011-01-11 12:00:00", "1"),
            line("C102", "P1", -1, "5.00", "2011-01-12 09:00:00", "1"),
            line("103", "P3", 10, "1.00", "2011-01-31 23:59:00", "1"),
            line("200", "P1", 1, "5.00", "2011-02-09 08:00:00", "2"),
            line("C300", "P1", -2, "5.00", "2011-02-01 08:00:00", "3"),
            line("400", "P1", 2, "5.00", "2011-01-05 09:00:00", "4"),
            line("401", "P2", 1, "20.00", "2011-02-05 09:00:00", "4", "France"),
            line("402", "P3", 4, "10.00", "2011-03-05 14:00:00", "4"));
    Dataset<Row> clean = spark().createDataFrame(rows, schema);
    byCustomer =
        new CustomerFeatures(LocalDate.parse("2011-02-10"), "United Kingdom")
            .build(clean).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs(CUSTOMER_ID), r -> r));
  }

  @Test
  void onlyCustomersWithPurchasesGetFeatures() {
    assertThat(byCustomer).containsOnlyKeys("1", "2", "4");
  }

  @Test
  void rfm() {
    Row a = byCustomer.get("1");
    assertThat(a.<Integer>getAs(RECENCY_DAYS)).isEqualTo(10);
    assertThat(a.<Integer>getAs(FREQUENCY)).isEqualTo(3);
    assertThat(a.<BigDecimal>getAs(MONETARY_GROSS)).isEqualByComparingTo("60.00");
    assertThat(a.<BigDecimal>getAs(MONETARY_NET)).isEqualByComparingTo("55.00");
    assertThat(byCustomer.get("2").<Integer>getAs(RECENCY_DAYS)).isEqualTo(1);
  }

  @Test
  void basketsAndDiversity() {
    Row a = byCustomer.get("1");
    assertThat(a.<Long>getAs(TOTAL_ITEMS)).isEqualTo(17L);
    assertThat(a.<Double>getAs(AVG_BASKET_ITEMS)).isCloseTo(17 / 3.0, within(1e-9));
    assertThat(a.<Double>getAs(AVG_BASKET_SPEND)).isCloseTo(20.0, within(1e-9));
    assertThat(a.<Integer>getAs(DISTINCT_PRODUCTS)).isEqualTo(3);
  }

  @Test
  void tenureAndDaysBetweenPurchases() {
    Row a = byCustomer.get("1");
    assertThat(a.<Integer>getAs(TENURE_DAYS)).isEqualTo(30);
    assertThat(a.<Double>getAs(AVG_DAYS_BETWEEN)).isCloseTo(15.0, within(1e-9));
    assertThat(byCustomer.get("2").<Double>getAs(AVG_DAYS_BETWEEN)).isNull();
    assertThat(byCustomer.get("2").<Integer>getAs(TENURE_DAYS)).isZero();
  }

  @Test
  void cancellations() {
    Row a = byCustomer.get("1");
    assertThat(a.<Integer>getAs(CANCELLATION_COUNT)).isEqualTo(1);
    assertThat(a.<Double>getAs(CANCELLATION_RATE)).isCloseTo(0.25, within(1e-9));
    assertThat(a.<Double>getAs(RETURNED_VALUE_SHARE)).isCloseTo(5 / 60.0, within(1e-9));
    assertThat(byCustomer.get("2").<Double>getAs(CANCELLATION_RATE)).isZero();
  }

  @Test
  void monthlySpendAndTrend() {
    Row single = byCustomer.get("1");
    assertThat(single.<Double>getAs(MONTHLY_SPEND_MEAN)).isCloseTo(55.0, within(1e-9));
    assertThat(single.<Double>getAs(MONTHLY_SPEND_STD)).isCloseTo(0.0, within(1e-9));
    assertThat(single.<Double>getAs(SPEND_TREND)).as("one active month").isNull();
    Row growing = byCustomer.get("4");
    assertThat(growing.<Double>getAs(MONTHLY_SPEND_MEAN)).isCloseTo(70 / 3.0, within(1e-9));
    assertThat(growing.<Double>getAs(MONTHLY_SPEND_STD))
        .isCloseTo(Math.sqrt(1400 / 9.0), within(1e-9));
    assertThat(growing.<Double>getAs(SPEND_TREND)).isCloseTo(15.0, within(1e-9)).isPositive();
  }

  @Test
  void habitsAndCountries() {
    Row a = byCustomer.get("1");
    assertThat(a.<Integer>getAs(FAVOURITE_DAY)).as("Saturday").isEqualTo(6);
    assertThat(a.<Integer>getAs(FAVOURITE_HOUR)).isEqualTo(10);
    assertThat(a.<Double>getAs(FOREIGN_SPEND_SHARE)).isZero();
    assertThat(a.<Integer>getAs(COUNTRIES)).isEqualTo(1);
    Row d = byCustomer.get("4");
    assertThat(d.<Integer>getAs(FAVOURITE_DAY)).isEqualTo(6);
    assertThat(d.<Integer>getAs(FAVOURITE_HOUR)).isEqualTo(9);
    assertThat(d.<Double>getAs(FOREIGN_SPEND_SHARE)).isCloseTo(20 / 70.0, within(1e-9));
    assertThat(d.<Integer>getAs(COUNTRIES)).isEqualTo(2);
    assertThat(a.<BigDecimal>getAs(TOTAL_PROFIT)).as("no profit column").isNull();
  }

  @Test
  void mainCategoryAndRegionByGrossSpend() {
    StructType schema = schemaOfLines();
    List<Row> rows =
        List.of(
            withDimensions(
                line("900", "P1", 3, "10.00", "2011-01-03 10:00:00", "9"), "South", "Toys"),
            withDimensions(
                line("901", "P2", 7, "10.00", "2011-01-04 10:00:00", "9"), "North", "Books"),
            withDimensions(
                line("C902", "P2", -5, "10.00", "2011-01-05 10:00:00", "9"), "North", "Books"),
            withDimensions(line("903", "P3", 1, "10.00", "2011-01-06 10:00:00", "8"), null, null));
    Map<String, Row> features =
        new CustomerFeatures(LocalDate.parse("2011-02-10"), "United Kingdom")
            .build(spark().createDataFrame(rows, schema)).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs(CUSTOMER_ID), r -> r));
    Row c = features.get("9");
    assertThat(c.<String>getAs(MAIN_CATEGORY))
        .isEqualTo("Books"); // 70 of 100 gross; the return does not count
    assertThat(c.<Double>getAs(MAIN_CATEGORY_SHARE))
        .isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(c.<String>getAs(MAIN_REGION)).isEqualTo("North");
    Row none = features.get("8");
    assertThat(none.<String>getAs(MAIN_CATEGORY)).isNull();
    assertThat(none.<Double>getAs(MAIN_CATEGORY_SHARE)).isNull();
  }

  @Test
  void withoutCategoryAndRegionColumnsTheirMainValuesAreNullWithoutAPassOverTheLines() {
    List<Row> rows =
        List.of(
            line("900", "P1", 3, "10.00", "2011-01-03 10:00:00", "9"),
            line("C902", "P2", -5, "10.00", "2011-01-05 10:00:00", "9"),
            line("903", "P3", 1, "10.00", "2011-01-06 10:00:00", "8"));
    Dataset<Row> lines = spark().createDataFrame(rows, schemaOfLines()).cache();
    CustomerFeatures all = new CustomerFeatures(LocalDate.parse("2011-02-10"), "United Kingdom");
    Dataset<Row> full = all.build(lines);
    Dataset<Row> lean = all.withDimensions(false, false).build(lines);
    assertThat(lean.schema()).isEqualTo(full.schema());
    assertThat(lean.collectAsList()).containsExactlyInAnyOrderElementsOf(full.collectAsList());
    assertThat(lean.where(col(MAIN_CATEGORY).isNotNull().or(col(MAIN_REGION).isNotNull())).count())
        .isZero();
    // Two scans of the lines fewer: the category and region aggregations are gone.
    assertThat(scans(lean)).isEqualTo(scans(full) - 2);
    // Three passes: lines to invoices to months to customers in one chain, distinct products, and
    // countries (the months were a fourth pass when they were built beside the customer sums).
    assertThat(scans(lean)).isEqualTo(3);
    lines.unpersist();
  }

  private static long scans(Dataset<Row> df) {
    return df.queryExecution()
        .sparkPlan() // before adaptive execution, whose final plan also prints the initial one
        .toString()
        .lines()
        .filter(l -> l.contains("InMemoryTableScan"))
        .count();
  }

  private static Row withDimensions(Row r, String region, String category) {
    Object[] v = new Object[r.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(i);
    }
    v[10] = region;
    v[11] = category;
    return RowFactory.create(v);
  }

  @Test
  void favouriteDayAndHourCountPurchaseLinesAndTakeTheSmallestOnTies() {
    List<Row> rows =
        List.of(
            // customer 8: Friday 15:00 has 3 lines in one invoice, Tuesday 11:00 two invoices of
            // one line
            line("800", "P1", 1, "1.00", "2011-01-07 15:00:00", "8"),
            line("800", "P2", 1, "1.00", "2011-01-07 15:00:00", "8"),
            line("800", "P3", 1, "1.00", "2011-01-07 15:00:00", "8"),
            line("801", "P1", 1, "1.00", "2011-01-04 11:00:00", "8"),
            line("802", "P1", 1, "1.00", "2011-01-11 11:00:00", "8"),
            // customer 9: one line on Monday 09:00, one on Wednesday 08:00, returns on Sunday 07:00
            line("900", "P1", 1, "1.00", "2011-01-03 09:00:00", "9"),
            line("901", "P1", 1, "1.00", "2011-01-05 08:00:00", "9"),
            line("C902", "P1", -1, "1.00", "2011-01-09 07:00:00", "9"),
            line("C903", "P2", -1, "1.00", "2011-01-09 07:00:00", "9"));
    Map<String, Row> f =
        new CustomerFeatures(LocalDate.parse("2011-02-10"), "United Kingdom")
            .build(spark().createDataFrame(rows, schemaOfLines())).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs(CUSTOMER_ID), r -> r));
    assertThat(f.get("8").<Integer>getAs(FAVOURITE_DAY))
        .as("3 lines on Friday beat 2 on Tuesday")
        .isEqualTo(5);
    assertThat(f.get("8").<Integer>getAs(FAVOURITE_HOUR)).isEqualTo(15);
    assertThat(f.get("8").<Integer>getAs(FREQUENCY)).isEqualTo(3);
    assertThat(f.get("9").<Integer>getAs(FAVOURITE_DAY))
        .as("tie: Monday before Wednesday; returns do not count")
        .isEqualTo(1);
    assertThat(f.get("9").<Integer>getAs(FAVOURITE_HOUR)).isEqualTo(8);
    assertThat(f.get("9").<Integer>getAs(CANCELLATION_COUNT)).isEqualTo(2);
    assertThat(f.get("9").<Integer>getAs(COUNTRIES)).isEqualTo(1);
  }
}
