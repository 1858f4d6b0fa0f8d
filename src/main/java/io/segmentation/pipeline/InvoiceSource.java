package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.col;

import io.segmentation.config.JobConfig;
import io.segmentation.features.CustomerAttributes;
import io.segmentation.features.CustomerFeatures;
import io.segmentation.features.RfmScores;
import io.segmentation.ingest.ClassifiedColumns;
import io.segmentation.ingest.CustomerTable;
import io.segmentation.ingest.InvoiceCleaner;
import io.segmentation.ingest.InvoiceReader;
import io.segmentation.privacy.Pseudonymizer;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.SourceColumn;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Invoice lines (the default input level), plus the optional attributes file. */
final class InvoiceSource implements InputSource {
  private final SparkSession spark;
  private final JobConfig config;
  private final InvoiceCleaner cleaner;
  private final Pseudonymizer pseudonymizer;

  InvoiceSource(SparkSession spark, JobConfig config, Instant started) {
    this.spark = spark;
    this.config = config;
    this.cleaner = new InvoiceCleaner(config.input(), config.cleaning(), started);
    this.pseudonymizer = Pseudonymizer.of(config.privacy());
  }

  /** The source columns the input maps (known after {@link #classify()}). */
  private Map<SourceColumn, String> mapping = Map.of();

  /** The classified rows' partitions (known after {@link #classify()}). */
  private int classifiedPartitions = 1;

  @Override
  public Classified classify() {
    InvoiceReader reader = new InvoiceReader(spark, config.input());
    Dataset<Row> raw = reader.read();
    mapping = reader.mapping();
    classifiedPartitions = partitions(reader.inputBytes());
    Dataset<Row> rows =
        InvoiceCleaner.protect(cleaner.classify(raw, classifiedPartitions), pseudonymizer);
    Set<String> absent =
        Arrays.stream(SourceColumn.values())
            .filter(c -> !mapping.containsKey(c))
            .map(SourceColumn::canonical)
            .collect(Collectors.toSet());
    return new Classified(
        rows,
        config.features().invoiceFeatureSet(),
        new CachedFrames.Layout(
            ClassifiedColumns.alwaysNull(absent), ClassifiedColumns.nullUnlessRejected()));
  }

  /**
   * Partitions for the classified rows: the shuffle partitions (at least twice the cores), or one
   * per {@value #BYTES_PER_PARTITION} bytes of input when that is more (about 900,000 invoice lines
   * of gzip CSV), so a task's rows stay a few hundred MB however large the input.
   */
  private int partitions(long inputBytes) {
    int configured = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
    long bySize = (inputBytes + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION;
    return (int) Math.max(configured, Math.min(10_000, bySize));
  }

  private static final long BYTES_PER_PARTITION = 16L << 20;

  @Override
  public Quality quality(Dataset<Row> classified) {
    return InputSource.countVerdicts(
        classified,
        col(InvoiceColumns.INVOICE_TS),
        InvoiceCleaner.customerIdOf(classified),
        InvoiceCleaner.countryOf());
  }

  @Override
  public Dataset<Row> cleanSales(Dataset<Row> classified) {
    return cleaner.clean(classified);
  }

  @Override
  public Dataset<Row> features(
      Dataset<Row> classified, Dataset<Row> cleanSales, LocalDate reference) {
    Dataset<Row> features =
        new CustomerFeatures(reference, config.features().homeCountry())
            .withDimensions(
                mapping.containsKey(SourceColumn.CATEGORY),
                mapping.containsKey(SourceColumn.REGION))
            .build(InvoiceCleaner.customerSales(cleanSales));
    return features.coalesce(
        featurePartitions(classifiedPartitions, spark.sparkContext().defaultParallelism()));
  }

  /**
   * Partitions for the customer features, which are computed from the classified rows without a
   * shuffle (both are partitioned by customer), so these are also the tasks that compute them: one
   * per core, unless that would leave a task more than {@value #CACHE_PARTITIONS_PER_FEATURE_TASK}
   * partitions of invoice lines to work through (at 300 times the real data, two tasks of 90 each
   * ran out of memory in the default 4 GB driver with the parallel collector). The run reads the
   * cached features back in one task per core ({@link CachedFrames#keepCoalesced}).
   */
  static int featurePartitions(int classifiedPartitions, int cores) {
    int bySize =
        (classifiedPartitions + CACHE_PARTITIONS_PER_FEATURE_TASK - 1)
            / CACHE_PARTITIONS_PER_FEATURE_TASK;
    return Math.max(cores, bySize);
  }

  /** About 7 million invoice lines a task (see {@link #BYTES_PER_PARTITION}). */
  private static final int CACHE_PARTITIONS_PER_FEATURE_TASK = 8;

  @Override
  public Dataset<Row> scored(Dataset<Row> features) {
    return RfmScores.add(features);
  }

  @Override
  public Dataset<Row> rejected(Dataset<Row> classified) {
    return InvoiceCleaner.rejected(classified);
  }

  /**
   * The attributes file's attributes, and the customer segment of the invoice lines when the input
   * maps one (order-line exports); null when there are neither.
   */
  @Override
  public Dataset<Row> attributes(Dataset<Row> classified) {
    JobConfig.Attributes a = config.input().attributes();
    Dataset<Row> fromSales =
        mapping.containsKey(SourceColumn.CUSTOMER_SEGMENT)
            ? CustomerAttributes.fromSales(InvoiceCleaner.customerSales(cleaner.clean(classified)))
            : null;
    if (a.path().isEmpty()) {
      return fromSales;
    }
    CustomerTable table =
        CustomerTable.read(spark, config.input(), a.path().get(), a.format(), a.columns());
    Dataset<Row> fromFile = CustomerAttributes.of(table.protect(pseudonymizer));
    return fromSales == null ? fromFile : CustomerAttributes.merged(fromFile, fromSales);
  }
}
