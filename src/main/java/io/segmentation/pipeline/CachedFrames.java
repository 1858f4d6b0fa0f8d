package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.segmentation.schema.ColumnNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * Frames that several stages reuse, persisted (memory, spilling to disk) while a run needs them and
 * unpersisted together, newest first, when it closes: a try-with-resources block instead of nested
 * persist/try/finally.
 */
final class CachedFrames implements AutoCloseable {
  /** The struct column that holds a frame's sparse columns in the cache. */
  static final String SPARSE = "_sparse";

  /**
   * How a frame is stored in the cache, which is uncompressed and spends 4 bytes on every null:
   * columns null on every row ({@code alwaysNull}: source columns the input lacks and what is
   * parsed from them) are left out, and columns null on most rows ({@code sparse}: the raw text
   * kept for rejected rows only) share one struct, null where all of them are. The frame read back
   * has the original columns, in their order and with their types.
   */
  record Layout(Set<String> alwaysNull, Set<String> sparse) {
    /** Every column stored as it is. */
    static final Layout AS_IS = new Layout(Set.of(), Set.of());
  }

  private final Deque<Dataset<Row>> frames = new ArrayDeque<>();

  /** Persists {@code frame} (lazily: the first action fills the cache) and returns it. */
  Dataset<Row> keep(Dataset<Row> frame) {
    Dataset<Row> kept = frame.persist(StorageLevel.MEMORY_AND_DISK());
    frames.push(kept);
    return kept;
  }

  /**
   * Persists {@code frame}, fills the cache at once in the frame's own partitions (one job), and
   * returns it read back in one task per core (several cached partitions a task): computing a frame
   * may need many tasks, to bound each one's memory, while every later job over the cached rows
   * pays a fixed cost per task. Filled lazily, the cache would be computed by the few reading tasks
   * (a coalesce is narrow: at 300 times the real data, two tasks computing the features of 90
   * partitions of invoice lines each ran out of memory). The count that fills the cache comes back
   * with the frame.
   */
  Counted keepCoalesced(Dataset<Row> frame) {
    Dataset<Row> kept = keep(frame);
    long count = kept.count();
    return new Counted(
        kept.coalesce(frame.sparkSession().sparkContext().defaultParallelism()), count);
  }

  /** A frame and its row count, known without another job. */
  record Counted(Dataset<Row> rows, long count) {
    /** {@code f}'s frame over the same rows (columns added, none filtered), with this count. */
    Counted map(UnaryOperator<Dataset<Row>> f) {
      return new Counted(f.apply(rows), count);
    }
  }

  /**
   * Persists {@code frame} in {@code layout} and returns a frame that reads as {@code frame}. Its
   * other columns pass through unchanged, so the rows keep their partitioning.
   */
  Dataset<Row> keep(Dataset<Row> frame, Layout layout) {
    if (layout.alwaysNull().isEmpty() && layout.sparse().isEmpty()) {
      return keep(frame);
    }
    List<Column> stored = new ArrayList<>();
    List<Column> sparse = new ArrayList<>();
    List<Column> readBack = new ArrayList<>();
    Column anySparse = lit(false);
    for (StructField f : frame.schema().fields()) {
      Column c = col(ColumnNames.quoted(f.name()));
      if (layout.alwaysNull().contains(f.name())) {
        readBack.add(lit(null).cast(f.dataType()).as(f.name()));
      } else if (layout.sparse().contains(f.name())) {
        sparse.add(c);
        anySparse = anySparse.or(c.isNotNull());
        readBack.add(col(SPARSE).getField(f.name()).as(f.name()));
      } else {
        stored.add(c);
        readBack.add(c);
      }
    }
    if (!sparse.isEmpty()) {
      stored.add(when(anySparse, struct(sparse.toArray(Column[]::new))).as(SPARSE));
    }
    return keep(frame.select(stored.toArray(Column[]::new)))
        .select(readBack.toArray(Column[]::new));
  }

  @Override
  public void close() {
    while (!frames.isEmpty()) {
      frames.pop().unpersist();
    }
  }
}
