package io.segmentation.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * Writes a segment's description from its own figures: each measure the input has is stated as a
 * number and compared with the other segments ("fewest of all segments") or with the average of all
 * customers ("above average (2.5)"). Every comparison is checked against the figures, so a
 * description never contradicts the numbers next to it. A measure the input lacks (NaN) is not
 * mentioned; neither is a cancellation rate that is zero in every segment (an input without
 * cancellations). Pure: unit-tested without Spark.
 *
 * <p>The average of all customers is the customer-weighted mean of the segment means, i.e. the
 * population mean of the measure.
 */
final class SegmentDescriber {
  private SegmentDescriber() {}

  /**
   * Figures within this relative distance of the average are "about average", not above or below.
   */
  private static final double CLOSE = 0.05;

  /** Below this average frequency most customers of a segment bought exactly once. */
  private static final double ONE_OFF_FREQUENCY = 1.5;

  /**
   * How one measure is worded. Each phrase with {@code %s} takes a formatted figure: the segment's
   * own in {@code figure}, the population average in {@code below}, {@code above} and {@code
   * close}.
   */
  private record Measure(
      ToDoubleFunction<SegmentProfile> value,
      DoubleFunction<String> format,
      String figure,
      String lowest,
      String highest,
      String below,
      String above,
      String close) {}

  private static final Measure RECENCY =
      new Measure(
          SegmentProfile::recencyDays,
          v -> String.format(Locale.ROOT, "%,.0f", v),
          "last bought %s days ago",
          "most recent of all segments",
          "longest ago of all segments",
          "more recent than average (%s days)",
          "longer ago than average (%s days)",
          "about average (%s days)");

  private static final Measure FREQUENCY =
      new Measure(
          SegmentProfile::frequency,
          SegmentDescriber::count,
          "%s orders",
          "fewest of all segments",
          "most of all segments",
          "below average (%s)",
          "above average (%s)",
          "about average (%s)");

  private static final Measure MONETARY =
      new Measure(
          SegmentProfile::monetary,
          SegmentDescriber::money,
          "spend %s per customer",
          "least of all segments",
          "most of all segments",
          "below average (%s)",
          "above average (%s)",
          "about average (%s)");

  private static final Measure BASKET =
      new Measure(
          SegmentProfile::basketSpend,
          SegmentDescriber::money,
          "baskets of %s",
          "smallest of all segments",
          "largest of all segments",
          "below average (%s)",
          "above average (%s)",
          "about average (%s)");

  private static final Measure CANCELLATION =
      new Measure(
          SegmentProfile::cancellationRate,
          SegmentDescriber::percent,
          "%s of invoices cancelled",
          "lowest of all segments",
          "highest of all segments",
          "below average (%s)",
          "above average (%s)",
          "about average (%s)");

  /**
   * The description of {@code segment}, e.g. "Ghost Shoppers: 25% of customers. On average: last
   * bought 250 days ago, longest ago of all segments; 1.1 orders (mostly one-off), ...".
   *
   * @param all every segment of the model, {@code segment} included
   */
  static String describe(String name, SegmentProfile segment, List<SegmentProfile> all) {
    List<String> clauses = new ArrayList<>();
    clause(RECENCY, segment, all).ifPresent(clauses::add);
    clause(FREQUENCY, segment, all)
        .map(c -> oneOff(c, segment.frequency()))
        .ifPresent(clauses::add);
    clause(MONETARY, segment, all).ifPresent(clauses::add);
    clause(BASKET, segment, all).ifPresent(clauses::add);
    if (all.stream()
        .anyMatch(p -> Double.isFinite(p.cancellationRate()) && p.cancellationRate() != 0)) {
      clause(CANCELLATION, segment, all).ifPresent(clauses::add);
    }
    String text = name + ": " + percent(segment.share()) + " of customers.";
    return clauses.isEmpty() ? text : text + " On average: " + String.join("; ", clauses) + ".";
  }

  /**
   * Marks a frequency clause "mostly one-off" when the average is below 1.5 with at least one order
   * each: then more than half the customers bought exactly once (if a share s bought twice or more,
   * the average is at least 1 + s).
   */
  private static String oneOff(String clause, double frequency) {
    if (frequency >= 1 && frequency < ONE_OFF_FREQUENCY) {
      int figureEnd = clause.indexOf(" orders") + " orders".length();
      return clause.substring(0, figureEnd) + " (mostly one-off)" + clause.substring(figureEnd);
    }
    return clause;
  }

  /** The measure's figure and comparison, or empty when the segment lacks the measure. */
  private static Optional<String> clause(
      Measure m, SegmentProfile segment, List<SegmentProfile> all) {
    double v = m.value().applyAsDouble(segment);
    if (!Double.isFinite(v)) {
      return Optional.empty();
    }
    String figure = String.format(Locale.ROOT, m.figure(), m.format().apply(v));
    double weighted = 0;
    double customers = 0;
    int segments = 0;
    boolean lowest = true;
    boolean highest = true;
    for (SegmentProfile p : all) {
      double other = m.value().applyAsDouble(p);
      if (!Double.isFinite(other)) {
        continue;
      }
      weighted += other * p.customers();
      customers += p.customers();
      segments++;
      if (p != segment) {
        lowest &= v < other;
        highest &= v > other;
      }
    }
    if (segments < 2 || !(customers > 0)) {
      return Optional.of(figure);
    }
    double mean = weighted / customers;
    String average = m.format().apply(mean);
    boolean close =
        Math.abs(v - mean) <= CLOSE * Math.abs(mean) || m.format().apply(v).equals(average);
    String comparison;
    if (close) {
      comparison = String.format(Locale.ROOT, m.close(), average);
    } else if (lowest && v < mean) {
      comparison = m.lowest();
    } else if (highest && v > mean) {
      comparison = m.highest();
    } else {
      comparison = String.format(Locale.ROOT, v < mean ? m.below() : m.above(), average);
    }
    if (m == MONETARY && !close && mean > 0 && v >= 0) {
      // Spend is compared as a ratio to the average (rank left out to keep the text short).
      double ratio = v / mean;
      comparison =
          String.format(
              Locale.ROOT, ratio >= 0.1 ? "%.1fx the average" : "%.2fx the average", ratio);
    }
    return Optional.of(figure + ", " + comparison);
  }

  private static String count(double v) {
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.1f", v);
  }

  private static String money(double v) {
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.2f", v);
  }

  private static String percent(double share) {
    double pct = share * 100;
    return String.format(Locale.ROOT, Math.abs(pct) >= 10 || pct == 0 ? "%.0f%%" : "%.1f%%", pct);
  }
}
