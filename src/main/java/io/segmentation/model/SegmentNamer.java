package io.segmentation.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names segments from their profiles. Each name is a prototype in z-score space (recency,
 * frequency, monetary, basket spend, cancellation rate); segment-prototype pairs are matched
 * greedily from the closest pair on, so no two segments share a name and the result depends only on
 * the profiles, never on KMeans' cluster indices. The name and the recommended actions come from
 * the prototype; the description comes from the segment's own figures ({@link SegmentDescriber}),
 * so it never contradicts them. Pure: unit-tested without Spark.
 */
public final class SegmentNamer {
  private SegmentNamer() {}

  private record Prototype(String name, double[] z, String actions) {}

  // z order: recency (high = long ago), frequency, monetary, basket spend, cancellation rate
  private static final List<Prototype> PROTOTYPES =
      List.of(
          new Prototype(
              "Power Loyalists",
              new double[] {-0.9, 1.8, 1.8, 0.6, 0.0},
              "Retain: loyalty rewards, early access, personal account care; ask for referrals."),
          new Prototype(
              "Steady Essentials",
              new double[] {-0.6, 0.5, 0.3, 0.0, -0.2},
              "Upsell and cross-sell: bundles, subscriptions, 'complete the set' offers."),
          new Prototype(
              "Fresh Starters",
              new double[] {-1.0, -0.7, -0.6, -0.1, -0.2},
              "Welcome journey: onboarding e-mails, second-order incentive, product education."),
          new Prototype(
              "Ghost Shoppers",
              new double[] {1.2, -0.8, -0.8, -0.3, -0.2},
              "Low-cost win-back: one reactivation campaign, then suppress from paid channels."),
          new Prototype(
              "Lapsed Regulars",
              new double[] {1.0, 0.3, 0.2, 0.1, -0.1},
              "Win-back: personalised 'we miss you' offer based on past purchases; ask why they left."),
          new Prototype(
              "Fickle Returners",
              new double[] {0.0, 0.3, 0.0, 0.0, 2.5},
              "Fix the friction: review returned products, sizing and delivery; limit free returns."),
          new Prototype(
              "At-Risk Big Spenders",
              new double[] {0.9, 0.8, 1.3, 0.8, 0.0},
              "Reactivate now: account manager call, tailored incentive before they churn."),
          new Prototype(
              "Big-Basket Occasionals",
              new double[] {0.1, -0.5, 0.6, 1.8, 0.0},
              "Increase frequency: reminders around their buying cycle, volume pricing."),
          new Prototype(
              "Bargain Regulars",
              new double[] {-0.3, 0.6, -0.2, -0.9, 0.0},
              "Grow basket value: free-shipping thresholds, multi-buy offers."),
          new Prototype(
              "Drifting Casuals",
              new double[] {0.5, -0.3, -0.3, -0.2, 0.0},
              "Automated nurture: seasonal campaigns at low cost; watch for reactivation."));

  /** The largest number of segments that can be named. */
  public static int capacity() {
    return PROTOTYPES.size();
  }

  /** Names every profile; the map is keyed by {@link SegmentProfile#clusterIndex()}. */
  public static Map<Integer, SegmentName> name(List<SegmentProfile> profiles) {
    return name(profiles, Map.of(), 0.0);
  }

  /**
   * Names with hysteresis: a segment that continues a previous one keeps the previous name unless
   * another free prototype is closer by more than {@code margin} (Euclidean distance in z-score
   * space), so a segment between two near-equidistant prototypes never flips its name from run to
   * run. The other segments are named as on a first run, from the prototypes left.
   *
   * @param previousNames previous name by {@link SegmentProfile#clusterIndex()} of the continuing
   *     segments
   */
  public static Map<Integer, SegmentName> name(
      List<SegmentProfile> profiles, Map<Integer, String> previousNames, double margin) {
    if (profiles.size() > PROTOTYPES.size()) {
      throw new IllegalArgumentException(
          "at most " + PROTOTYPES.size() + " segments can be named, got " + profiles.size());
    }
    Map<Integer, SegmentName> names = new HashMap<>();
    Set<String> used = new HashSet<>();
    for (SegmentProfile p : profiles) {
      Prototype kept =
          PROTOTYPES.stream()
              .filter(x -> x.name().equals(previousNames.get(p.clusterIndex())))
              .findFirst()
              .orElse(null);
      if (kept == null || used.contains(kept.name())) {
        continue;
      }
      double keep = distance(p.z(), kept.z());
      double best =
          PROTOTYPES.stream()
              .filter(x -> x != kept && !previousNames.containsValue(x.name()))
              .mapToDouble(x -> distance(p.z(), x.z()))
              .min()
              .orElse(Double.POSITIVE_INFINITY);
      if (keep <= best + margin) {
        used.add(kept.name());
        names.put(
            p.clusterIndex(),
            new SegmentName(
                kept.name(), SegmentDescriber.describe(kept.name(), p, profiles), kept.actions()));
      }
    }
    record Pair(SegmentProfile profile, Prototype prototype, double distance) {}
    List<Pair> pairs = new ArrayList<>();
    for (SegmentProfile p : profiles) {
      for (Prototype proto : PROTOTYPES) {
        pairs.add(new Pair(p, proto, distance(p.z(), proto.z())));
      }
    }
    // Ties are broken by the prototype's order and the profile's values, never by cluster index.
    pairs.sort(
        Comparator.comparingDouble(Pair::distance)
            .thenComparing(pair -> PROTOTYPES.indexOf(pair.prototype()))
            .thenComparingDouble(pair -> pair.profile().zMonetary())
            .thenComparingDouble(pair -> pair.profile().zRecency()));
    for (Pair pair : pairs) {
      if (names.containsKey(pair.profile().clusterIndex())
          || used.contains(pair.prototype().name())) {
        continue;
      }
      used.add(pair.prototype().name());
      names.put(
          pair.profile().clusterIndex(),
          new SegmentName(
              pair.prototype().name(),
              SegmentDescriber.describe(pair.prototype().name(), pair.profile(), profiles),
              pair.prototype().actions()));
    }
    return names;
  }

  private static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }
}
