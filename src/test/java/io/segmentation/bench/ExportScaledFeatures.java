package io.segmentation.bench;

import static org.apache.spark.sql.functions.col;

import io.segmentation.model.SavedModel;
import io.segmentation.schema.ModelColumns;
import io.segmentation.tables.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark helper (not part of the job): writes the scaled model inputs of the latest successful
 * run, with each customer's segment, as one CSV, so an independent implementation (scikit-learn,
 * src/bench/sklearn_reference.py) can cluster exactly the same points.
 *
 * <p>Usage: ExportScaledFeatures WAREHOUSE OUTPUT_DIR
 */
public final class ExportScaledFeatures {
  private ExportScaledFeatures() {}

  public static void main(String[] args) {
    String warehouse = args[0];
    String out = args[1];
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("export-scaled-features")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
    Row run =
        spark
            .read()
            .format("delta")
            .load(warehouse + "/run_log")
            .where("status = 'succeeded'")
            .orderBy(col("finished_at").desc())
            .first();
    String modelPath = run.getAs("model_path");
    SavedModel model = SavedModel.load(spark, modelPath);
    Dataset<Row> customers = spark.read().format("delta").load(warehouse + "/fact_clustering");
    Dataset<Row> scaled =
        model
            .pipeline()
            .transform(customers)
            .select(
                col(Tables.CLUSTER_KEY),
                org.apache
                    .spark
                    .ml
                    .functions
                    .vector_to_array(col(ModelColumns.SCALED), "float64")
                    .as("x"));
    int dims = scaled.first().getList(1).size();
    List<Column> cols = new ArrayList<>(List.of(col(Tables.CLUSTER_KEY)));
    for (int i = 0; i < dims; i++) {
      cols.add(col("x").getItem(i).as("x" + i));
    }
    scaled
        .select(cols.toArray(Column[]::new))
        .coalesce(1)
        .write()
        .mode("overwrite")
        .option("header", true)
        .csv(out);
    System.out.printf(
        "exported %d customers x %d scaled features of run %s (k=%d, MLlib silhouette %.4f) to %s%n",
        customers.count(),
        dims,
        run.<String>getAs("run_id"),
        run.<Integer>getAs("k"),
        run.<Double>getAs("silhouette"),
        out);
    spark.stop();
  }
}
