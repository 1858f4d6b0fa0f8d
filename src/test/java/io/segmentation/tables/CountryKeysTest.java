package io.segmentation.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CountryKeysTest {
  @Test
  void aFirstRunNumbersTheCountriesFromOneInTheirOrder() {
    assertThat(CountryKeys.assign(Map.of(), List.of("Austria", "Belgium", "Cyprus")))
        .containsExactly(Map.entry("Austria", 1), Map.entry("Belgium", 2), Map.entry("Cyprus", 3));
  }

  @Test
  void knownCountriesKeepTheirKeysEvenWhenAbsentAndNewOnesTakeTheNextFreeKeys() {
    Map<String, Integer> known = new LinkedHashMap<>();
    known.put("Belgium", 1);
    known.put("Cyprus", 2);
    known.put("Denmark", 5);
    // Austria sorts first by name but was never seen: it must not push Belgium off key 1.
    assertThat(CountryKeys.assign(known, List.of("Austria", "Belgium", "Estonia")))
        .containsExactly(
            Map.entry("Belgium", 1),
            Map.entry("Cyprus", 2),
            Map.entry("Denmark", 5),
            Map.entry("Austria", 6),
            Map.entry("Estonia", 7));
  }
}
