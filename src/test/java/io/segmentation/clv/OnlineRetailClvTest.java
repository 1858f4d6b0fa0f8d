package io.segmentation.clv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.config.ClvModel;
import io.segmentation.config.ConfigLoader;
import io.segmentation.config.JobConfig;
import io.segmentation.ingest.InvoiceCleaner;
import io.segmentation.ingest.InvoiceReader;
import io.segmentation.schema.ClvColumns;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.testing.SharedData;
import io.segmentation.testing.SparkTestBase;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Both repeat-purchase models and Gamma-Gamma on the real UCI Online Retail data, cleaned by the
 * job's own reader and cleaner: the fits converge to plausible values (printed for the docs) and
 * every figure is finite.
 */
@Tag("e2e")
class OnlineRetailClvTest extends SparkTestBase {
  private static Dataset<Row> clean;
  private static LocalDate reference;

  @BeforeAll
  static void cleanSales() {
    JobConfig config =
        ConfigLoader.load(
            Optional.of("conf/online-retail.conf"),
            List.of(),
            Map.of("input.path", SharedData.onlineRetailGlob()));
    InvoiceCleaner cleaner = new InvoiceCleaner(config.input(), config.cleaning(), Instant.now());
    Dataset<Row> classified =
        cleaner.classify(new InvoiceReader(spark(), config.input()).read()).cache();
    clean = cleaner.clean(classified).cache();
    Timestamp last = clean.agg(max(col(InvoiceColumns.INVOICE_TS))).first().getTimestamp(0);
    reference = last.toInstant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
  }

  @Test
  void mbgNbd() {
    check(ClvModel.MBGNBD);
  }

  @Test
  void bgNbd() {
    check(ClvModel.BGNBD);
  }

  private static void check(ClvModel type) {
    long t0 = System.nanoTime();
    JobConfig.Clv config = new JobConfig.Clv(true, type, 200_000, 90, 0.01, 1.0);
    ClvResult result = new ClvStage(config, 42).run(clean, reference, UnaryOperator.identity());
    Dataset<Row> customers = result.customers().cache();
    Row totals =
        customers
            .agg(
                org.apache.spark.sql.functions.sum(ClvColumns.P_ALIVE),
                org.apache.spark.sql.functions.sum(ClvColumns.EXPECTED_PURCHASES_365D),
                org.apache.spark.sql.functions.sum(ClvColumns.CLV_365D),
                org.apache.spark.sql.functions.count(ClvColumns.CLV_365D))
            .first();
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "UCI %s: %s; log-likelihood %.2f, Gamma-Gamma log-likelihood %.2f over %d customers;"
            + " sum p_alive %.1f, sum expected purchases 365d %.1f, sum clv_365d %s over %d"
            + " customers; %.1f s%n",
        type,
        result.describe(),
        result.purchases().logLikelihood().orElse(Double.NaN),
        result.orderValues().logLikelihood().orElse(Double.NaN),
        result.orderValues().customers(),
        totals.getDouble(0),
        totals.getDouble(1),
        totals.getDecimal(2),
        totals.getLong(3),
        seconds);
    PurchaseFit calibration = result.holdout().orElseThrow().calibrationFit();
    System.out.printf(
        "  calibration fit: %s, log-likelihood %.2f, %s%n",
        calibration.parameters().orElseThrow(),
        calibration.logLikelihood().orElseThrow(),
        calibration.message());
    System.out.printf("  published fit: %s%n", result.purchases().message());
    result
        .holdout()
        .orElseThrow()
        .buckets()
        .forEach(
            b ->
                System.out.printf(
                    "  holdout x=%s: %d customers, actual %.3f, predicted %.3f%n",
                    b.label(), b.customers(), b.actualMean(), b.predictedMean()));
    assertThat(result.purchases().status())
        .as(result.purchases().message())
        .isEqualTo(FitStatus.CONVERGED);
    assertThat(result.orderValues().status()).isEqualTo(FitStatus.CONVERGED);
    assertThat(result.customerCount()).isBetween(4_300L, 4_372L);
    assertThat(totals.getLong(3)).isEqualTo(result.customerCount());
    assertThat(result.holdout().orElseThrow().meanAbsoluteError()).isPresent();
    // Regression bounds around the values the docs quote (both models reach the same no-drop-out
    // limit on this year of data, where the fit says so in a warning).
    NbdParameters p = result.purchases().parameters().orElseThrow();
    assertThat(p.r()).isBetween(0.7, 0.95);
    assertThat(p.alpha()).isBetween(55.0, 85.0);
    assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("next to no drop-out"));
    GammaGammaParameters g = result.orderValues().parameters().orElseThrow();
    assertThat(g.p()).isBetween(2.0, 2.6);
    assertThat(g.q()).isBetween(3.0, 4.0);
  }
}
