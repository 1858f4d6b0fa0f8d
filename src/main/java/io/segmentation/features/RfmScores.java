package io.segmentation.features;

import static io.segmentation.schema.FeatureColumns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.segmentation.schema.FeatureColumns;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * RFM quintile scores and the standard named RFM segment, as companion columns to the KMeans
 * segment. The quintile cut points come from Spark's approximate quantiles (four numbers per
 * measure reach the driver); a score is 1 + the number of cut points strictly below the value (5 =
 * best; recency reversed), so equal values always get equal scores.
 *
 * <p>Named segments, from the R score and the F score (first match wins): Champions R5 F4-5; Can't
 * Lose Them R1-2 F5; At Risk R1-2 F3-4; Lost R1 F1; Hibernating R1-2 F1-2; About To Sleep R3 F1-2;
 * Need Attention R3 F3; Loyal Customers R3-4 F4-5; Promising R4 F1; New Customers R5 F1; Potential
 * Loyalists R4-5 F2-3.
 */
public final class RfmScores {
  private static final double[] QUINTILES = {0.2, 0.4, 0.6, 0.8};
  private static final double QUANTILE_ERROR = 0.001;

  private RfmScores() {}

  /**
   * The features with {@link FeatureColumns#R_SCORE}, F, M and {@link FeatureColumns#RFM_SEGMENT}.
   */
  public static Dataset<Row> add(Dataset<Row> features) {
    double[][] cuts =
        features
            .select(
                col(RECENCY_DAYS).cast(DataTypes.DoubleType).as(RECENCY_DAYS),
                col(FREQUENCY).cast(DataTypes.DoubleType).as(FREQUENCY),
                col(MONETARY_NET).cast(DataTypes.DoubleType).as(MONETARY_NET))
            .stat()
            .approxQuantile(
                new String[] {RECENCY_DAYS, FREQUENCY, MONETARY_NET}, QUINTILES, QUANTILE_ERROR);
    Column r = lit(6).minus(score(col(RECENCY_DAYS), cuts[0]));
    return features
        .withColumn(R_SCORE, r.cast(DataTypes.IntegerType))
        .withColumn(F_SCORE, score(col(FREQUENCY), cuts[1]).cast(DataTypes.IntegerType))
        .withColumn(M_SCORE, score(col(MONETARY_NET), cuts[2]).cast(DataTypes.IntegerType))
        .withColumn(RFM_SEGMENT, segment(col(R_SCORE), col(F_SCORE)));
  }

  /** 1 + the number of cut points strictly below the value (1..5). */
  static Column score(Column value, double[] cuts) {
    Column v = value.cast(DataTypes.DoubleType);
    Column s = lit(1);
    for (double cut : cuts) {
      s = s.plus(when(v.gt(cut), 1).otherwise(0));
    }
    return s;
  }

  private record Rule(String name, int rMin, int rMax, int fMin, int fMax) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule("Champions", 5, 5, 4, 5),
          new Rule("Can't Lose Them", 1, 2, 5, 5),
          new Rule("At Risk", 1, 2, 3, 4),
          new Rule("Lost", 1, 1, 1, 1),
          new Rule("Hibernating", 1, 2, 1, 2),
          new Rule("About To Sleep", 3, 3, 1, 2),
          new Rule("Need Attention", 3, 3, 3, 3),
          new Rule("Loyal Customers", 3, 4, 4, 5),
          new Rule("Promising", 4, 4, 1, 1),
          new Rule("New Customers", 5, 5, 1, 1),
          new Rule("Potential Loyalists", 4, 5, 2, 3));

  /** The names of the standard RFM segments, in rule order. */
  public static List<String> segmentNames() {
    return RULES.stream().map(Rule::name).toList();
  }

  static Column segment(Column r, Column f) {
    Column named = null;
    for (Rule rule : RULES) {
      Column match = r.between(rule.rMin(), rule.rMax()).and(f.between(rule.fMin(), rule.fMax()));
      named = named == null ? when(match, rule.name()) : named.when(match, rule.name());
    }
    return named.otherwise(concat(lit("R"), r.cast("string"), lit("F"), f.cast("string")));
  }
}
