package io.segmentation.features;

import static io.segmentation.compat.SparkCompat.tryCast;
import static io.segmentation.schema.FeatureColumns.*;
import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Features of customer-level input (one row per customer): its numeric columns are the features.
 * Columns with a well-known name become the standard features ({@code total_spend} is {@code
 * monetary_net}, {@code days_since_last_purchase} is {@code recency_days}, ...; see {@link
 * #ALIASES}), so the tables, the profiles and the segment names mean the same as for invoices; any
 * other numeric column is a feature under its own snake_case name. Standard features the input
 * lacks are null. RFM scores are added when recency, frequency and monetary value are all there.
 */
public final class CustomerLevelFeatures {
  private CustomerLevelFeatures() {}

  /** Customer-level column names (snake_case) recognised as standard features. */
  public static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("days_since_last_purchase", RECENCY_DAYS),
          Map.entry("days_since_last_order", RECENCY_DAYS),
          Map.entry("recency", RECENCY_DAYS),
          Map.entry("number_of_purchases", FREQUENCY),
          Map.entry("purchases", FREQUENCY),
          Map.entry("orders", FREQUENCY),
          Map.entry("order_count", FREQUENCY),
          Map.entry("purchase_count", FREQUENCY),
          Map.entry("total_spend", MONETARY_NET),
          Map.entry("total_spent", MONETARY_NET),
          Map.entry("spend", MONETARY_NET),
          Map.entry("monetary", MONETARY_NET),
          Map.entry("revenue", MONETARY_NET),
          Map.entry("total_sales", MONETARY_NET),
          Map.entry("items_purchased", TOTAL_ITEMS),
          Map.entry("items", TOTAL_ITEMS),
          Map.entry("total_quantity", TOTAL_ITEMS),
          Map.entry("average_order_value", AVG_BASKET_SPEND),
          Map.entry("aov", AVG_BASKET_SPEND));

  /** The feature a customer-level column becomes. */
  public static String featureName(String column) {
    return ALIASES.getOrDefault(column, column);
  }

  /**
   * @param clean accepted customer rows (text values)
   * @param numeric the numeric columns to carry as features (source names)
   * @param template the schema of invoice-level features, whose types the standard columns take
   */
  public static Dataset<Row> build(Dataset<Row> clean, List<String> numeric, StructType template) {
    List<Column> select = new ArrayList<>();
    List<String> taken = new ArrayList<>();
    for (StructField f : template.fields()) {
      String source =
          numeric.stream().filter(c -> featureName(c).equals(f.name())).findFirst().orElse(null);
      if (f.name().equals(CUSTOMER_ID)
          || (f.name().equals(HOME_COUNTRY) && List.of(clean.columns()).contains(HOME_COUNTRY))) {
        select.add(col(f.name()));
      } else if (source != null) {
        select.add(tryCast(col(source), DataTypes.DoubleType).cast(f.dataType()).as(f.name()));
        taken.add(source);
      } else {
        select.add(lit(null).cast(f.dataType()).as(f.name()));
      }
    }
    for (String c : numeric) {
      if (!taken.contains(c)) {
        select.add(tryCast(col(c), DataTypes.DoubleType).as(featureName(c)));
      }
    }
    return clean.select(select.toArray(Column[]::new));
  }

  /**
   * The features with RFM scores when the input has recency, frequency and monetary value, else
   * with null score columns. Run it on the cached features: the quintiles are a pass over them.
   */
  public static Dataset<Row> scored(Dataset<Row> features, List<String> numeric) {
    List<String> names = numeric.stream().map(CustomerLevelFeatures::featureName).toList();
    if (names.containsAll(List.of(RECENCY_DAYS, FREQUENCY, MONETARY_NET))) {
      return RfmScores.add(features);
    }
    return features
        .withColumn(R_SCORE, lit(null).cast(DataTypes.IntegerType))
        .withColumn(F_SCORE, lit(null).cast(DataTypes.IntegerType))
        .withColumn(M_SCORE, lit(null).cast(DataTypes.IntegerType))
        .withColumn(RFM_SEGMENT, lit(null).cast(DataTypes.StringType));
  }
}
