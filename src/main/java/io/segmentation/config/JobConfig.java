package io.segmentation.config;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The job's configuration, parsed and validated once by {@link ConfigLoader}. Immutable.
 *
 * <p>Sources, highest precedence first: command-line options ({@code --input}, {@code --output},
 * {@code --run-id}), {@code --set key=value}, the {@code --config} file, the bundled {@code
 * reference.conf} (which documents every key).
 */
public record JobConfig(
    Input input, Cleaning cleaning, Features features, Model model, Output output, Privacy privacy, Generate generate,
    Identity identity) {

  /** Where and how invoices are read. */
  public record Input(
      String path,
      InputFormat format,
      io.segmentation.ingest.ColumnPreset preset,
      java.util.Map<io.segmentation.ingest.SourceColumn, String> columnOverrides,
      Csv csv,
      Optional<String> cancellationPrefix,
      InputLevel level,
      Attributes attributes) {}

  /** Optional customer attributes: where they are and their column names (empty = by alias). */
  public record Attributes(
      Optional<String> path, InputFormat format, java.util.Map<io.segmentation.ingest.CustomerAttribute, String> columns) {}

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
      java.util.Set<io.segmentation.ingest.RejectReason> disabledRules,
      double maxRejectedShare,
      double warnRejectedShare) {}

  /** Feature build and the KMeans feature set. */
  public record Features(
      Optional<LocalDate> referenceDate,
      String homeCountry,
      List<String> kmeans,
      List<String> log1p,
      double capPercentile) {
    /** The same settings with the KMeans columns resolved at run time (customer-level input). */
    public Features withKmeans(List<String> columns, List<String> logColumns) {
      return new Features(referenceDate, homeCountry, List.copyOf(columns), List.copyOf(logColumns), capPercentile);
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
      boolean warmStart) {

    /** The k values to try: the fixed k, or the range. */
    public List<Integer> kValues() {
      if (k > 0) {
        return List.of(k);
      }
      return java.util.stream.IntStream.rangeClosed(kMin, kMax).boxed().toList();
    }

    public int smallestK() {
      return k > 0 ? k : kMin;
    }
  }

  /** The same job with other feature settings. */
  public JobConfig withFeatures(Features f) {
    return new JobConfig(input, cleaning, f, model, output, privacy, generate, identity);
  }

  /** Where the Delta tables go. */
  public record Output(String path, Optional<String> database, boolean optimize, boolean report) {}

  /** Pseudonymised customer ids: on or off, and the environment variable that holds the key. */
  public record Privacy(boolean pseudonymize, String keyEnv) {}

  /** Synthetic data generator. */
  public record Generate(int customers, long seed, LocalDate startDate, LocalDate endDate) {}

  /** Segment identity across runs and drift thresholds ({@code identity.*}, {@code drift.*}; issue 16). */
  public record Identity(
      double maxCentroidDistance, double minOverlap, double overlapWeight, double nameMargin, Drift drift) {}

  /** Drift alarm thresholds ({@code drift.*}). */
  public record Drift(
      double maxCentroidShift, double maxShareChange, double maxSilhouetteDrop, double maxChangedShare, double maxPsi) {}
}
