package io.segmentation.report;

import io.segmentation.model.KCandidate;
import io.segmentation.summary.ReportData;
import io.segmentation.summary.RunSummary;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's HTML report: one self-contained page (charts embedded as PNG data, no script, no CDN)
 * that a marketer can open offline. Every chart is an {@code <img class="chart" id="...">}; the ids
 * are listed in {@link #CHART_IDS}.
 */
public final class HtmlReport {
  /** The charts every report holds, by element id. */
  public static final List<String> CHART_IDS =
      List.of(
          "chart-k-selection",
          "chart-segment-sizes",
          "chart-profile-heatmap",
          "chart-recency-frequency",
          "chart-recency-monetary",
          "chart-frequency-monetary",
          "chart-avg-recency",
          "chart-avg-frequency",
          "chart-avg-monetary",
          "chart-data-quality",
          "chart-migration",
          "chart-clv-holdout");

  private HtmlReport() {}

  public static String render(RunSummary s, ReportData data) {
    StringBuilder h = new StringBuilder(64_000);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Customer segments, run ")
        .append(esc(s.runId()))
        .append("</title>")
        .append(
            "<style>body{font-family:system-ui,Segoe UI,Helvetica,Arial,sans-serif;margin:2em;color:#222;max-width:1400px}")
        .append("h1{margin-bottom:0}.sub{color:#666}.grid{display:flex;flex-wrap:wrap;gap:12px}")
        .append(".card{border:1px solid #ddd;border-radius:6px;padding:12px 16px;width:420px}")
        .append(
            "table{border-collapse:collapse}td,th{border-bottom:1px solid #eee;padding:4px 10px;text-align:right}")
        .append(
            "td:first-child,th:first-child{text-align:left}img.chart{max-width:100%;border:1px solid #eee}</style>")
        .append("</head><body>\n");
    h.append("<h1>Customer segments</h1><p class=\"sub\">Run ")
        .append(esc(s.runId()))
        .append(", ")
        .append(esc(s.finishedAt().toString()))
        .append(", input ")
        .append(esc(s.inputPath()))
        .append(", reference date ")
        .append(esc(s.referenceDate()))
        .append("</p>\n");
    h.append(
        String.format(
            Locale.ROOT,
            "<p>%,d customers in %d segments (silhouette %.3f; %s). %,d input rows, %,d clean (%,d of"
                + " them guest sales, not segmented), %,d quarantined.</p>%n",
            s.customers(),
            s.chosen().k(),
            s.chosen().silhouette(),
            esc(s.kSearch().reason()),
            s.rowsRead(),
            s.rowsClean(),
            s.guestRows(),
            s.rowsRejected()));
    for (String warning : s.warnings()) {
      h.append("<p class=\"warning\"><b>Warning:</b> ").append(esc(warning)).append("</p>\n");
    }

    h.append("<h2>Segments</h2><div class=\"grid\">\n");
    for (RunSummary.SegmentLine seg : s.segments()) {
      h.append("<div class=\"card\"><h3>")
          .append(seg.key())
          .append(". ")
          .append(esc(seg.name()))
          .append("</h3>")
          .append("<p>")
          .append(esc(seg.description()))
          .append("</p>")
          .append(
              String.format(
                  Locale.ROOT,
                  "<table><tr><td>customers</td><td>%,d (%.1f%%)</td></tr><tr><td>avg days since last purchase</td><td>%.0f</td></tr>"
                      + "<tr><td>avg purchases</td><td>%.1f</td></tr><tr><td>avg net spend</td><td>%,.2f</td></tr></table>",
                  seg.customers(),
                  seg.share() * 100,
                  seg.avgRecencyDays(),
                  seg.avgFrequency(),
                  seg.avgMonetary()))
          .append("<p><b>Recommended actions:</b> ")
          .append(esc(seg.recommendedActions()))
          .append("</p></div>\n");
    }
    h.append("</div>\n");

    h.append("<h2>How many segments</h2>");
    img(
        h,
        "chart-k-selection",
        "Silhouette and WSSSE against k",
        Charts.kSelection(s.candidates(), s.chosen()));
    h.append(
        "<table><tr><th>k</th><th>silhouette</th><th>WSSSE</th><th>smallest segment</th></tr>");
    for (KCandidate k : s.candidates()) {
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%d%s</td><td>%.3f</td><td>%,.1f</td><td>%.1f%%</td></tr>",
              k.k(),
              k.k() == s.chosen().k() ? " (chosen)" : "",
              k.silhouette(),
              k.wssse(),
              k.smallestShare() * 100));
    }
    h.append("</table>\n");

    h.append("<h2>Segment sizes and profiles</h2>");
    img(
        h,
        "chart-segment-sizes",
        "Customers per segment",
        Charts.bars("Customers per segment", "customers", s.segments(), x -> x.customers()));
    img(h, "chart-profile-heatmap", "Segment profiles as z-scores", Charts.heatmap(data));

    h.append("<h2>Recency, frequency, monetary</h2><p class=\"sub\">A random sample of ")
        .append(String.format(Locale.ROOT, "%,d", data.sample().size()))
        .append(" customers; frequency and monetary on log scales.</p><div class=\"grid\">");
    img(
        h,
        "chart-recency-frequency",
        "Frequency against recency",
        Charts.scatter(
            "recency (days)",
            "frequency",
            data.sample(),
            ReportData.Point::recencyDays,
            ReportData.Point::frequency,
            false,
            true));
    img(
        h,
        "chart-recency-monetary",
        "Monetary against recency",
        Charts.scatter(
            "recency (days)",
            "monetary",
            data.sample(),
            ReportData.Point::recencyDays,
            ReportData.Point::monetary,
            false,
            true));
    img(
        h,
        "chart-frequency-monetary",
        "Monetary against frequency",
        Charts.scatter(
            "frequency",
            "monetary",
            data.sample(),
            ReportData.Point::frequency,
            ReportData.Point::monetary,
            true,
            true));
    h.append("</div><div class=\"grid\">");
    img(
        h,
        "chart-avg-recency",
        "Average recency per segment",
        Charts.bars(
            "Average days since last purchase",
            "days",
            s.segments(),
            RunSummary.SegmentLine::avgRecencyDays));
    img(
        h,
        "chart-avg-frequency",
        "Average frequency per segment",
        Charts.bars(
            "Average purchases", "invoices", s.segments(), RunSummary.SegmentLine::avgFrequency));
    img(
        h,
        "chart-avg-monetary",
        "Average net spend per segment",
        Charts.bars(
            "Average net spend", "net spend", s.segments(), RunSummary.SegmentLine::avgMonetary));
    h.append("</div>\n");

    DriftSection.render(h, s.drift());
    ClvSection.render(h, s.clv());

    h.append("<h2>Data quality</h2>");
    img(
        h,
        "chart-data-quality",
        "Input rows by cleaning verdict",
        Charts.dataQuality(s.rowsClean(), s.rejectedByRule()));
    h.append("<table><tr><th>rule</th><th>rows</th></tr>");
    h.append(
        String.format(
            Locale.ROOT,
            "<tr><td>rows read</td><td>%,d</td></tr><tr><td>clean</td><td>%,d</td></tr>",
            s.rowsRead(),
            s.rowsClean()));
    for (Map.Entry<String, Long> e : s.rejectedByRule().entrySet()) {
      h.append(
          String.format(
              Locale.ROOT, "<tr><td>%s</td><td>%,d</td></tr>", esc(e.getKey()), e.getValue()));
    }
    h.append(
        "</table>\n<h2>Stages</h2><table><tr><th>stage</th><th>seconds</th><th>Spark jobs</th><th>detail</th></tr>");
    s.stages()
        .forEach(
            (name, st) ->
                h.append(
                    String.format(
                        Locale.ROOT,
                        "<tr><td>%s</td><td>%.1f</td><td>%d</td><td style=\"text-align:left\">%s</td></tr>",
                        esc(name),
                        st.seconds(),
                        st.sparkJobs(),
                        esc(st.detail()))));
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  static void img(StringBuilder h, String id, String alt, byte[] png) {
    h.append("<p><img class=\"chart\" id=\"")
        .append(id)
        .append("\" alt=\"")
        .append(esc(alt))
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png))
        .append("\"></p>\n");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
