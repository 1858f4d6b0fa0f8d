package io.segmentation.model;

import io.segmentation.errors.Errors;
import io.segmentation.schema.ModelColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted segmentation pipeline saved with its segment names: {@code PATH/pipeline} (MLlib's
 * format) and {@code PATH/segments} (cluster index, key and name, as JSON).
 */
public record SavedModel(PipelineModel pipeline, List<Entry> segments) {

  /** How a KMeans cluster index maps to the tables' key and name. */
  public record Entry(int clusterIndex, int clusterKey, String name) {}

  private static final StructType SEGMENTS =
      new StructType()
          .add(ModelColumns.CLUSTER_INDEX, DataTypes.IntegerType, false)
          .add(ModelColumns.CLUSTER_KEY, DataTypes.IntegerType, false)
          .add(ModelColumns.SEGMENT_NAME, DataTypes.StringType, false);

  public static SavedModel of(PipelineModel pipeline, List<Segment> segments) {
    List<Entry> entries = new ArrayList<>();
    for (Segment s : segments) {
      entries.add(new Entry(s.profile().clusterIndex(), s.key(), s.name().name()));
    }
    return new SavedModel(pipeline, entries);
  }

  public void save(SparkSession spark, String path) {
    try {
      pipeline.write().overwrite().save(path + "/pipeline");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + path, e);
    }
    List<Row> rows = new ArrayList<>();
    for (Entry e : segments) {
      rows.add(RowFactory.create(e.clusterIndex(), e.clusterKey(), e.name()));
    }
    spark
        .createDataFrame(rows, SEGMENTS)
        .coalesce(1)
        .write()
        .mode("overwrite")
        .json(path + "/segments");
  }

  /** Loads a model saved by {@link #save}; fails with a clear input error when it is not one. */
  public static SavedModel load(SparkSession spark, String path) {
    PipelineModel pipeline;
    List<Row> rows;
    try {
      pipeline = PipelineModel.load(path + "/pipeline");
      rows = spark.read().schema(SEGMENTS).json(path + "/segments").collectAsList();
    } catch (Exception e) { // Hadoop's IOExceptions reach here undeclared, through Scala
      throw Errors.modelMissing(path, Errors.firstLine(e.getMessage()));
    }
    List<Entry> entries = new ArrayList<>();
    for (Row r : rows) {
      entries.add(new Entry(r.getInt(0), r.getInt(1), r.getString(2)));
    }
    if (entries.isEmpty()
        || !(pipeline.stages()[pipeline.stages().length - 1] instanceof KMeansModel)) {
      throw Errors.modelMissing(path, "it is not a customer-segmentation model");
    }
    return new SavedModel(pipeline, entries);
  }

  /** A column mapping {@link ModelColumns#CLUSTER_INDEX} to a segment's key or name. */
  public Column mapIndex(Function<Entry, Object> attribute) {
    Map<Integer, Object> values = new LinkedHashMap<>();
    segments.forEach(e -> values.put(e.clusterIndex(), attribute.apply(e)));
    return SegmentAssigner.byIndex(values);
  }

  /** Applies the pipeline: features plus cluster index and distance. */
  public Dataset<Row> assign(Dataset<Row> features) {
    return SegmentAssigner.assign(pipeline, features);
  }
}
