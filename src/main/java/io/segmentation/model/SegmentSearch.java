package io.segmentation.model;

import static org.apache.spark.sql.functions.col;

import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.FeatureSet;
import io.segmentation.schema.ModelColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses k and fits the model. Every k of the configured range is fitted on the driver, on a
 * bounded sample of the scaled customers ({@link KSample}, {@code model.sample-size}; all of them
 * up to that size), with {@code model.restarts} k-means++ starts each ({@link LocalKMeans}), and
 * scored (silhouette, WSSSE, smallest segment share); {@link KSelection} picks k. The chosen k is
 * then fitted once with MLlib KMeans on every customer, started from the sample's best centres, so
 * the saved pipeline stays an MLlib model. The search costs a few Spark jobs instead of one per
 * KMeans iteration per k and start, which for the default range would be a couple of hundred.
 */
public final class SegmentSearch {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentSearch.class);

  /** The outcome: the full fitted pipeline (transforms + chosen KMeans) and every k's scores. */
  public record Result(
      PipelineModel model,
      List<KCandidate> candidates,
      KCandidate chosen,
      Optional<Integer> previousK,
      String kReason,
      long customers,
      long sampled,
      double searchSeconds) {

    /** The stage line: customers, the chosen k among those tried, its silhouette. */
    public String describe(List<Integer> kValues) {
      return String.format(
          Locale.ROOT,
          "%,d customers, k=%d chosen from %s on %s, silhouette %.3f (%s)",
          customers,
          chosen.k(),
          kValues,
          sampled == customers
              ? "all of them"
              : String.format(Locale.ROOT, "a sample of %,d", sampled),
          chosen.silhouette(),
          kReason);
    }
  }

  private static final long CUSTOMERS_PER_PARTITION = 50_000;

  /** Lloyd stops when no centre moves further than this (MLlib's default epsilon). */
  private static final double TOLERANCE = 1e-4;

  private final JobConfig config;
  private final FeatureSet features;

  /** The previous run's fitted pipeline, to warm-start KMeans from (null = none). */
  private PipelineModel previous;

  /** Its centroids in this run's scaled space, set by {@link #run} when the warm start applies. */
  private volatile Vector[] initialCenters;

  /** The search of this run's model settings over its resolved feature set. */
  public SegmentSearch(JobConfig config, FeatureSet features) {
    this.config = config;
    this.features = features;
  }

  /**
   * The previous successful run's model, which this search continues:
   *
   * <ul>
   *   <li>its k is kept unless another k's silhouette beats it by more than {@code
   *       model.k-switch-margin} ({@link KSelection#keepOrSwitch}; not when {@code model.k} fixes
   *       k);
   *   <li>warm start ({@code model.warm-start}): when its features are this run's, the k equal to
   *       its k starts from its centroids (carried into this run's scaled space: unscaled with the
   *       previous scaler, scaled with this one), so each segment converges where it was. Other k
   *       start as usual.
   * </ul>
   */
  public SegmentSearch after(Optional<SavedModel> previousModel) {
    this.previous =
        config.model().warmStart() ? previousModel.map(SavedModel::pipeline).orElse(null) : null;
    this.previousK =
        config.model().k() > 0 ? Optional.empty() : previousModel.map(p -> p.segments().size());
    return this;
  }

  /** The previous run's k (empty on a first run or with a fixed k). */
  private Optional<Integer> previousK = Optional.empty();

  private Optional<Integer> previousK() {
    return previousK;
  }

  public Result run(Dataset<Row> features) {
    JobConfig.Model m = config.model();
    long started = System.nanoTime();
    long customers = features.count();
    if (customers < m.smallestK() + 1L) {
      throw Errors.tooFewCustomers(customers, m.smallestK());
    }
    // The scaler and caps aggregate per partition, and the sample is drawn per partition: so the
    // model sees the same partitions in the same order on any cluster (hash of the customer id,
    // sorted by it), not the order shuffle blocks arrived in. A standalone cluster and local mode
    // then give the same segments (StandaloneClusterIT).
    Dataset<Row> ordered =
        features
            .repartition(
                partitions(features.sparkSession(), customers), col(FeatureColumns.CUSTOMER_ID))
            .sortWithinPartitions(col(FeatureColumns.CUSTOMER_ID));
    PipelineModel prep =
        FeatureTransforms.pipeline(ordered, this.features, config.features().capPercentile())
            .fit(ordered);
    initialCenters =
        previous == null ? null : WarmStart.centers(previous, prep, m.kValues()).orElse(null);
    Dataset<Row> scaled =
        prep.transform(ordered)
            .select(col(FeatureColumns.CUSTOMER_ID), col(ModelColumns.SCALED))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      KSample sample = KSample.draw(scaled, customers, m.sampleSize(), m.seed());
      int largestK = m.kValues().get(m.kValues().size() - 1);
      if (customers < 100L * largestK && sample.distinct() < m.smallestK()) {
        throw Errors.tooFewDistinctPoints(sample.distinct(), m.smallestK());
      }
      List<LocalKMeans.Fit> fits = searchAll(sample);
      List<KCandidate> candidates = new ArrayList<>();
      for (LocalKMeans.Fit f : fits) {
        candidates.add(candidate(sample, f, sample.populationCost(f.cost())));
      }
      KChoice choice =
          KSelection.keepOrSwitch(candidates, m.minSegmentShare(), previousK(), m.kSwitchMargin());
      KCandidate chosenOnSample = choice.chosen();
      LocalKMeans.Fit bestOnSample = fits.get(candidates.indexOf(chosenOnSample));
      // One MLlib fit on every customer, from the sample's best centres: the saved model, score
      // and the cluster runs stay MLlib. On a full sample it converges at once.
      KMeansModel best =
          WarmStart.fit(scaled, vectors(bestOnSample.centers()), m.seed(), m.maxIter());
      KCandidate chosen = finalCandidate(sample, best, scaled, customers);
      candidates.set(candidates.indexOf(chosenOnSample), chosen);
      List<PipelineStage> stages = new ArrayList<>(Arrays.asList(prep.stages()));
      stages.add(best);
      // A pipeline of fitted transformers only: fit() just wraps them, no pass over the data.
      PipelineModel model =
          new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(features);
      return new Result(
          model,
          candidates,
          chosen,
          choice.previousK(),
          choice.reason(),
          customers,
          sample.size(),
          (System.nanoTime() - started) / 1e9);
    } finally {
      scaled.unpersist();
    }
  }

  /**
   * The chosen k's figures on every customer: on the driver when the sample holds them all (no
   * Spark job), else with {@link ClusteringEvaluator} and one count per cluster.
   */
  private static KCandidate finalCandidate(
      KSample sample, KMeansModel best, Dataset<Row> scaled, long customers) {
    int k = best.clusterCenters().length;
    if (sample.isEveryone()) {
      double[][] centers =
          Arrays.stream(best.clusterCenters()).map(Vector::toArray).toArray(double[][]::new);
      LocalKMeans.Fit onAll = LocalKMeans.assign(sample.points(), centers);
      return candidate(sample, onAll, WarmStart.cost(best));
    }
    Dataset<Row> predicted = best.transform(scaled);
    double silhouette =
        new ClusteringEvaluator()
            .setFeaturesCol(ModelColumns.SCALED)
            .setPredictionCol(ModelColumns.CLUSTER_INDEX)
            .setDistanceMeasure("squaredEuclidean")
            .evaluate(predicted);
    long[] sizes = WarmStart.sizes(best, predicted, k);
    long smallest = Arrays.stream(sizes).min().orElse(0);
    return new KCandidate(k, silhouette, WarmStart.cost(best), smallest / (double) customers);
  }

  private static KCandidate candidate(KSample sample, LocalKMeans.Fit fit, double cost) {
    long smallest = Arrays.stream(fit.sizes()).min().orElse(0);
    KCandidate c =
        new KCandidate(
            fit.k(),
            LocalKMeans.silhouette(sample.points(), fit.assignment(), fit.k()),
            cost,
            smallest / (double) sample.size());
    LOG.info(
        "k={}: silhouette {}, WSSSE {}, smallest segment {} ({} customers)",
        c.k(),
        String.format(Locale.ROOT, "%.4f", c.silhouette()),
        String.format(Locale.ROOT, "%.1f", c.wssse()),
        String.format(Locale.ROOT, "%.1f%%", c.smallestShare() * 100),
        sample.size());
    return c;
  }

  private static Vector[] vectors(double[][] centers) {
    return Arrays.stream(centers).map(Vectors::dense).toArray(Vector[]::new);
  }

  /**
   * KMeans runs one Spark job per iteration over the cached vectors: few, well-filled partitions
   * (about 50,000 customers each, at most two per core) keep small inputs from paying for hundreds
   * of tiny tasks, while large ones still use every core.
   */
  private static int partitions(SparkSession spark, long customers) {
    int cores = spark.sparkContext().defaultParallelism();
    long wanted = (customers + CUSTOMERS_PER_PARTITION - 1) / CUSTOMERS_PER_PARTITION;
    return (int) Math.max(1, Math.min(2L * cores, wanted));
  }

  /** Every k of the range on the driver's sample, {@code model.parallelism} k at a time. */
  private List<LocalKMeans.Fit> searchAll(KSample sample) {
    JobConfig.Model m = config.model();
    List<Integer> ks = m.kValues();
    Vector[] warm = initialCenters;
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(m.parallelism(), ks.size()));
    try {
      List<Future<LocalKMeans.Fit>> futures = new ArrayList<>();
      for (int k : ks) {
        double[][] initial =
            warm != null && warm.length == k
                ? Arrays.stream(warm).map(Vector::toArray).toArray(double[][]::new)
                : null;
        if (initial != null) {
          LOG.info("k={}: the previous run's centroids are one of the starts", k);
        }
        futures.add(
            pool.submit(
                () ->
                    LocalKMeans.fit(
                        sample.points(),
                        k,
                        m.seed(),
                        m.restarts(),
                        m.maxIter(),
                        TOLERANCE,
                        initial)));
      }
      List<LocalKMeans.Fit> fits = new ArrayList<>();
      for (Future<LocalKMeans.Fit> f : futures) {
        fits.add(f.get());
      }
      return fits;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the k search", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
