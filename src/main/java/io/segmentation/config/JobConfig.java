package io.segmentation.config;

import io.segmentation.schema.ColumnPreset;
import io.segmentation.schema.CustomerAttribute;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.FeatureSet;
import io.segmentation.schema.RejectReason;
import io.segmentation.schema.SourceColumn;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The job's configuration, parsed and validated once by {@link ConfigLoader}. Immutable.
 *
 * <p>Sources, highest precedence first: command-line options ({@code --input}, {@code --output},
 * {@code --run-id}), {@code --set key=value}, the {@code --config} file, the bundled {@code
 * reference.conf} (which documents every key).
 */
public record JobConfig(
    Input input,
    Cleaning cleaning,
    Features features,
    Model model,
    Output output,
    Privacy privacy,
    Generate generate,
    Identity identity,
    Clv clv) {

  /** Where and how invoices are read. */
  public record Input(
      String path,
      InputFormat format,
      ColumnPreset preset,
      Map<SourceColumn, String> columnOverrides,
      Csv csv,
      Optional<String> cancellationPrefix,
      InputLevel level,
      Attributes attributes) {}

  /** Optional customer attributes: where they are and their column names (empty = by alias). */
  public record Attributes(
      Optional<String> path, InputFormat format, Map<CustomerAttribute, String> columns) {}

  /** CSV reader options. */
  public record Csv(
      boolean header,
      String delimiter,
      String quote,
      String escape,
      String encoding,
      boolean decimalComma,
      boolean multiLine,
      List<String> timestampPatterns) {}

  /**
   * Cleaning rules, and the reject guard: above {@code maxRejectedShare} of the rows read
   * quarantined the run stops (exit 3); a rule above {@code warnRejectedShare} gives a warning.
   */
  public record Cleaning(
      boolean dropDuplicates,
      List<String> nonProductCodes,
      Optional<LocalDate> maxDate,
      Set<RejectReason> disabledRules,
      double maxRejectedShare,
      double warnRejectedShare) {}

  /**
   * Feature build and the KMeans columns as configured; the input source resolves them into a
   * {@link FeatureSet}.
   *
   * @param log1p the columns to log1p-transform; empty = the skewed ones among the KMeans columns
   */
  public record Features(
      Optional<LocalDate> referenceDate,
      String homeCountry,
      KmeansColumns kmeans,
      Optional<List<String>> log1p,
      double capPercentile) {

    /** The resolved feature set of invoice input, whose KMeans columns are always named. */
    public FeatureSet invoiceFeatureSet() {
      return FeatureSet.of(kmeans.names(), log1p, FeatureColumns.NUMERIC);
    }
  }

  /**
   * {@code features.kmeans}: named columns, or every numeric column of the input (customer-level
   * input; the value {@value #EVERY_NUMERIC}, and the default there).
   */
  public record KmeansColumns(boolean everyNumeric, List<String> names) {
    public static final String EVERY_NUMERIC = "every-numeric";

    public static KmeansColumns named(List<String> names) {
      return new KmeansColumns(false, List.copyOf(names));
    }

    public static KmeansColumns everyNumericColumn() {
      return new KmeansColumns(true, List.of());
    }

    @Override
    public String toString() {
      return everyNumeric ? EVERY_NUMERIC : names.toString();
    }
  }

  /** KMeans and the choice of k. */
  public record Model(
      int kMin,
      int kMax,
      int k,
      long seed,
      int maxIter,
      double minSegmentShare,
      int parallelism,
      int restarts,
      int sampleSize,
      boolean warmStart,
      double kSwitchMargin) {

    /** The k values to try: the fixed k, or the range. */
    public List<Integer> kValues() {
      if (k > 0) {
        return List.of(k);
      }
      return IntStream.rangeClosed(kMin, kMax).boxed().toList();
    }

    public int smallestK() {
      return k > 0 ? k : kMin;
    }
  }

  /** Where the Delta tables go. */
  public record Output(String path, Optional<String> database, boolean optimize, boolean report) {}

  /** Pseudonymised customer ids: on or off, and the environment variable that holds the key. */
  public record Privacy(boolean pseudonymize, String keyEnv) {}

  /** Synthetic data generator. */
  public record Generate(int customers, long seed, LocalDate startDate, LocalDate endDate) {}

  /**
   * Segment identity across runs and drift thresholds ({@code identity.*}, {@code drift.*}; issue
   * 16).
   */
  public record Identity(
      double maxCentroidDistance,
      double minOverlap,
      double overlapWeight,
      double nameMargin,
      Drift drift) {}

  /** Drift alarm thresholds ({@code drift.*}). */
  public record Drift(
      double maxCentroidShift,
      double maxShareChange,
      double maxSilhouetteDrop,
      double maxChangedShare,
      double maxPsi) {}

  /**
   * Customer lifetime value ({@code clv.*}).
   *
   * @param maxFitCustomers the fits use all customers up to this many, a seeded sample beyond
   * @param holdoutDays length of the calibration/holdout check's holdout period; 0 = no check
   * @param monthlyDiscountRate discount rate per month of the 12 monthly terms of clv_365d
   * @param margin share of the order value counted as value (1 = revenue)
   */
  public record Clv(
      boolean enabled,
      ClvModel model,
      int maxFitCustomers,
      int holdoutDays,
      double monthlyDiscountRate,
      double margin) {}
}
