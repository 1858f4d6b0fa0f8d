package io.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Segment descriptions come from each segment's own figures, one test per input kind. The expected
 * averages are worked out by hand in the comments (customer-weighted means of the segment means).
 */
@Tag("unit")
class SegmentDescriptionTest {
  private static final double NA = Double.NaN;

  /**
   * A profile from its business figures and its naming z-scores (recency, frequency, monetary,
   * basket spend, cancellation rate).
   */
  private static SegmentProfile profile(
      int index,
      long customers,
      double share,
      double recency,
      double frequency,
      double monetary,
      double basket,
      double cancellation,
      double... z) {
    return new SegmentProfile(
        index,
        customers,
        share,
        recency,
        frequency,
        monetary,
        monetary * customers,
        basket,
        10,
        5,
        cancellation,
        null,
        z[0],
        z[1],
        z[2],
        z[3],
        z[4]);
  }

  private static void assertShortAndWithoutNaN(Map<Integer, SegmentName> names) {
    names
        .values()
        .forEach(
            n -> assertThat(n.description()).doesNotContain("NaN").hasSizeLessThanOrEqualTo(300));
  }

  /**
   * Invoice input, every measure present; 100 customers per segment. Averages: recency
   * (15+40+250+90)/4 = 98.75, frequency (12+4+1.1+3)/4 = 5.025, spend (4800+1200+200+800)/4 = 1750,
   * basket (400+300+180+260)/4 = 285, cancellation (2+3+1+26)/4 = 8%.
   */
  @Test
  void invoiceInputStatesEveryMeasureWithItsComparison() {
    List<SegmentProfile> segments =
        List.of(
            profile(0, 100, 0.25, 15, 12.0, 4800, 400, 0.02, -0.9, 2.0, 2.1, 0.8, -0.2),
            profile(1, 100, 0.25, 40, 4.0, 1200, 300, 0.03, -0.5, 0.4, 0.3, 0.0, -0.3),
            profile(2, 100, 0.25, 250, 1.1, 200, 180, 0.01, 1.4, -0.9, -1.0, -0.3, -0.3),
            profile(3, 100, 0.25, 90, 3.0, 800, 260, 0.26, 0.1, 0.3, 0.1, 0.0, 2.7));

    Map<Integer, SegmentName> names = SegmentNamer.name(segments);

    assertThat(names.get(2).description())
        .isEqualTo(
            "Ghost Shoppers: 25% of customers. On average: last bought 250 days ago, longest ago of"
                + " all segments; 1.1 orders (mostly one-off), fewest of all segments; spend 200"
                + " per customer, 0.1x the average; baskets of 180, smallest of all segments; 1.0% of"
                + " invoices cancelled, lowest of all segments.");
    assertThat(names.get(0).description())
        .startsWith("Power Loyalists: 25% of customers.")
        .contains("last bought 15 days ago, most recent of all segments")
        .contains("12.0 orders, most of all segments")
        .contains("spend 4,800 per customer, 2.7x the average")
        .contains("baskets of 400, largest of all segments")
        .contains("2.0% of invoices cancelled, below average (8.0%)")
        .doesNotContain("one-off");
    assertThat(names.get(3).description())
        .startsWith("Fickle Returners:")
        .contains("last bought 90 days ago, more recent than average (99 days)")
        .contains("3.0 orders, below average (5.0)")
        .contains("spend 800 per customer, 0.5x the average")
        .contains("baskets of 260, below average (285)")
        .contains("26% of invoices cancelled, highest of all segments");
    assertThat(names.get(1).description())
        .contains("4.0 orders, below average (5.0)")
        .contains("baskets of 300, above average (285)")
        .contains("3.0% of invoices cancelled, below average (8.0%)");
    assertShortAndWithoutNaN(names);
  }

  /**
   * Order-line input: no cancellations, and the segment named after the one-off prototype buys 3.4
   * times on average. Customers 200/100/100. Averages: frequency (680+900+110)/400 = 4.225, recency
   * (60000+2000+2500)/400 = 161.25, spend (180000+600000+30000)/400 = 2025.
   */
  @Test
  void orderLineInputCallsOnlyRealOneOffBuyersOneOff() {
    List<SegmentProfile> segments =
        List.of(
            profile(0, 200, 0.5, 300, 3.4, 900, 260, 0, 1.4, -0.9, -1.0, -0.3, 0),
            profile(1, 100, 0.25, 20, 9.0, 6000, 650, 0, -0.9, 2.0, 2.1, 0.8, 0),
            profile(2, 100, 0.25, 25, 1.1, 300, 270, 0, -1.0, -0.7, -0.6, -0.1, -0.2));

    Map<Integer, SegmentName> names = SegmentNamer.name(segments);

    assertThat(names.get(0).name()).isEqualTo("Ghost Shoppers");
    assertThat(names.get(0).description())
        .contains("3.4 orders, below average (4.2)")
        .contains("last bought 300 days ago, longest ago of all segments")
        .contains("spend 900 per customer, 0.4x the average")
        .doesNotContain("one-off", "one-time", "single", "mostly");
    assertThat(names.get(2).description())
        .contains("1.1 orders (mostly one-off), fewest of all segments")
        .contains("last bought 25 days ago, more recent than average (161 days)");
    assertThat(names.get(1).description()).contains("9.0 orders, most of all segments");
    // Every segment cancelled nothing: the input has no cancellations, so they are not mentioned.
    names.values().forEach(n -> assertThat(n.description()).doesNotContain("cancel", "invoice"));
    assertShortAndWithoutNaN(names);
  }

  /**
   * Customer-level input with recency and spend only: frequency, basket spend and cancellation rate
   * are NaN (their z-scores 0). Averages: recency 175/3 = 58.3, spend 2500/3 = 833.3.
   */
  @Test
  void customerLevelInputLeavesOutMissingMeasures() {
    List<SegmentProfile> segments =
        List.of(
            profile(0, 100, 1 / 3.0, 10, NA, 1500, NA, NA, -1.0, 0, 1.2, 0, 0),
            profile(1, 100, 1 / 3.0, 45, NA, 700, NA, NA, 0.0, 0, 0.0, 0, 0),
            profile(2, 100, 1 / 3.0, 120, NA, 300, NA, NA, 1.2, 0, -0.9, 0, 0));

    Map<Integer, SegmentName> names = SegmentNamer.name(segments);

    assertThat(names.get(0).description())
        .endsWith(
            ": 33% of customers. On average: last bought 10 days ago, most recent of all segments;"
                + " spend 1,500 per customer, 1.8x the average.");
    assertThat(names.get(2).description())
        .contains("last bought 120 days ago, longest ago of all segments")
        .contains("spend 300 per customer, 0.4x the average");
    names
        .values()
        .forEach(
            n ->
                assertThat(n.description().toLowerCase(Locale.ROOT))
                    .doesNotContain("order", "cancel", "invoice", "basket", "one-off"));
    assertShortAndWithoutNaN(names);
  }

  @Test
  void aSegmentWithoutAnyMeasureGetsOnlyItsShare() {
    Map<Integer, SegmentName> names =
        SegmentNamer.name(List.of(profile(0, 10, 1.0, NA, NA, NA, NA, NA, 0, 0, 0, 0, 0)));

    assertThat(names.get(0).description())
        .endsWith(": 100% of customers.")
        .doesNotContain("NaN", "On average");
  }
}
