package io.segmentation.testing;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a Delta table with Delta Kernel, an engine independent of Spark's Delta connector (the same
 * library other engines build their readers on).
 */
public final class KernelReader {
  private KernelReader() {}

  /** What Kernel sees: column names, type names (Spark's spelling) and the number of live rows. */
  public record Seen(List<String> columns, List<String> types, long rows) {}

  private static final Map<String, String> SPARK_NAMES =
      Map.of("integer", "int", "long", "bigint", "short", "smallint", "byte", "tinyint");

  public static Seen read(String path) {
    Engine engine = DefaultEngine.create(new Configuration());
    try {
      Snapshot snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
      StructType schema = snapshot.getSchema();
      List<String> columns = new ArrayList<>();
      List<String> types = new ArrayList<>();
      for (StructField f : schema.fields()) {
        columns.add(f.getName());
        String type = f.getDataType().toString().toLowerCase(Locale.ROOT).replace(", ", ",");
        types.add(SPARK_NAMES.getOrDefault(type, type));
      }
      Scan scan = snapshot.getScanBuilder().build();
      Row scanState = scan.getScanState(engine);
      StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
      long rows = 0;
      try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
        while (files.hasNext()) {
          try (CloseableIterator<Row> fileRows = files.next().getRows()) {
            while (fileRows.hasNext()) {
              Row fileRow = fileRows.next();
              FileStatus status = InternalScanFileUtils.getAddFileStatus(fileRow);
              CloseableIterator<FileReadResult> results =
                  engine
                      .getParquetHandler()
                      .readParquetFiles(single(status), physical, Optional.empty());
              try (CloseableIterator<FilteredColumnarBatch> data =
                  Scan.transformPhysicalData(
                      engine, scanState, fileRow, results.map(FileReadResult::getData))) {
                while (data.hasNext()) {
                  rows += liveRows(data.next());
                }
              }
            }
          }
        }
      }
      return new Seen(columns, types, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long liveRows(FilteredColumnarBatch batch) {
    int size = batch.getData().getSize();
    if (batch.getSelectionVector().isEmpty()) {
      return size;
    }
    ColumnVector selection = batch.getSelectionVector().get();
    long live = 0;
    for (int i = 0; i < size; i++) {
      if (!selection.isNullAt(i) && selection.getBoolean(i)) {
        live++;
      }
    }
    return live;
  }

  private static CloseableIterator<FileStatus> single(FileStatus status) {
    return Utils.singletonCloseableIterator(status);
  }
}
