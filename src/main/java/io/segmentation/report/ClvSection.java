package io.segmentation.report;

import static io.segmentation.report.HtmlReport.esc;
import static io.segmentation.report.HtmlReport.img;

import io.segmentation.clv.ClvFits;
import java.util.List;
import java.util.Locale;

/**
 * The report's lifetime-value section: the fits' status and parameters, and the holdout check as
 * predicted against actual repeat purchases per calibration frequency, with its mean absolute
 * error.
 */
final class ClvSection {
  private ClvSection() {}

  static void render(StringBuilder h, ClvFits f) {
    h.append("<h2>Lifetime value</h2>");
    if (f == null) {
      img(h, "chart-clv-holdout", "No holdout check", Charts.holdout(List.of(), 0));
      return;
    }
    h.append("<p>")
        .append(esc(f.model().configName()))
        .append(", status ")
        .append(esc(f.status()))
        .append(": ")
        .append(esc(f.message()))
        .append("</p>\n");
    f.purchases()
        .parameters()
        .ifPresent(
            p ->
                h.append(
                    String.format(
                        Locale.ROOT,
                        "<p>r = %.3g, alpha = %.3g days, a = %.3g, b = %.3g (mean drop-out"
                            + " probability a / (a + b) = %.2g), fitted on %,d customers.</p>%n",
                        p.r(),
                        p.alpha(),
                        p.a(),
                        p.b(),
                        p.a() / (p.a() + p.b()),
                        f.fitCustomers())));
    f.orderValues()
        .parameters()
        .ifPresent(
            g ->
                h.append(
                    String.format(
                        Locale.ROOT,
                        "<p>Gamma-Gamma p = %.3g, q = %.3g, gamma = %.3g on %,d repeat"
                            + " customers.</p>%n",
                        g.p(),
                        g.q(),
                        g.gamma(),
                        f.orderValues().customers())));
    int days = f.holdoutDays().orElse(0);
    img(
        h,
        "chart-clv-holdout",
        "Predicted and actual purchases in the holdout per calibration frequency",
        Charts.holdout(f.buckets(), days));
    if (f.holdoutMae().isPresent()) {
      h.append(
          String.format(
              Locale.ROOT,
              "<p>Holdout mean absolute error: %.3f purchase days per customer over %d days.</p>%n",
              f.holdoutMae().getAsDouble(),
              days));
    }
  }
}
