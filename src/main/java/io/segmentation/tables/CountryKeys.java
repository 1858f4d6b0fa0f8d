package io.segmentation.tables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys of dim_country that never change: a country keeps the key it was first given, a new country
 * takes the next key above every key given so far. fact_sales is appended to, so a key that moved
 * would point earlier lines at another country.
 */
final class CountryKeys {
  private CountryKeys() {}

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
