package io.segmentation.pipeline;

import static io.segmentation.compat.SparkCompat.tryCast;
import static org.apache.spark.sql.functions.*;

import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import io.segmentation.features.CustomerAttributes;
import io.segmentation.features.CustomerFeatures;
import io.segmentation.features.CustomerLevelFeatures;
import io.segmentation.ingest.CustomerTable;
import io.segmentation.ingest.InvoiceCleaner;
import io.segmentation.ingest.InvoiceReader;
import io.segmentation.privacy.Pseudonymizer;
import io.segmentation.schema.CustomerAttribute;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.FeatureSet;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.RejectReason;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Customer-level input ({@code input.level = customers}): one row per customer. Rows without an id
 * are quarantined as missing_customer_id, rows with an empty or non-numeric KMeans column as
 * unparseable_number, and repeated ids (after the first) as duplicate_row.
 */
final class CustomerSource implements InputSource {
  private final SparkSession spark;
  private final JobConfig config;
  private final InvoiceCleaner cleaner;
  private CustomerTable table;
  private List<String> featureColumns;

  CustomerSource(SparkSession spark, JobConfig config, Instant started) {
    this.spark = spark;
    this.config = config;
    this.cleaner = new InvoiceCleaner(config.input(), config.cleaning(), started);
  }

  @Override
  public Classified classify() {
    JobConfig.Input input = config.input();
    if (input.path() == null || input.path().isBlank()) {
      throw Errors.missingConfigValue("input.path", "pass --input PATH or set input.path");
    }
    table =
        CustomerTable.read(spark, input, input.path(), input.format(), input.attributes().columns())
            .protect(Pseudonymizer.of(config.privacy()));
    List<String> numeric = table.numericColumns(table.others());
    List<String> cluster = clusterColumns(numeric);
    LinkedHashSet<String> carried = new LinkedHashSet<>(numeric);
    carried.addAll(cluster);
    featureColumns = List.copyOf(carried);
    List<String> kmeans = cluster.stream().map(CustomerLevelFeatures::featureName).toList();
    FeatureSet features =
        FeatureSet.of(
            kmeans,
            config
                .features()
                .log1p()
                .map(l -> l.stream().map(CustomerLevelFeatures::featureName).toList()),
            featureColumns.stream().map(CustomerLevelFeatures::featureName).toList());
    for (String f : features.log1p()) {
      if (!kmeans.contains(f)) {
        throw Errors.badConfigValue(
            "features.log1p", f, "every log1p feature must also be a KMeans column " + kmeans);
      }
    }

    Column id = col(FeatureColumns.CUSTOMER_ID);
    Column badNumber = lit(false);
    for (String c : cluster) {
      badNumber = badNumber.or(tryCast(col(c), DataTypes.DoubleType).isNull());
    }
    Column repeated =
        row_number().over(Window.partitionBy(id).orderBy(col(InvoiceColumns.SOURCE_FILE))).gt(1);
    Column reason =
        when(id.isNull(), RejectReason.MISSING_CUSTOMER_ID.code())
            .when(badNumber, RejectReason.UNPARSEABLE_NUMBER.code())
            .when(repeated, RejectReason.DUPLICATE_ROW.code());
    return new Classified(
        table.rows().withColumn(InvoiceColumns.REJECT_REASON, reason),
        features,
        CachedFrames.Layout.AS_IS);
  }

  /** features.kmeans (source or feature names), or every numeric column. */
  private List<String> clusterColumns(List<String> numeric) {
    List<String> wanted = config.features().kmeans().names();
    if (config.features().kmeans().everyNumeric()) {
      if (numeric.isEmpty()) {
        throw Errors.noNumericColumns(config.input().path(), table.others());
      }
      return numeric;
    }
    List<String> cluster = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String w : wanted) {
      table.others().stream()
          .filter(c -> c.equals(w) || CustomerLevelFeatures.featureName(c).equals(w))
          .findFirst()
          .ifPresentOrElse(cluster::add, () -> unknown.add(w));
    }
    if (!unknown.isEmpty()) {
      throw Errors.unknownFeatureColumns(
          unknown, numeric.stream().map(CustomerLevelFeatures::featureName).toList());
    }
    return cluster;
  }

  @Override
  public Quality quality(Dataset<Row> classified) {
    // No invoices: no sales dates, no sales countries (dim_date and dim_country hold the unknown
    // member only).
    return InputSource.countVerdicts(
        classified,
        lit(null).cast(DataTypes.TimestampType),
        col(FeatureColumns.CUSTOMER_ID),
        lit(null).cast(DataTypes.StringType));
  }

  @Override
  public Dataset<Row> cleanSales(Dataset<Row> classified) {
    return cleaner.clean(cleaner.classify(InvoiceReader.emptyRaw(spark)));
  }

  @Override
  public Dataset<Row> features(
      Dataset<Row> classified, Dataset<Row> cleanSales, LocalDate reference) {
    var template =
        new CustomerFeatures(reference, config.features().homeCountry()).build(cleanSales).schema();
    return CustomerLevelFeatures.build(accepted(classified), featureColumns, template);
  }

  @Override
  public Dataset<Row> scored(Dataset<Row> features) {
    return CustomerLevelFeatures.scored(features, featureColumns);
  }

  @Override
  public Dataset<Row> rejected(Dataset<Row> classified) {
    List<Column> raw = new ArrayList<>();
    List<Column> values = new ArrayList<>();
    // Only the columns the job uses: free-text personal columns of the input never reach a table.
    List<String> used = new ArrayList<>();
    table.attributes().keySet().forEach(a -> used.add(a.column()));
    used.addAll(featureColumns);
    for (String c : used) {
      values.add(coalesce(col(c), lit("")));
    }
    raw.add(col(InvoiceColumns.REJECT_REASON));
    raw.add(col(InvoiceColumns.SOURCE_FILE));
    for (String c : InvoiceColumns.RAW) {
      raw.add(
          (c.equals(InvoiceColumns.CUSTOMER_ID)
                  ? col(FeatureColumns.CUSTOMER_ID)
                  : lit(null).cast(DataTypes.StringType))
              .as(c));
    }
    raw.add(
        substring(concat_ws(",", values.toArray(Column[]::new)), 1, 500)
            .as(InvoiceColumns.RAW_RECORD));
    return classified
        .where(col(InvoiceColumns.REJECT_REASON).isNotNull())
        .select(raw.toArray(Column[]::new));
  }

  @Override
  public Dataset<Row> attributes(Dataset<Row> classified) {
    if (table.attributes().keySet().stream().noneMatch(a -> a != CustomerAttribute.CUSTOMER_ID)) {
      return null;
    }
    return CustomerAttributes.of(
        new CustomerTable(accepted(classified), table.attributes(), table.others()));
  }

  private static Dataset<Row> accepted(Dataset<Row> classified) {
    return classified.where(col(InvoiceColumns.REJECT_REASON).isNull());
  }
}
