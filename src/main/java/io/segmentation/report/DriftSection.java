package io.segmentation.report;

import io.segmentation.history.DriftReport;
import java.util.Locale;

/** The report's "Segments over time" section: migration matrix and drift table. */
final class DriftSection {
  private DriftSection() {}

  /** Where customers moved and how much the segments drifted since the previous run. */
  static void render(StringBuilder h, DriftReport d) {
    if (d == null) {
      return;
    }
    h.append("<h2 id=\"segments-over-time\">Segments over time</h2>");
    if (d.previousRunId() == null) {
      h.append(
          "<p>First run of this warehouse: every segment is new, every customer a new customer.</p>");
    } else {
      h.append(
          String.format(
              Locale.ROOT,
              "<p>Against run %s: %d segments continuing, %d new, %d retired. Silhouette change %s; customers in both runs who changed segment: %s.</p>",
              HtmlReport.esc(d.previousRunId()),
              d.continuing(),
              d.created(),
              d.retired(),
              fmt(d.silhouetteChange(), "%+.3f"),
              pct(d.changedShare())));
    }
    for (String warning : d.warnings()) {
      h.append("<p class=\"warning\"><b>Drift:</b> ")
          .append(HtmlReport.esc(warning))
          .append("</p>\n");
    }
    HtmlReport.img(
        h,
        "chart-migration",
        "Customers from previous to current segment",
        Charts.migration(d.migration()));
    h.append(
        "<table id=\"drift\"><tr><th>key</th><th>segment</th><th>status</th><th>previous key</th><th>centroid shift (sd)</th><th>previous share</th><th>share</th></tr>");
    for (DriftReport.SegmentLine l : d.segments()) {
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%d</td><td style=\"text-align:left\">%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
              l.key(),
              HtmlReport.esc(l.name()),
              HtmlReport.esc(l.status()),
              l.previousKey() == null ? "" : l.previousKey().toString(),
              fmt(l.centroidShift(), "%.2f"),
              pct(l.previousShare()),
              pct(l.share())));
    }
    h.append("</table>\n");
    if (!d.psi().isEmpty()) {
      h.append("<table id=\"psi\"><tr><th>feature</th><th>PSI vs previous run</th></tr>");
      d.psi()
          .forEach(
              (f, v) ->
                  h.append(
                      String.format(
                          Locale.ROOT, "<tr><td>%s</td><td>%.3f</td></tr>", HtmlReport.esc(f), v)));
      h.append("</table>\n");
    }
  }

  private static String fmt(double v, String format) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "";
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", v * 100) : "";
  }
}
