package io.segmentation.clv;

import static io.segmentation.schema.ClvColumns.*;
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

/** Per-customer x, t_x, T and mean repeat value from hand-made sales lines. */
@Tag("spark")
class ClvSummariesTest extends SparkTestBase {
  private static final LocalDate REFERENCE = LocalDate.of(2011, 3, 1);
  private static Dataset<Row> sales;

  private static Row line(String customer, String invoice, String ts, String amount) {
    BigDecimal a = new BigDecimal(amount);
    return RowFactory.create(
        customer, invoice, Timestamp.valueOf(ts), a, a.signum() < 0 || invoice.startsWith("C"));
  }

  @BeforeAll
  static void lines() {
    StructType schema =
        new StructType()
            .add(InvoiceColumns.CUSTOMER_ID, DataTypes.StringType)
            .add(InvoiceColumns.INVOICE_NO, DataTypes.StringType)
            .add(InvoiceColumns.INVOICE_TS, DataTypes.TimestampType)
            .add(InvoiceColumns.LINE_AMOUNT, DataTypes.createDecimalType(18, 2))
            .add(InvoiceColumns.IS_RETURN, DataTypes.BooleanType);
    List<Row> rows =
        List.of(
            // a: two invoices on the first day make one purchase of 15; a day whose return
            // halves it is still a purchase (15); a day with only a return is none; then 30.
            line("a", "1", "2011-01-01 09:00:00", "10.00"),
            line("a", "2", "2011-01-01 17:30:00", "5.00"),
            line("a", "3", "2011-01-11 10:00:00", "20.00"),
            line("a", "C4", "2011-01-11 12:00:00", "-5.00"),
            line("a", "C5", "2011-01-21 10:00:00", "-8.00"),
            line("a", "6", "2011-02-10 10:00:00", "30.00"),
            // b: one purchase.
            line("b", "7", "2011-02-01 10:00:00", "50.00"),
            // c: a return-only day before the first purchase does not start the customer's time.
            line("c", "C8", "2011-01-05 10:00:00", "-10.00"),
            line("c", "9", "2011-01-20 10:00:00", "40.00"),
            line("c", "10", "2011-01-20 11:00:00", "10.00"),
            line("c", "11", "2011-02-20 10:00:00", "12.00"),
            // d: returns only, no purchase: no row.
            line("d", "C12", "2011-01-07 10:00:00", "-3.00"),
            // e: a purchase after the reference date is not observed.
            line("e", "13", "2011-02-15 10:00:00", "8.00"),
            line("e", "14", "2011-03-05 10:00:00", "9.00"));
    sales = spark().createDataFrame(rows, schema);
  }

  private static Map<String, Row> byCustomer(Dataset<Row> summaries) {
    return summaries.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r));
  }

  @Test
  void summariesPerCustomer() {
    Dataset<Row> s = ClvSummaries.build(sales, REFERENCE);
    assertThat(s.columns())
        .containsExactly(
            InvoiceColumns.CUSTOMER_ID,
            REPEAT_PURCHASES,
            LAST_PURCHASE_DAY,
            OBSERVED_DAYS,
            MEAN_REPEAT_VALUE,
            HOLDOUT_PURCHASES);
    Map<String, Row> rows = byCustomer(s);
    assertThat(rows).containsOnlyKeys("a", "b", "c", "e");
    assertSummary(rows.get("a"), 2, 40, 59, 22.5);
    assertSummary(rows.get("b"), 0, 0, 28, null);
    assertSummary(rows.get("c"), 1, 31, 40, 12.0);
    assertSummary(rows.get("e"), 0, 0, 14, null);
    assertThat(rows.values()).allSatisfy(r -> assertThat(r.getInt(5)).isZero());
  }

  /** Calibration before 1 February, holdout from it to the reference date. */
  @Test
  void calibrationAndHoldout() {
    Map<String, Row> rows =
        byCustomer(ClvSummaries.build(sales, LocalDate.of(2011, 2, 1), REFERENCE));
    assertThat(rows).containsOnlyKeys("a", "c");
    assertSummary(rows.get("a"), 1, 10, 31, 15.0);
    assertThat(rows.get("a").getInt(5)).isEqualTo(1);
    assertSummary(rows.get("c"), 0, 0, 12, null);
    assertThat(rows.get("c").getInt(5)).isEqualTo(1);
  }

  @Test
  void sampleIsBoundedAndSeeded() {
    Dataset<Row> s = ClvSummaries.build(sales, REFERENCE);
    CustomerSample all = FitSample.collect(s, 200_000, 42);
    assertThat(all.size()).isEqualTo(4);
    assertThat(all.histories().customers()).isEqualTo(4);
    assertThat(all.orderValues().size()).isEqualTo(2);
    CustomerSample two = FitSample.collect(s, 2, 42);
    assertThat(two.size()).isLessThanOrEqualTo(2);
    CustomerSample again = FitSample.collect(s, 2, 42);
    assertThat(again.size()).isEqualTo(two.size());
    for (int i = 0; i < two.size(); i++) {
      assertThat(again.age(i)).isEqualTo(two.age(i));
    }
  }

  private static void assertSummary(Row r, int x, double tx, double age, Double mean) {
    assertThat(r.getInt(1)).as("x of %s", r.getString(0)).isEqualTo(x);
    assertThat(r.getDouble(2)).as("t_x of %s", r.getString(0)).isEqualTo(tx);
    assertThat(r.getDouble(3)).as("T of %s", r.getString(0)).isEqualTo(age);
    if (mean == null) {
      assertThat(r.isNullAt(4)).as("mean value of %s", r.getString(0)).isTrue();
    } else {
      assertThat(r.getDouble(4))
          .as("mean value of %s", r.getString(0))
          .isCloseTo(mean, within(1e-9));
    }
  }
}
