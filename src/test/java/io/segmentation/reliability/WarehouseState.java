package io.segmentation.reliability;

import io.segmentation.tables.Tables;
import io.segmentation.testing.KernelReader;
import io.segmentation.warehouse.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The observable state of every output table: its latest Delta version (from the commit files in
 * {@code _delta_log}) and its row count read with Delta Kernel (no Spark job). Two equal states
 * mean no table was touched.
 */
record WarehouseState(Map<String, String> tables) {

  static WarehouseState of(SparkSession spark, Path warehouse) {
    Map<String, String> state = new LinkedHashMap<>();
    for (TableSpec spec : Tables.ALL) {
      Path table = warehouse.resolve(spec.name());
      long rows = KernelReader.read(table.toString()).rows();
      state.put(spec.name(), "version " + latestVersion(table) + ", " + rows + " rows");
    }
    return new WarehouseState(state);
  }

  /** The highest commit number in the table's log (-1 when it has none). */
  static long latestVersion(Path table) {
    Path log = table.resolve("_delta_log");
    if (!Files.isDirectory(log)) {
      return -1;
    }
    try (Stream<Path> files = Files.list(log)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{20}\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, 20)))
          .max()
          .orElse(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
