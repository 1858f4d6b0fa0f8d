package io.segmentation.clv;

import static io.segmentation.schema.ClvColumns.OBSERVED_DAYS;
import static io.segmentation.schema.ClvColumns.REPEAT_PURCHASES;
import static org.apache.spark.sql.functions.col;

import io.segmentation.config.JobConfig;
import io.segmentation.ingest.InvoiceCleaner;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The lifetime-value stage: per-customer summaries in Spark, maximum-likelihood fits of the
 * repeat-purchase model ({@code clv.model}) and of Gamma-Gamma on the driver over at most {@code
 * clv.max-fit-customers} customers, the holdout check, and the per-customer predictions as Spark
 * columns. A fit that fails leaves its columns NULL and says why in the result: the stage never
 * fails the run for the data.
 *
 * <p>Wiring (the pipeline's part, not done here):
 *
 * <ul>
 *   <li>Call {@code new ClvStage(config.clv(), config.model().seed()).run(clean, reference,
 *       cache::keep)} inside {@code timer.stage("clv", ..., ClvResult::describe)}, after the
 *       features, with {@code clean} the clean sales lines ({@code source.cleanSales(classified)};
 *       guests are dropped here), {@code reference} the features' reference date ({@code
 *       CustomerFeatures.referenceDate}), and {@code cache::keep} the run's {@code CachedFrames}
 *       (the summaries are cached through it, as several jobs read them, and unpersisted with the
 *       run's other frames).
 *   <li>{@code fact_clustering}: left-join {@link ClvResult#customers()} on {@code customer_id}
 *       (the clean lines carry the same id as the features, pseudonymised when privacy is on) and
 *       keep {@code ClvColumns.PREDICTIONS} (p_alive, expected_purchases_90d and _365d DOUBLE;
 *       expected_order_value and clv_365d DECIMAL(18,2)); customers without a purchase day before
 *       the reference date get NULLs.
 *   <li>{@code dim_cluster}: per segment {@code expected_alive_customers} = sum(p_alive), {@code
 *       expected_purchases_365d} = sum, {@code clv_365d_total} = sum(clv_365d) and {@code
 *       clv_365d_mean} = avg(clv_365d); NULL for the unknown member (key -1).
 *   <li>{@code clv_model}, one row per run: {@code model} = purchases().model().configName(),
 *       {@code time_unit} = "day", {@code customers} = purchases().customers() (the customers the
 *       fit used; customerCount() has all), {@code r, alpha, a, b} and {@code log_likelihood} from
 *       purchases(), {@code gg_p, gg_q, gg_gamma, gg_log_likelihood, gg_customers} from
 *       orderValues(), {@code holdout_days} and {@code holdout_mae} from holdout(), {@code status}
 *       = purchases().status().configName(), {@code message} = purchases().message() (and the
 *       Gamma-Gamma one when it failed). NULL where empty.
 *   <li>Run summary and report: {@link ClvResult#warnings()} as warnings, the holdout buckets as
 *       the report's chart, {@link ClvResult#describe()} as the stage line.
 *   <li>{@code score}: {@link #predict} gives the same columns from saved parameters, at the score
 *       input's reference date; save purchases().parameters() and orderValues().parameters() (and
 *       clv.model) with the segmentation model.
 * </ul>
 */
public final class ClvStage {
  /**
   * Distinct (x, T) pairs above which the predictions are not computed (the driver sums the series
   * once per pair): far above what years of daily history give.
   */
  static final int MAX_HISTORIES = 1_000_000;

  private final JobConfig.Clv config;
  private final long seed;

  /**
   * @param config {@code clv.*}
   * @param seed the seed of the fit sample ({@code model.seed})
   */
  public ClvStage(JobConfig.Clv config, long seed) {
    this.config = Objects.requireNonNull(config, "config");
    this.seed = seed;
  }

  /**
   * @param cleanSales clean sales lines (customer id, invoice time, line amount, guest flag)
   * @param referenceDate the end of observation: purchases on earlier days count
   * @param keep persists a frame for the rest of the run (the caller unpersists it)
   */
  public ClvResult run(
      Dataset<Row> cleanSales, LocalDate referenceDate, UnaryOperator<Dataset<Row>> keep) {
    Objects.requireNonNull(referenceDate, "referenceDate");
    if (!config.enabled()) {
      return ClvResult.disabled(
          config.model(),
          cleanSales.sparkSession().createDataFrame(List.of(), PredictionColumns.schema()));
    }
    Dataset<Row> sales = InvoiceCleaner.customerSales(cleanSales);
    // One pass over the lines for the summaries and the holdout check's calibration summaries.
    ClvSummaries.Aggregates aggregates =
        ClvSummaries.aggregate(sales, referenceDate.minusDays(config.holdoutDays()), referenceDate)
            .map(keep);
    Dataset<Row> summaries = aggregates.summaries();
    List<Row> pairs = distinctHistories(summaries);
    long customers = pairs.stream().mapToLong(r -> r.getLong(2)).sum();
    CustomerSample sample = FitSample.collect(summaries, customers, config.maxFitCustomers(), seed);
    PurchaseModel model = PurchaseModel.of(config.model());
    PurchaseFit purchases = PurchaseModelFitter.fit(model, sample.histories());
    GammaGammaFit orderValues = GammaGammaFitter.fit(sample.orderValues());
    Optional<HoldoutCheck.Result> holdout =
        config.holdoutDays() == 0
            ? Optional.empty()
            : Optional.of(
                HoldoutCheck.run(
                    aggregates.calibration(),
                    model,
                    config.holdoutDays(),
                    config.maxFitCustomers(),
                    seed));
    List<String> warnings = new ArrayList<>(ClvResult.warningsOf(purchases, orderValues));
    Dataset<Row> predictions =
        predictions(
            summaries,
            pairs,
            model,
            purchases.parameters(),
            orderValues.parameters(),
            config,
            warnings);
    return new ClvResult(purchases, orderValues, holdout, predictions, customers, warnings);
  }

  /**
   * The per-customer predictions from saved parameters, without fitting: what {@code score} needs
   * at its input's reference date. Columns as {@link ClvResult#customers()}; NULL where a parameter
   * set is empty.
   *
   * @param purchases the saved repeat-purchase parameters of {@code config.model()}
   * @param orderValues the saved Gamma-Gamma parameters
   */
  public static Dataset<Row> predict(
      Dataset<Row> cleanSales,
      LocalDate referenceDate,
      JobConfig.Clv config,
      Optional<NbdParameters> purchases,
      Optional<GammaGammaParameters> orderValues,
      UnaryOperator<Dataset<Row>> keep) {
    Dataset<Row> summaries =
        keep.apply(ClvSummaries.build(InvoiceCleaner.customerSales(cleanSales), referenceDate));
    List<String> ignored = new ArrayList<>();
    return predictions(
        summaries,
        distinctHistories(summaries),
        PurchaseModel.of(config.model()),
        purchases,
        orderValues,
        config,
        ignored);
  }

  /** (x, T, customers) per distinct (x, T), at most one more than {@link #MAX_HISTORIES}. */
  private static List<Row> distinctHistories(Dataset<Row> summaries) {
    return summaries
        .groupBy(col(REPEAT_PURCHASES), col(OBSERVED_DAYS))
        .count()
        .limit(MAX_HISTORIES + 1)
        .collectAsList();
  }

  private static Dataset<Row> predictions(
      Dataset<Row> summaries,
      List<Row> pairs,
      PurchaseModel model,
      Optional<NbdParameters> purchases,
      Optional<GammaGammaParameters> orderValues,
      JobConfig.Clv config,
      List<String> warnings) {
    if (purchases.isEmpty()) {
      return PredictionColumns.unknown(summaries);
    }
    if (pairs.size() > MAX_HISTORIES) {
      warnings.add(
          String.format(
              "More than %,d distinct (repeat purchases, days observed) histories: the CLV"
                  + " predictions are NULL.",
              MAX_HISTORIES));
      return PredictionColumns.unknown(summaries);
    }
    List<double[]> histories =
        pairs.stream().map(r -> new double[] {r.getInt(0), r.getDouble(1)}).toList();
    return PredictionColumns.predict(
        summaries,
        histories,
        model,
        purchases.get(),
        orderValues,
        config.monthlyDiscountRate(),
        config.margin());
  }
}
