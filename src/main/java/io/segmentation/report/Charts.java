package io.segmentation.report;

import io.segmentation.clv.HoldoutCheck;
import io.segmentation.history.Continuity;
import io.segmentation.model.KCandidate;
import io.segmentation.summary.ReportData;
import io.segmentation.summary.RunSummary;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn with XChart and encoded as PNG. */
final class Charts {
  private static final int W = 640;
  private static final int H = 400;

  private Charts() {}

  /** Silhouette (left axis) and WSSSE (right axis) against k, the chosen k marked. */
  static byte[] kSelection(List<KCandidate> candidates, KCandidate chosen) {
    XYChart c =
        new XYChartBuilder()
            .width(W)
            .height(H)
            .title("Choice of k")
            .xAxisTitle("k")
            .yAxisTitle("silhouette")
            .build();
    style(c.getStyler());
    List<Integer> ks = candidates.stream().map(KCandidate::k).toList();
    c.addSeries("silhouette", ks, candidates.stream().map(KCandidate::silhouette).toList());
    XYSeries w = c.addSeries("WSSSE", ks, candidates.stream().map(KCandidate::wssse).toList());
    w.setYAxisGroup(1);
    c.setYAxisGroupTitle(1, "WSSSE");
    XYSeries pick =
        c.addSeries("chosen k = " + chosen.k(), List.of(chosen.k()), List.of(chosen.silhouette()));
    pick.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    pick.setMarker(SeriesMarkers.DIAMOND);
    pick.setMarkerColor(Color.RED);
    c.getStyler().setMarkerSize(10);
    return png(c);
  }

  /** A bar per segment. */
  static byte[] bars(
      String title,
      String yTitle,
      List<RunSummary.SegmentLine> segments,
      ToDoubleFunction<RunSummary.SegmentLine> value) {
    CategoryChart c =
        new CategoryChartBuilder().width(W).height(H).title(title).yAxisTitle(yTitle).build();
    style(c.getStyler());
    c.getStyler().setLegendVisible(false);
    c.getStyler().setXAxisLabelRotation(20);
    c.addSeries(
        yTitle,
        segments.stream().map(RunSummary.SegmentLine::name).toList(),
        segments.stream().map(s -> (Number) value.applyAsDouble(s)).toList());
    return png(c);
  }

  /**
   * Mean holdout purchases per calibration frequency, actual and predicted (Fader, Hardie and Lee's
   * calibration/holdout figure); a placeholder when the check did not run.
   */
  static byte[] holdout(List<HoldoutCheck.FrequencyBucket> buckets, int holdoutDays) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(W)
            .height(H)
            .title("Holdout check: purchases in the last " + holdoutDays + " days")
            .xAxisTitle("repeat purchases in the calibration period")
            .yAxisTitle("mean purchases in the holdout")
            .build();
    style(c.getStyler());
    c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    if (buckets.isEmpty()) {
      c.addSeries("no holdout check", List.of("-"), List.of(0.0));
      return png(c);
    }
    List<String> labels = buckets.stream().map(HoldoutCheck.FrequencyBucket::label).toList();
    c.addSeries("actual", labels, buckets.stream().map(b -> (Number) b.actualMean()).toList());
    c.addSeries(
        "predicted", labels, buckets.stream().map(b -> (Number) b.predictedMean()).toList());
    return png(c);
  }

  /** Rows per cleaning rule (rules that affected no row are left out). */
  static byte[] dataQuality(long clean, Map<String, Long> rejectedByRule) {
    Map<String, Long> shown = new LinkedHashMap<>();
    shown.put("clean", clean);
    rejectedByRule.forEach(
        (rule, n) -> {
          if (n > 0) {
            shown.put(rule, n);
          }
        });
    CategoryChart c =
        new CategoryChartBuilder()
            .width(W)
            .height(H)
            .title("Input rows by cleaning verdict")
            .yAxisTitle("rows")
            .build();
    style(c.getStyler());
    c.getStyler().setLegendVisible(false);
    c.getStyler().setXAxisLabelRotation(20);
    c.addSeries(
        "rows",
        new ArrayList<>(shown.keySet()),
        shown.values().stream().map(n -> (Number) n).toList());
    return png(c);
  }

  /** Segment profiles as z-scores: features across, segments down. */
  static byte[] heatmap(ReportData data) {
    HeatMapChart c =
        new HeatMapChartBuilder()
            .width(Math.max(W, 60 * data.features().size()))
            .height(120 + 50 * data.segments().size())
            .title("Segment profiles (z-score of the segment mean against all customers)")
            .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setShowValue(true);
    c.getStyler().setXAxisLabelRotation(45);
    c.getStyler().setMin(-2).setMax(2);
    c.getStyler()
        .setRangeColors(new Color[] {new Color(0x2166ac), Color.WHITE, new Color(0xb2182b)});
    List<Number[]> cells = new ArrayList<>();
    for (int s = 0; s < data.segments().size(); s++) {
      for (int f = 0; f < data.features().size(); f++) {
        double z = Math.max(-9.99, Math.min(9.99, data.z()[s][f]));
        cells.add(new Number[] {f, s, Math.round(z * 10) / 10.0});
      }
    }
    c.addSeries("z", data.features(), data.segments(), cells);
    return png(c);
  }

  /**
   * Customers per (previous segment, current segment) as a from/to matrix: previous segments down,
   * current segments across; the diagonal is the customers who stayed.
   */
  static byte[] migration(List<Continuity.Move> moves) {
    List<String> from = new ArrayList<>();
    List<String> to = new ArrayList<>();
    for (var m : moves) {
      if (!from.contains(m.previousName())) {
        from.add(m.previousName());
      }
      if (!to.contains(m.name())) {
        to.add(m.name());
      }
    }
    if (from.isEmpty()) {
      from.add("(none)");
      to.add("(none)");
    }
    HeatMapChart c =
        new HeatMapChartBuilder()
            .width(Math.max(W, 140 * to.size()))
            .height(160 + 50 * from.size())
            .title("Customers from the previous run's segment (down) to this run's (across)")
            .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setShowValue(true);
    c.getStyler().setXAxisLabelRotation(30);
    c.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0x2166ac)});
    List<Number[]> cells = new ArrayList<>();
    for (int i = 0; i < from.size(); i++) {
      for (int j = 0; j < to.size(); j++) {
        long n = 0;
        for (var m : moves) {
          if (m.previousName().equals(from.get(i)) && m.name().equals(to.get(j))) {
            n += m.customers();
          }
        }
        cells.add(new Number[] {j, i, n});
      }
    }
    c.addSeries("customers", to, from, cells);
    return png(c);
  }

  /** One panel of the RFM pair plot: a sample of customers, coloured by segment. */
  static byte[] scatter(
      String xTitle,
      String yTitle,
      List<ReportData.Point> sample,
      ToDoubleFunction<ReportData.Point> x,
      ToDoubleFunction<ReportData.Point> y,
      boolean logX,
      boolean logY) {
    XYChart c =
        new XYChartBuilder()
            .width(W / 2 + 160)
            .height(H + 60)
            .title(yTitle + " vs " + xTitle)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    style(c.getStyler());
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setMarkerSize(4);
    c.getStyler().setXAxisLogarithmic(logX);
    c.getStyler().setYAxisLogarithmic(logY);
    Map<String, List<ReportData.Point>> bySegment = new LinkedHashMap<>();
    for (ReportData.Point p : sample) {
      bySegment.computeIfAbsent(p.segment(), k -> new ArrayList<>()).add(p);
    }
    bySegment.forEach(
        (segment, points) ->
            c.addSeries(
                segment,
                points.stream().map(p -> positive(x.applyAsDouble(p), logX)).toList(),
                points.stream().map(p -> positive(y.applyAsDouble(p), logY)).toList()));
    if (bySegment.isEmpty()) {
      c.addSeries("no customers", List.of(1.0), List.of(1.0));
    }
    return png(c);
  }

  private static double positive(double v, boolean log) {
    return log ? Math.max(v, 1.0) : v;
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setAntiAlias(true);
  }

  private static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw chart " + chart.getTitle(), e);
    }
  }
}
