package io.segmentation.model;

import static io.segmentation.schema.FeatureColumns.*;
import static io.segmentation.schema.ProfileColumns.FEATURE;
import static io.segmentation.schema.ProfileColumns.MEAN_VALUE;
import static io.segmentation.schema.ProfileColumns.MEDIAN_VALUE;
import static io.segmentation.schema.ProfileColumns.POPULATION_MEAN;
import static io.segmentation.schema.ProfileColumns.POPULATION_STD;
import static io.segmentation.schema.ProfileColumns.Z_SCORE;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.grouping;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.segmentation.schema.ModelColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Profiles each segment: size, share, mean features in business units, and z-scores against the
 * whole population. Collects one row per segment plus one population row (a handful of numbers),
 * never per-customer data.
 */
public final class SegmentProfiler {
  private SegmentProfiler() {}

  /** The rollup's flag: 1 on the row of every customer, 0 on a segment's. */
  private static final String EVERYONE = "_everyone";

  private static final String[] LOG_MEASURES = {
    RECENCY_DAYS, FREQUENCY, MONETARY_NET, AVG_BASKET_SPEND
  };

  public static List<SegmentProfile> profile(Dataset<Row> assigned) {
    Dataset<Row> measures = assigned.select(measureColumns());
    // One pass: the segments' rows and, from the rollup's grand total, the population's.
    Column[] aggs = aggregates();
    List<Row> rows =
        measures
            .rollup(col(ModelColumns.CLUSTER_INDEX))
            .agg(grouping(col(ModelColumns.CLUSTER_INDEX)).as(EVERYONE), aggs)
            .collectAsList();
    Row population =
        rows.stream().filter(r -> r.getByte(r.fieldIndex(EVERYONE)) == 1).findFirst().orElseThrow();
    long total = population.<Long>getAs("n");
    List<SegmentProfile> profiles = new ArrayList<>();
    for (Row r : rows) {
      if (r == population) {
        continue;
      }
      long n = r.getAs("n");
      profiles.add(
          new SegmentProfile(
              r.<Integer>getAs(ModelColumns.CLUSTER_INDEX),
              n,
              n / (double) total,
              num(r, "recency"),
              num(r, "frequency"),
              num(r, "monetary"),
              num(r, "sales"),
              num(r, "basket_spend"),
              num(r, "basket_items"),
              num(r, "products"),
              num(r, "cancel"),
              r.isNullAt(r.fieldIndex("profit")) ? null : r.<Double>getAs("profit"),
              z(r, population, "l_" + RECENCY_DAYS),
              z(r, population, "l_" + FREQUENCY),
              z(r, population, "l_" + MONETARY_NET),
              z(r, population, "l_" + AVG_BASKET_SPEND),
              z(r, population, "l_" + CANCELLATION_RATE)));
    }
    return profiles;
  }

  /**
   * Every numeric feature per segment, in business units: mean, median (approximate) and the
   * z-score of the segment mean against the whole population. One row per (cluster_index, feature);
   * columns feature, mean_value, median_value, population_mean, population_std, z_score.
   */
  public static Dataset<Row> featureProfile(Dataset<Row> assigned, List<String> features) {
    String value = "_value";
    StringBuilder stack = new StringBuilder("stack(").append(features.size());
    for (String f : features) {
      stack.append(", '").append(f).append("', CAST(`").append(f).append("` AS DOUBLE)");
    }
    stack.append(") AS (").append(FEATURE).append(", ").append(value).append(")");
    Dataset<Row> melted = assigned.selectExpr(ModelColumns.CLUSTER_INDEX, stack.toString());
    Dataset<Row> population =
        melted
            .groupBy(col(FEATURE))
            .agg(avg(col(value)).as(POPULATION_MEAN), stddev_pop(col(value)).as(POPULATION_STD));
    Dataset<Row> segments =
        melted
            .groupBy(col(ModelColumns.CLUSTER_INDEX), col(FEATURE))
            .agg(
                avg(col(value)).as(MEAN_VALUE),
                percentile_approx(col(value), lit(0.5), lit(10_000)).as(MEDIAN_VALUE));
    return segments
        .join(population, FEATURE)
        .withColumn(
            Z_SCORE,
            when(
                    col(POPULATION_STD).gt(0),
                    col(MEAN_VALUE).minus(col(POPULATION_MEAN)).divide(col(POPULATION_STD)))
                .otherwise(lit(0.0)));
  }

  private static Column[] measureColumns() {
    List<Column> cols = new ArrayList<>();
    cols.add(col(ModelColumns.CLUSTER_INDEX));
    for (String m :
        new String[] {
          RECENCY_DAYS,
          FREQUENCY,
          MONETARY_NET,
          AVG_BASKET_SPEND,
          AVG_BASKET_ITEMS,
          DISTINCT_PRODUCTS,
          CANCELLATION_RATE,
          TOTAL_PROFIT
        }) {
      cols.add(col(m).cast("double").as(m));
    }
    for (String m : LOG_MEASURES) {
      cols.add(log1p(greatest(col(m).cast("double"), lit(0.0))).as("l_" + m));
    }
    cols.add(col(CANCELLATION_RATE).cast("double").as("l_" + CANCELLATION_RATE));
    return cols.toArray(Column[]::new);
  }

  /** Per segment and for everyone. */
  private static Column[] aggregates() {
    List<Column> cols = new ArrayList<>();
    cols.add(count(lit(1)).as("n"));
    cols.add(avg(col(RECENCY_DAYS)).as("recency"));
    cols.add(avg(col(FREQUENCY)).as("frequency"));
    cols.add(avg(col(MONETARY_NET)).as("monetary"));
    cols.add(sum(col(MONETARY_NET)).as("sales"));
    cols.add(avg(col(AVG_BASKET_SPEND)).as("basket_spend"));
    cols.add(avg(col(AVG_BASKET_ITEMS)).as("basket_items"));
    cols.add(avg(col(DISTINCT_PRODUCTS)).as("products"));
    cols.add(avg(col(CANCELLATION_RATE)).as("cancel"));
    cols.add(avg(col(TOTAL_PROFIT)).as("profit"));
    for (String m : zNames()) {
      cols.add(avg(col(m)).as("mean_" + m));
      cols.add(stddev_pop(col(m)).as("std_" + m));
    }
    return cols.toArray(Column[]::new);
  }

  private static List<String> zNames() {
    List<String> names = new ArrayList<>();
    for (String m : LOG_MEASURES) {
      names.add("l_" + m);
    }
    names.add("l_" + CANCELLATION_RATE);
    return names;
  }

  /** 0 when the measure is missing (customer-level input without it) or constant. */
  private static double z(Row segment, Row population, String measure) {
    double std = num(population, "std_" + measure);
    if (!(std > 0)) {
      return 0.0;
    }
    double z = (num(segment, "mean_" + measure) - num(population, "mean_" + measure)) / std;
    return Double.isFinite(z) ? z : 0.0;
  }

  /** A nullable average: NaN when the measure is missing (customer-level input without it). */
  private static double num(Row r, String name) {
    int i = r.fieldIndex(name);
    return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
  }
}
