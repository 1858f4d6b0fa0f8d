package io.segmentation.model;

import static org.apache.spark.sql.functions.col;

import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.FeatureSet;
import io.segmentation.schema.ModelColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits KMeans for every k of the configured range on one cached, scaled feature dataset, scores
 * each k (silhouette, WSSSE, smallest segment share) and keeps the one {@link KSelection} picks.
 * Several k are fitted concurrently on the same SparkContext ({@code model.parallelism}).
 */
public final class SegmentSearch {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentSearch.class);

  /** The outcome: the full fitted pipeline (transforms + chosen KMeans) and every k's scores. */
  public record Result(
      PipelineModel model,
      List<KCandidate> candidates,
      KCandidate chosen,
      long customers,
      double searchSeconds) {

    /** The stage line: customers, the chosen k among those tried, its silhouette. */
    public String describe(List<Integer> kValues) {
      return String.format(
          Locale.ROOT,
          "%,d customers, k=%d chosen from %s, silhouette %.3f",
          customers,
          chosen.k(),
          kValues,
          chosen.silhouette());
    }
  }

  private static final long CUSTOMERS_PER_PARTITION = 50_000;
  private final JobConfig config;
  private final FeatureSet features;

  /** Issue 16: the previous run's fitted pipeline, to warm-start KMeans from (null = none). */
  private PipelineModel previous;

  /** Its centroids in this run's scaled space, set by {@link #run} when the warm start applies. */
  private volatile Vector[] initialCenters;

  /** The search of this run's model settings over its resolved feature set. */
  public SegmentSearch(JobConfig config, FeatureSet features) {
    this.config = config;
    this.features = features;
  }

  /**
   * Warm start ({@code model.warm-start}, issue 16): when the previous model's features are this
   * run's, the k equal to the previous model's starts from its centroids (carried into this run's
   * scaled space: unscaled with the previous scaler, scaled with this one), so each segment
   * converges where it was. Other k start as usual.
   */
  public SegmentSearch warmStartFrom(Optional<PipelineModel> previousModel) {
    this.previous = config.model().warmStart() ? previousModel.orElse(null) : null;
    return this;
  }

  public Result run(Dataset<Row> features) {
    JobConfig.Model m = config.model();
    long started = System.nanoTime();
    long customers = features.count();
    if (customers < m.smallestK() + 1L) {
      throw Errors.tooFewCustomers(customers, m.smallestK());
    }
    // KMeans|| samples its initial centres row by row within each partition, and the scaler and
    // caps aggregate per partition: so the model sees the same partitions in the same order on
    // any cluster (hash of the customer id, sorted by it), not the order shuffle blocks arrived
    // in. A standalone cluster and local mode then give the same segments (StandaloneClusterIT).
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
      int largestK = m.kValues().get(m.kValues().size() - 1);
      if (customers < 100L * largestK) {
        long distinct = scaled.select(col(ModelColumns.SCALED).cast("string")).distinct().count();
        if (distinct < m.smallestK()) {
          throw Errors.tooFewDistinctPoints(distinct, m.smallestK());
        }
      }
      List<Fit> fits = fitAll(scaled, customers);
      List<KCandidate> candidates = fits.stream().map(Fit::candidate).toList();
      KCandidate chosen = KSelection.choose(candidates, m.minSegmentShare());
      KMeansModel best =
          fits.stream()
              .filter(f -> f.candidate().k() == chosen.k())
              .findFirst()
              .orElseThrow()
              .model();
      List<PipelineStage> stages = new ArrayList<>(Arrays.asList(prep.stages()));
      stages.add(best);
      // A pipeline of fitted transformers only: fit() just wraps them, no pass over the data.
      PipelineModel model =
          new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(features);
      return new Result(model, candidates, chosen, customers, (System.nanoTime() - started) / 1e9);
    } finally {
      scaled.unpersist();
    }
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

  private record Fit(KCandidate candidate, KMeansModel model) {}

  private List<Fit> fitAll(Dataset<Row> scaled, long customers) {
    List<Integer> ks = config.model().kValues();
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(config.model().parallelism(), ks.size()));
    try {
      List<Future<Fit>> futures = new ArrayList<>();
      for (int k : ks) {
        futures.add(pool.submit(() -> fit(scaled, k, customers)));
      }
      List<Fit> fits = new ArrayList<>();
      for (Future<Fit> f : futures) {
        fits.add(f.get());
      }
      fits.sort(Comparator.comparingInt(f -> f.candidate().k()));
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

  private Fit fit(Dataset<Row> scaled, int k, long customers) {
    JobConfig.Model m = config.model();
    scaled
        .sparkSession()
        .sparkContext()
        .setJobGroup("kmeans-k" + k, "KMeans fit for k=" + k, false);
    // Quality guard: with model.restarts > 1, keep the lowest-WSSSE of several seeded starts.
    KMeansModel model = null;
    Vector[] initial = initialCenters;
    boolean warm = initial != null && initial.length == k;
    for (int restart = 0; restart < m.restarts(); restart++) {
      KMeansModel candidate =
          warm && restart == 0
              ? WarmStart.fit(scaled, initial, m.seed(), m.maxIter())
              : new KMeans()
                  .setK(k)
                  .setSeed(m.seed() + restart)
                  .setMaxIter(m.maxIter())
                  .setFeaturesCol(ModelColumns.SCALED)
                  .setPredictionCol(ModelColumns.CLUSTER_INDEX)
                  .fit(scaled);
      if (model == null || WarmStart.cost(candidate) < WarmStart.cost(model)) {
        model = candidate;
      }
    }
    if (warm) {
      LOG.info("k={}: KMeans warm-started from the previous run's centroids", k);
    }
    Dataset<Row> predicted = model.transform(scaled);
    double silhouette =
        new ClusteringEvaluator()
            .setFeaturesCol(ModelColumns.SCALED)
            .setPredictionCol(ModelColumns.CLUSTER_INDEX)
            .setDistanceMeasure("squaredEuclidean")
            .evaluate(predicted);
    long[] sizes = WarmStart.sizes(model, predicted, k);
    long smallest = Arrays.stream(sizes).min().orElse(0);
    if (sizes.length < k) {
      smallest = 0;
    }
    KCandidate candidate =
        new KCandidate(k, silhouette, WarmStart.cost(model), smallest / (double) customers);
    LOG.info(
        "k={}: silhouette {}, WSSSE {}, smallest segment {}",
        k,
        String.format("%.4f", silhouette),
        String.format("%.1f", candidate.wssse()),
        String.format("%.1f%%", candidate.smallestShare() * 100));
    return new Fit(candidate, model);
  }
}
