package io.segmentation.pipeline;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/**
 * Row counts of the cleaning verdicts, and the last clean sale (for the default reference date).
 * {@code rowsClean} counts every valid sale, {@code guestRows} of them without a customer id (kept
 * in fact_sales, not segmented).
 */
record Quality(
    long rowsRead,
    long rowsClean,
    long guestRows,
    Map<String, Long> rejectedByRule,
    long customerIdsRead,
    LocalDate lastSale) {
  long rowsRejected() {
    return rowsRead - rowsClean;
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "%,d rows read, %,d clean (%,d of them guest sales), %,d rejected %s, %,d distinct customer ids",
        rowsRead,
        rowsClean,
        guestRows,
        rowsRejected(),
        rejectedByRule,
        customerIdsRead);
  }
}
