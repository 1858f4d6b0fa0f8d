package io.segmentation.tables;

import static org.apache.spark.sql.functions.col;

import io.segmentation.warehouse.TableFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Keys of dim_country that never change: a country keeps the key it was first given, a new country
 * takes the next key above every key given so far. fact_sales is appended to, so a key that moved
 * would point earlier lines at another country.
 */
public final class CountryKeys {
  private CountryKeys() {}

  /**
   * The keys the dim_country table at {@code path} holds now (the unknown member excluded); none
   * when there is no table yet.
   */
  public static Map<String, Integer> known(SparkSession spark, String path) {
    Map<String, Integer> known = new LinkedHashMap<>();
    if (new TableFiles(spark.sparkContext().hadoopConfiguration()).latestVersion(path) < 0) {
      return known;
    }
    spark
        .read()
        .format("delta")
        .load(path)
        .where(col(Tables.COUNTRY_KEY).notEqual(Tables.UNKNOWN_KEY))
        .select(col(Tables.COUNTRY_NAME), col(Tables.COUNTRY_KEY))
        .collectAsList()
        .forEach(r -> known.put(r.getString(0), r.getInt(1)));
    return known;
  }

  /**
   * Every known country with its key, then the new {@code names} (in their order) with the next
   * free keys. Known countries that are not in {@code names} stay: their lines are still in the
   * fact.
   *
   * @param known the previous dim_country's keys by name (the unknown member excluded)
   * @param names the countries of this run's sales
   */
  static Map<String, Integer> assign(Map<String, Integer> known, List<String> names) {
    Map<String, Integer> keys = new LinkedHashMap<>(known);
    int next = known.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    for (String name : names) {
      if (!keys.containsKey(name)) {
        keys.put(name, next++);
      }
    }
    return keys;
  }
}
