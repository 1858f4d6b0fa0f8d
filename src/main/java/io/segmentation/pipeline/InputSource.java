package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.segmentation.config.InputLevel;
import io.segmentation.config.JobConfig;
import io.segmentation.schema.FeatureSet;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.RejectReason;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where a run's customers come from ({@code input.level}): invoice lines aggregated into features,
 * or a table that is already one row per customer. Either way the run gets a classified frame
 * (every input row with its {@code reject_reason}, null when accepted), the clean invoice lines
 * (none for customer-level input), one feature row per customer and, optionally, attributes.
 */
interface InputSource {
  /**
   * The source's read: every input row with {@link InvoiceColumns#REJECT_REASON} (lazily
   * evaluated), the feature set resolved against what the input holds, and how the rows are laid
   * out in the cache.
   */
  record Classified(Dataset<Row> rows, FeatureSet features, CachedFrames.Layout layout) {}

  /** The source of {@code input.level}. */
  static InputSource of(SparkSession spark, JobConfig config, Instant started) {
    return config.input().level() == InputLevel.CUSTOMERS
        ? new CustomerSource(spark, config, started)
        : new InvoiceSource(spark, config, started);
  }

  /** Reads and classifies the input. */
  Classified classify();

  /** The verdict counts of {@link #classify()}'s frame (one Spark job or two). */
  Quality quality(Dataset<Row> classified);

  /**
   * The valid sales for dim_date, dim_country and fact_sales, guest purchases included (empty for
   * customer-level input).
   */
  Dataset<Row> cleanSales(Dataset<Row> classified);

  /**
   * One row per customer: the standard feature columns and any extra features (lazily evaluated).
   */
  Dataset<Row> features(Dataset<Row> classified, Dataset<Row> cleanSales, LocalDate reference);

  /**
   * {@link #features}' frame with the RFM score columns. Computing the quintiles is a pass over the
   * features, so call it on the cached frame (else the aggregation runs twice).
   */
  Dataset<Row> scored(Dataset<Row> features);

  /**
   * {@link #features}' frame computed into {@code cache} (read back in one task per core, {@link
   * CachedFrames#keepCoalesced}) and {@link #scored}, with the customer count the caching job
   * found.
   */
  default CachedFrames.Counted keptFeatures(
      CachedFrames cache, Dataset<Row> classified, Dataset<Row> cleanSales, LocalDate reference) {
    return cache.keepCoalesced(features(classified, cleanSales, reference)).map(this::scored);
  }

  /**
   * Quarantined rows in the shape of rejected_rows (reason, source_file, raw columns, raw_record).
   */
  Dataset<Row> rejected(Dataset<Row> classified);

  /** Customer attributes (customer_id, gender, age, age_band, city, membership), or null. */
  Dataset<Row> attributes(Dataset<Row> classified);

  /**
   * Counts rows per verdict, guest sales (accepted rows without a customer id) and distinct
   * customer ids; shared by both sources.
   */
  static Quality countVerdicts(
      Dataset<Row> classified, Column timestamp, Column customerId, Column country) {
    // One pass gives the counts per verdict and, of the valid sales, the date range and the
    // countries: dim_date and dim_country are then built without another pass over the rows.
    List<Row> byReason =
        classified
            .groupBy(col(InvoiceColumns.REJECT_REASON), customerId.isNull().as("guest"))
            .agg(
                count(lit(1)).as("n"),
                max(timestamp).as("last"),
                min(timestamp).as("first"),
                collect_set(country).as("countries"))
            .collectAsList();
    long read = 0;
    long clean = 0;
    long guests = 0;
    LocalDate lastSale = null;
    LocalDate firstSale = null;
    Set<String> countries =
        new TreeSet<>(Comparator.comparing(InputSource::codePoints, Arrays::compare));
    Map<String, Long> rejected = new LinkedHashMap<>();
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r.code(), 0L);
    }
    for (Row r : byReason) {
      long n = r.getLong(2);
      read += n;
      if (r.isNullAt(0)) {
        clean += n;
        guests += r.getBoolean(1) ? n : 0;
        if (!r.isNullAt(3)) {
          LocalDate last = utcDate(r.getTimestamp(3));
          lastSale = lastSale == null || last.isAfter(lastSale) ? last : lastSale;
          LocalDate first = utcDate(r.getTimestamp(4));
          firstSale = firstSale == null || first.isBefore(firstSale) ? first : firstSale;
        }
        countries.addAll(r.getList(5));
      } else {
        rejected.merge(r.getString(0), n, Long::sum);
      }
    }
    long ids = classified.agg(count_distinct(customerId)).first().getLong(0);
    return new Quality(
        read,
        clean,
        guests,
        rejected,
        ids,
        lastSale == null ? LocalDate.now(ZoneOffset.UTC) : lastSale,
        firstSale == null
            ? Optional.empty()
            : Optional.of(new Quality.DateRange(firstSale, lastSale)),
        List.copyOf(countries));
  }

  private static LocalDate utcDate(Timestamp t) {
    return t.toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
  }

  /** Spark orders strings by code point (UTF-8 bytes); Java's compareTo by UTF-16 unit. */
  private static int[] codePoints(String s) {
    return s.codePoints().toArray();
  }
}
