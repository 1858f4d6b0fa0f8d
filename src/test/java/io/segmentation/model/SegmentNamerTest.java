package io.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SegmentNamerTest {
  /** A profile given by its z-scores: recency, frequency, monetary, basket spend, cancellation. */
  private static SegmentProfile profile(
      int index, double zr, double zf, double zm, double zb, double zc) {
    return new SegmentProfile(
        index, 100, 0.2, 30, 5, 500, 50_000, 80, 40, 30, 0.05, null, zr, zf, zm, zb, zc);
  }

  private static Map<String, String> namesByShape(List<SegmentProfile> profiles) {
    Map<Integer, SegmentName> names = SegmentNamer.name(profiles);
    return profiles.stream()
        .collect(
            Collectors.toMap(
                p -> p.zRecency() + "/" + p.zCancellation(),
                p -> names.get(p.clusterIndex()).name()));
  }

  private final List<SegmentProfile> archetypes =
      List.of(
          profile(0, -0.9, 2.0, 2.1, 0.8, -0.2), // recent, frequent, big spenders
          profile(1, -0.5, 0.4, 0.3, 0.0, -0.3), // steady
          profile(2, 1.4, -0.9, -1.0, -0.3, -0.3), // one-off, long gone
          profile(3, 0.1, 0.3, 0.1, 0.0, 2.7), // cancellers
          profile(4, 0.9, 0.2, 0.1, 0.1, -0.3)); // lapsed regulars

  @Test
  void namesFollowTheProfile() {
    Map<Integer, SegmentName> names = SegmentNamer.name(archetypes);
    assertThat(names.get(0).name()).isEqualTo("Power Loyalists");
    assertThat(names.get(1).name()).isEqualTo("Steady Essentials");
    assertThat(names.get(2).name()).isEqualTo("Ghost Shoppers");
    assertThat(names.get(3).name()).isEqualTo("Fickle Returners");
    assertThat(names.get(4).name()).isEqualTo("Lapsed Regulars");
  }

  @Test
  void namesDoNotDependOnClusterIndices() {
    List<SegmentProfile> shuffled = new ArrayList<>();
    int[] newIndex = {3, 0, 4, 2, 1};
    for (int i = 0; i < archetypes.size(); i++) {
      SegmentProfile p = archetypes.get(i);
      shuffled.add(
          profile(
              newIndex[i],
              p.zRecency(),
              p.zFrequency(),
              p.zMonetary(),
              p.zBasketSpend(),
              p.zCancellation()));
    }
    Collections.reverse(shuffled);
    assertThat(namesByShape(shuffled)).isEqualTo(namesByShape(archetypes));
  }

  @Test
  void twoSimilarSegmentsGetDistinctNames() {
    List<SegmentProfile> twins =
        List.of(
            profile(0, -0.9, 2.0, 2.1, 0.8, 0),
            profile(1, -0.8, 1.9, 2.0, 0.7, 0),
            profile(2, 1.4, -0.9, -1.0, -0.3, 0));
    Map<Integer, SegmentName> names = SegmentNamer.name(twins);
    assertThat(names.values().stream().map(SegmentName::name).distinct()).hasSize(3);
    assertThat(names.get(2).name()).isEqualTo("Ghost Shoppers");
  }

  @Test
  void everyNameHasADescriptionAndActions() {
    List<SegmentProfile> many = new ArrayList<>();
    for (int i = 0; i < SegmentNamer.capacity(); i++) {
      many.add(profile(i, Math.sin(i), Math.cos(i), i / 5.0 - 1, -i / 7.0, i % 3 == 0 ? 1.5 : 0));
    }
    Map<Integer, SegmentName> names = SegmentNamer.name(many);
    assertThat(names).hasSize(SegmentNamer.capacity());
    assertThat(names.values().stream().map(SegmentName::name).distinct())
        .hasSize(SegmentNamer.capacity());
    names
        .values()
        .forEach(
            n -> {
              assertThat(n.description()).startsWith(n.name() + ":").contains("% of customers");
              assertThat(n.actions()).isNotBlank();
            });
  }

  /**
   * Issue 16's measured case: a segment between "Power Loyalists" and "Steady Essentials" (distance
   * 1.0791 vs 1.0811 in one run, the other way round in the next) keeps the name it had.
   */
  @Test
  void aSegmentBetweenTwoPrototypesKeepsItsName() {
    // Midway between the two prototypes, nudged slightly toward Steady Essentials.
    SegmentProfile between = profile(7, -0.75, 1.14, 1.04, 0.29, -0.11);
    List<SegmentProfile> run = List.of(between, profile(2, 1.4, -0.9, -1.0, -0.3, -0.3));
    assertThat(SegmentNamer.name(run).get(7).name())
        .as("first run: nearest prototype")
        .isEqualTo("Steady Essentials");
    Map<Integer, SegmentName> kept = SegmentNamer.name(run, Map.of(7, "Power Loyalists"), 0.25);
    assertThat(kept.get(7).name()).isEqualTo("Power Loyalists");
    assertThat(kept.get(7).description()).startsWith("Power Loyalists:");
    assertThat(kept.get(2).name()).isEqualTo("Ghost Shoppers");
  }

  @Test
  void aClearlyChangedSegmentIsRenamed() {
    SegmentProfile steady = profile(1, -0.6, 0.5, 0.3, 0.0, -0.2); // exactly Steady Essentials
    Map<Integer, SegmentName> names =
        SegmentNamer.name(List.of(steady), Map.of(1, "Power Loyalists"), 0.25);
    assertThat(names.get(1).name()).isEqualTo("Steady Essentials");
  }

  @Test
  void keptNamesAreNotGivenToOtherSegments() {
    SegmentProfile between = profile(0, -0.75, 1.14, 1.04, 0.29, -0.11);
    SegmentProfile loyal = profile(1, -0.9, 1.8, 1.8, 0.6, 0.0);
    Map<Integer, SegmentName> names =
        SegmentNamer.name(List.of(between, loyal), Map.of(0, "Power Loyalists"), 0.25);
    assertThat(names.get(0).name()).isEqualTo("Power Loyalists");
    assertThat(names.get(1).name()).isNotEqualTo("Power Loyalists");
  }
}
