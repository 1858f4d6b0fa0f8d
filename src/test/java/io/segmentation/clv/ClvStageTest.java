package io.segmentation.clv;

import static io.segmentation.schema.ClvColumns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmentation.config.ClvModel;
import io.segmentation.config.JobConfig;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stage end to end on sales lines of 2,000 customers simulated from MBG/NBD: the fits converge,
 * every customer gets a row, and the Spark columns equal the pure functions (tested on their own in
 * PredictionTest) applied to the fitted parameters and the customer's summary.
 */
@Tag("spark")
class ClvStageTest extends SparkTestBase {
  private static final LocalDate REFERENCE = LocalDate.of(2012, 1, 1);
  private static final JobConfig.Clv CONFIG =
      new JobConfig.Clv(true, ClvModel.MBGNBD, 200_000, 90, 0.01, 0.5);
  private static Dataset<Row> sales;

  @BeforeAll
  static void simulatedSales() {
    SimulatedCustomers s =
        SimulatedCustomers.nbd(new NbdParameters(0.5, 60, 0.9, 2.5), true, 2000, 3L, 30, 390, 0);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < s.x.length; i++) {
      LocalDate first = REFERENCE.minusDays((long) Math.ceil(s.age[i]));
      double mean = 20 + (i % 7) * 5;
      for (int k = 0; k <= s.x[i]; k++) {
        long day = k == 0 ? 0 : Math.round(s.tx[i] * k / s.x[i]);
        double amount = mean * (0.5 + ((k * 37 + i) % 10) / 10.0);
        rows.add(line("c" + i, first.plusDays(day), amount, false));
      }
    }
    rows.add(line("guest-invoice", REFERENCE.minusDays(3), 12.5, true));
    sales = spark().createDataFrame(rows, schema()).repartition(4);
  }

  private static Row line(String customer, LocalDate day, double amount, boolean guest) {
    return RowFactory.create(
        customer,
        Timestamp.valueOf(day.atTime(10, 0)),
        BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP),
        guest);
  }

  private static StructType schema() {
    return new StructType()
        .add(InvoiceColumns.CUSTOMER_ID, DataTypes.StringType)
        .add(InvoiceColumns.INVOICE_TS, DataTypes.TimestampType)
        .add(InvoiceColumns.LINE_AMOUNT, DataTypes.createDecimalType(18, 2))
        .add(InvoiceColumns.IS_GUEST, DataTypes.BooleanType);
  }

  @Test
  void predictionsEqualThePureFunctionsOfTheFit() {
    ClvResult result = new ClvStage(CONFIG, 42).run(sales, REFERENCE, UnaryOperator.identity());
    assertThat(result.purchases().status()).isEqualTo(FitStatus.CONVERGED);
    assertThat(result.orderValues().status()).isEqualTo(FitStatus.CONVERGED);
    assertThat(result.customerCount()).isEqualTo(2000);
    assertThat(result.warnings()).isEmpty();
    assertThat(result.holdout().orElseThrow().meanAbsoluteError()).isPresent();
    assertThat(result.describe()).contains("2,000 customers", "MBGNBD", "holdout MAE");
    assertThat(result.customers().schema()).isEqualTo(PredictionColumns.schema());

    NbdParameters p = result.purchases().parameters().orElseThrow();
    GammaGammaParameters g = result.orderValues().parameters().orElseThrow();
    ModifiedBgNbd model = new ModifiedBgNbd();
    Map<String, Row> summaries =
        ClvSummaries.build(sales.where("not is_guest"), REFERENCE).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    List<Row> predicted = result.customers().collectAsList();
    assertThat(predicted).hasSize(2000);
    for (Row r : predicted) {
      Row s = summaries.get(r.getString(0));
      double x = s.getInt(1);
      double tx = s.getDouble(2);
      double age = s.getDouble(3);
      double mean = s.isNullAt(4) ? 0 : s.getDouble(4);
      double alive = model.probabilityAlive(p, x, tx, age);
      LifetimeValue.Factors f = LifetimeValue.ifAlive(model, p, x, age, 0.01);
      double orderValue = GammaGamma.expectedOrderValue(g, x, mean).getAsDouble();
      assertThat(r.getDouble(1)).isCloseTo(alive, within(1e-12)).isBetween(0.0, 1.0);
      assertThat(r.getDouble(2)).isCloseTo(alive * f.purchases90d(), within(1e-12));
      assertThat(r.getDouble(3)).isCloseTo(alive * f.purchases365d(), within(1e-12));
      assertThat(r.getDouble(3)).isGreaterThanOrEqualTo(r.getDouble(2));
      assertThat(r.getDecimal(4).doubleValue()).isCloseTo(orderValue, within(0.005));
      double value = 0.5 * orderValue * alive * f.discounted365d();
      assertThat(r.getDecimal(5).doubleValue()).isCloseTo(value, within(0.005));
      assertThat(f.discounted365d()).isLessThan(f.purchases365d());
    }
  }

  /** What score does: the same columns from the saved parameters, without fitting. */
  @Test
  void savedParametersPredictTheSameColumns() {
    ClvResult result = new ClvStage(CONFIG, 42).run(sales, REFERENCE, UnaryOperator.identity());
    Dataset<Row> again =
        ClvStage.predict(
            sales,
            REFERENCE,
            CONFIG,
            result.purchases().parameters(),
            result.orderValues().parameters(),
            UnaryOperator.identity());
    assertThat(again.schema()).isEqualTo(PredictionColumns.schema());
    assertThat(again.collectAsList())
        .containsExactlyInAnyOrderElementsOf(result.customers().collectAsList());
    Dataset<Row> none =
        ClvStage.predict(
            sales, REFERENCE, CONFIG, Optional.empty(), Optional.empty(), UnaryOperator.identity());
    assertThat(none.where(col(P_ALIVE).isNotNull()).count()).isZero();
    assertThat(none.count()).isEqualTo(2000);
  }

  @Test
  void tooLittleDataLeavesTheColumnsNull() {
    Dataset<Row> few = sales.where(col(InvoiceColumns.CUSTOMER_ID).isin("c1", "c2", "c3"));
    ClvResult result = new ClvStage(CONFIG, 42).run(few, REFERENCE, UnaryOperator.identity());
    assertThat(result.purchases().status()).isEqualTo(FitStatus.TOO_LITTLE_DATA);
    assertThat(result.warnings()).isNotEmpty();
    assertThat(result.warnings().get(0)).contains("mbgnbd", "too_little_data", "NULL");
    List<Row> rows = result.customers().collectAsList();
    assertThat(rows).hasSize(3);
    for (Row r : rows) {
      for (int i = 1; i < r.size(); i++) {
        assertThat(r.isNullAt(i)).as("column %d of %s", i, r.getString(0)).isTrue();
      }
    }
  }

  @Test
  void disabledFitsNothing() {
    JobConfig.Clv off = new JobConfig.Clv(false, ClvModel.BGNBD, 200_000, 90, 0.01, 1.0);
    ClvResult result = new ClvStage(off, 42).run(sales, REFERENCE, UnaryOperator.identity());
    assertThat(result.purchases().status()).isEqualTo(FitStatus.DISABLED);
    assertThat(result.customers().schema()).isEqualTo(PredictionColumns.schema());
    assertThat(result.customers().count()).isZero();
    assertThat(result.describe()).isEqualTo("disabled");
  }
}
