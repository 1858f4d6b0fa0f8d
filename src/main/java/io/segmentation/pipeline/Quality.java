package io.segmentation.pipeline;

import java.time.LocalDate;
import java.util.Map;

/** Row counts of the cleaning verdicts, and the last clean sale (for the default reference date). */
record Quality(long rowsRead, long rowsClean, Map<String, Long> rejectedByRule, long customerIdsRead, LocalDate lastSale) {
  long rowsRejected() {
    return rowsRead - rowsClean;
  }

  String describe() {
    return String.format(
        java.util.Locale.ROOT, "%,d rows read, %,d clean, %,d rejected %s, %,d distinct customer ids",
        rowsRead, rowsClean, rowsRejected(), rejectedByRule, customerIdsRead);
  }
}
