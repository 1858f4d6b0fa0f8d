package io.segmentation.ops;

import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.segmentation.tables.Tables;
import io.segmentation.testing.Cli;
import io.segmentation.testing.GeneratedWarehouse;
import io.segmentation.testing.SparkTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code %%sql} cell of every notebook under notebooks/ runs with spark.sql against two
 * warehouses: the generated one (one run, no profit, no customer attributes) and a small order-line
 * warehouse with profit written by two runs (k = 3, then k = 4), for segment movement. Some cells'
 * results are checked against values computed here from the tables' Delta paths.
 */
@Tag("e2e")
class NotebookTest extends SparkTestBase {
  private static final Path NOTEBOOKS = Path.of("notebooks");
  private static final String TWO_RUNS_DB = "segmentation_notebooks";
  private static final String PATH_DB = "segmentation_notebooks_path";
  private static final String PREVIOUS_VIEW = "fact_clustering_previous";
  private static final Path PYTHON_RUNNER = Path.of("src/test/python/run_notebook_python.py");

  /** One {@code %%sql} cell: its notebook, its name (the cell's tag) and its SQL. */
  record SqlCell(String notebook, String name, String sql) {}

  static GeneratedWarehouse generated;
  static Path twoRuns;

  /** Total profit per customer id of the order-line input, computed while writing it. */
  static final Map<String, BigDecimal> PROFIT = new TreeMap<>();

  @BeforeAll
  static void warehouses(@TempDir Path tmp) throws IOException {
    spark();
    generated = GeneratedWarehouse.get();
    Path input = Files.writeString(tmp.resolve("orders.csv"), orderLines());
    twoRuns = tmp.resolve("warehouse");
    for (String[] run : new String[][] {{"nb-1", "3"}, {"nb-2", "4"}}) {
      Cli r =
          Cli.run(
              "run",
              "--input",
              input.toString(),
              "--output",
              twoRuns.toString(),
              "--run-id",
              run[0],
              "--set",
              "input.preset=order-lines",
              "--set",
              "input.csv.timestamp-patterns=[\"M/d/yyyy\"]",
              "--set",
              "model.k=" + run[1],
              "--set",
              "features.cap-percentile=0",
              "--set",
              "output.optimize=false",
              "--set",
              "output.database=" + TWO_RUNS_DB);
      assertThat(r.exitCode()).as(r.err()).isZero();
    }
  }

  @AfterAll
  static void restoreCatalog() {
    spark().sql("USE default");
    spark().catalog().dropTempView(PREVIOUS_VIEW);
  }

  /** 40 customers of an order-line export; every fourth one loses money. */
  private static String orderLines() {
    StringBuilder csv =
        new StringBuilder(
            "Order ID,Order Date,Customer ID,Segment,Country,Region,Product ID,Category,Sub-Category,Product Name,Sales,Quantity,Profit\n");
    String[] regions = {"West", "East", "Central"};
    String[] categories = {"Furniture", "Technology", "Office Supplies"};
    int order = 5000;
    for (int c = 1; c <= 40; c++) {
      String customer = String.format(Locale.ROOT, "CU-%02d", c);
      int orders = 1 + (c * 7) % 11;
      for (int o = 0; o < orders; o++) {
        int month = 1 + (c + o * 5) % 12;
        int day = 1 + (c + o) % 27;
        BigDecimal sales = BigDecimal.valueOf(15L * (1 + c % 9) + 3L * o + c).setScale(2);
        BigDecimal profit =
            sales
                .multiply(new BigDecimal(c % 4 == 0 ? "-0.30" : "0.20"))
                .setScale(2, RoundingMode.HALF_UP);
        PROFIT.merge(customer, profit, BigDecimal::add);
        csv.append(
            String.format(
                Locale.ROOT,
                "US-%d,%d/%d/2016,%s,Consumer,%s,%s,P-%d,%s,Sub,Thing,%s,%d,%s%n",
                order++,
                month,
                day,
                customer,
                c % 5 == 0 ? "Canada" : "United States",
                regions[c % 3],
                o % 7,
                categories[(c + o) % 3],
                sales.toPlainString(),
                1 + o % 3,
                profit.toPlainString()));
      }
    }
    return csv.toString();
  }

  @Test
  void notebooksAreJupyterNotebooksWithTheirSetupFirst() {
    List<Path> notebooks = notebooks();
    assertThat(notebooks).hasSizeBetween(2, 4);
    for (Path nb : notebooks) {
      JsonNode root = read(nb);
      assertThat(root.get("nbformat").asInt()).as(nb.toString()).isEqualTo(4);
      JsonNode cells = root.get("cells");
      assertThat(cells.get(0).get("cell_type").asText())
          .as(nb + ": markdown intro first")
          .isEqualTo("markdown");
      JsonNode parameters = cells.get(1);
      assertThat(parameters.get("cell_type").asText()).isEqualTo("code");
      assertThat(parameters.get("metadata").get("tags").toString())
          .as(nb + ": parameters cell")
          .contains("\"parameters\"");
      assertThat(source(parameters)).contains("DATABASE = ").contains("WAREHOUSE_PATH = ");
      assertThat(source(cells.get(2)))
          .as(nb + ": setup cell")
          .contains("spark.sql(f\"USE {DATABASE}\")");
    }
    List<SqlCell> cells = sqlCells();
    assertThat(cells.stream().map(SqlCell::name)).doesNotHaveDuplicates().doesNotContainNull();
    assertThat(cells).hasSizeGreaterThanOrEqualTo(15);
  }

  @Test
  void everySqlCellRunsOnTheGeneratedWarehouse() {
    Path wh = generated.warehouse();
    String db = GeneratedWarehouse.DATABASE;
    List<Object[]> answers =
        List.of(new Object[] {"MAX(run_id)", "e2e-1"}, new Object[] {"FROM run_log", null});
    Map<String, List<Row>> results = runNotebooks(db, "", answers, db, null);

    // Customers per segment: independent count from fact_clustering's files.
    Map<Integer, Long> expected = new TreeMap<>();
    for (Row r : table(wh, "fact_clustering").groupBy("cluster_key").count().collectAsList()) {
      expected.put(r.getInt(0), r.getLong(1));
    }
    Map<Integer, Long> distribution = new TreeMap<>();
    for (Row r : results.get("segment_distribution")) {
      distribution.put(r.<Integer>getAs("cluster_key"), r.<Long>getAs("customers"));
    }
    assertThat(distribution).isEqualTo(expected);

    BigDecimal totalSales =
        table(wh, "fact_sales").agg(functions.sum("line_amount")).first().getDecimal(0);
    Row kpis = single(results, "sales_kpis");
    assertThat(kpis.<BigDecimal>getAs("total_sales")).isEqualByComparingTo(totalSales);
    assertThat(kpis.<Object>getAs("total_profit")).as("no profit column in the UCI data").isNull();
    assertThat(sum(results.get("sales_by_country"), "sales")).isEqualByComparingTo(totalSales);
    assertThat(sum(results.get("sales_by_region_category"), "sales"))
        .isEqualByComparingTo(totalSales);
    assertThat(results.get("top_customers_by_sales")).hasSize(20);
    assertThat(results.get("top_customers_by_profit")).isEmpty();
    assertThat(results.get("negative_profit_customers")).isEmpty();

    // No customer attributes: every customer with sales in one (unknown, unknown) group.
    long buyers = table(wh, "fact_sales").select("customer_key").distinct().count();
    Row cityGender = single(results, "spend_by_city_gender");
    assertThat(List.of(cityGender.getString(0), cityGender.getString(1)))
        .containsExactly("(unknown)", "(unknown)");
    assertThat(cityGender.<Long>getAs("customers")).isEqualTo(buyers);
    assertThat(cityGender.<BigDecimal>getAs("sales")).isEqualByComparingTo(totalSales);
    assertThat(single(results, "spend_by_age_band").<Long>getAs("customers"))
        .isEqualTo(table(wh, "fact_clustering").count());

    // One run only: nothing to compare with, every customer is new.
    long customers = table(wh, "fact_clustering").count();
    assertThat(results.get("segment_movement"))
        .allSatisfy(r -> assertThat(r.getString(0)).isEqualTo("(new customer)"));
    assertThat(results.get("segment_movement").stream().mapToLong(r -> r.getLong(2)).sum())
        .isEqualTo(customers);
    assertThat(results.get("segment_movers")).isEmpty();
  }

  @Test
  void everySqlCellRunsOnTwoRunsWithProfit() {
    String fc = twoRuns.resolve("fact_clustering").toString();
    long previousVersion =
        DeltaTable.forPath(spark(), fc)
            .history()
            .where("userMetadata = 'nb-1' AND operation <> 'RESTORE'")
            .agg(max("version"))
            .first()
            .getLong(0);
    // The notebooks register the tables from the warehouse folder this time (WAREHOUSE_PATH).
    List<Object[]> answers =
        List.of(
            new Object[] {"MAX(run_id)", "nb-2"},
            new Object[] {"FROM run_log", "nb-1"},
            new Object[] {"DESCRIBE HISTORY", previousVersion});
    Map<String, List<Row>> results =
        runNotebooks(PATH_DB, twoRuns.toString(), answers, TWO_RUNS_DB, previousVersion);
    assertThat(spark().sql("SHOW TABLES IN " + PATH_DB).where("NOT isTemporary").count())
        .isEqualTo(Tables.ALL.size());

    // Profit: independent of the job, from the input written above.
    Map<String, BigDecimal> losses = new TreeMap<>();
    PROFIT.forEach(
        (id, p) -> {
          if (p.signum() < 0) {
            losses.put(id, p);
          }
        });
    Map<String, BigDecimal> negative = new TreeMap<>();
    for (Row r : results.get("negative_profit_customers")) {
      negative.put(r.getString(0), r.getDecimal(3));
    }
    assertThat(negative.keySet()).isEqualTo(losses.keySet());
    negative.forEach((id, p) -> assertThat(p).as(id).isEqualByComparingTo(losses.get(id)));
    String mostProfitable =
        PROFIT.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertThat(results.get("top_customers_by_profit").get(0).getString(0))
        .isEqualTo(mostProfitable);
    BigDecimal totalProfit = PROFIT.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(single(results, "sales_kpis").<BigDecimal>getAs("total_profit"))
        .isEqualByComparingTo(totalProfit);
    assertThat(sum(results.get("sales_by_region_category"), "profit"))
        .isEqualByComparingTo(totalProfit);
    assertThat(results.get("sales_by_region_category")).hasSize(9);

    // Movement: the matrix against an independent join of the two versions.
    Dataset<Row> previous =
        spark().read().format("delta").option("versionAsOf", previousVersion).load(fc);
    Dataset<Row> current = spark().read().format("delta").load(fc);
    assertThat(previous.select("run_id").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("nb-1");
    assertThat(current.select("run_id").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("nb-2");
    Map<String, Long> expectedMoves = new TreeMap<>();
    for (Row r :
        previous
            .as("p")
            .join(current.as("c"), "customer_key")
            .groupBy("p.segment_name", "c.segment_name")
            .count()
            .collectAsList()) {
      expectedMoves.put(r.getString(0) + " -> " + r.getString(1), r.getLong(2));
    }
    Map<String, Long> moves = new TreeMap<>();
    for (Row r : results.get("segment_movement")) {
      moves.put(r.getString(0) + " -> " + r.getString(1), r.getLong(2));
    }
    assertThat(moves).isEqualTo(expectedMoves);
    // Issue 16: the matrix now comes from segment_migration; the time-travel fallback agrees.
    Map<String, Long> travelled = new TreeMap<>();
    for (Row r : results.get("segment_movement_time_travel")) {
      travelled.put(r.getString(0) + " -> " + r.getString(1), r.getLong(2));
    }
    assertThat(travelled).isEqualTo(expectedMoves);
    assertThat(results.get("segments_over_runs").stream().map(r -> r.getString(0)).distinct())
        .containsExactlyInAnyOrder("nb-1", "nb-2");
    assertThat(moves.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40);
    long changed =
        expectedMoves.entrySet().stream()
            .filter(e -> !e.getKey().split(" -> ")[0].equals(e.getKey().split(" -> ")[1]))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertThat(changed).as("k = 3, then k = 4: some customers change segment").isPositive();
    assertThat(results.get("segment_movers")).hasSize((int) Math.min(100, changed));
    long stayed =
        results.get("segment_movement_summary").stream()
            .mapToLong(r -> r.<Long>getAs("stayed"))
            .sum();
    assertThat(stayed).isEqualTo(40 - changed);
    assertThat(
            results.get("fact_clustering_history").stream()
                .map(r -> r.<String>getAs("userMetadata")))
        .contains("nb-1", "nb-2");
    assertThat(results.get("runs")).extracting(r -> r.getString(0)).containsExactly("nb-2", "nb-1");
  }

  /**
   * Runs every notebook top to bottom, as "Run all" does, and returns each %%sql cell's rows by
   * cell name; a failing cell fails the test. The Python cells run in python3 against a recording
   * stand-in for the Spark session (src/test/python/run_notebook_python.py); what they asked Spark
   * to do is replayed here on the real session, and every answer they were given is checked against
   * the tables. Without python3 their effect is emulated (with a warning).
   *
   * @param database the notebooks' DATABASE parameter
   * @param warehousePath their WAREHOUSE_PATH parameter ("" = the tables are in the catalog)
   * @param answers what the Python cells' queries return: (query substring, first value)
   * @param jobDatabase where the job registered the tables (for the emulation)
   * @param previousVersion fact_clustering's version of the previous run (for the emulation)
   */
  private static Map<String, List<Row>> runNotebooks(
      String database,
      String warehousePath,
      List<Object[]> answers,
      String jobDatabase,
      Long previousVersion) {
    boolean python = Python3.present();
    if (!python) {
      System.err.println(
          "WARNING: python3 is not on the PATH: the notebooks' Python cells are emulated, not run");
    }
    Map<String, List<Row>> results = new LinkedHashMap<>();
    int sqlCells = 0;
    try {
      for (Path nb : notebooks()) {
        JsonNode cells = read(nb).get("cells");
        JsonNode calls = python ? pythonCalls(nb, database, warehousePath, answers) : null;
        for (int i = 0; i < cells.size(); i++) {
          JsonNode cell = cells.get(i);
          String src = source(cell);
          if (!cell.get("cell_type").asText().equals("code")) {
            continue;
          }
          if (src.startsWith("%%sql")) {
            sqlCells++;
            SqlCell sql = sqlCell(nb, cell);
            try {
              results.put(sql.name(), spark().sql(sql.sql()).collectAsList());
            } catch (Exception e) {
              fail(
                  "%s, cell %s failed on %s: %s%n%s",
                  sql.notebook(), sql.name(), database, e.getMessage(), sql.sql());
            }
          } else if (python) {
            replay(nb + " cell " + i, calls.get(String.valueOf(i)));
          } else {
            emulate(src, jobDatabase, previousVersion);
          }
        }
      }
    } finally {
      spark().sql("USE default");
    }
    assertThat(results).as("every %%sql cell ran").hasSize(sqlCells);
    return results;
  }

  private static JsonNode pythonCalls(
      Path nb, String database, String warehousePath, List<Object[]> answers) {
    try {
      ObjectMapper json = new ObjectMapper();
      String parameters =
          json.writeValueAsString(Map.of("DATABASE", database, "WAREHOUSE_PATH", warehousePath));
      Python3.Result r =
          Python3.run(
              List.of(
                  PYTHON_RUNNER.toString(),
                  nb.toString(),
                  parameters,
                  json.writeValueAsString(answers)));
      assertThat(r.code()).as("%s: Python cells failed:%n%s", nb, r.err()).isZero();
      return json.readTree(r.lastLine()).get("cells");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs what a Python cell asked Spark to do; checks the answers it was given. */
  private static void replay(String where, JsonNode calls) {
    for (JsonNode call : calls) {
      String sql = call.get("sql").asText();
      Dataset<Row> d = spark().sql(sql);
      if (!call.get("where").isNull()) {
        d = d.where(call.get("where").asText());
      }
      if (!call.get("agg").isNull()) {
        Map<String, String> agg = new LinkedHashMap<>();
        call.get("agg").fields().forEachRemaining(e -> agg.put(e.getKey(), e.getValue().asText()));
        d = d.agg(agg);
      }
      if (call.get("first").asBoolean()) {
        List<Row> rows = d.limit(1).collectAsList();
        Object actual = rows.isEmpty() ? null : rows.get(0).get(0);
        JsonNode given = call.get("value");
        Object expected =
            given.isNull() ? null : given.isNumber() ? (Object) given.asLong() : given.asText();
        Object seen = actual instanceof Number n ? (Object) n.longValue() : actual;
        assertThat(seen).as("%s: %s", where, sql).isEqualTo(expected);
      }
    }
  }

  /** Without python3: the Python cells' effect (USE the database; the previous run's view). */
  private static void emulate(String src, String jobDatabase, Long previousVersion) {
    if (src.contains("spark.sql(f\"USE {DATABASE}\")")) {
      spark().sql("USE " + jobDatabase);
    }
    if (src.contains(PREVIOUS_VIEW)) {
      spark()
          .sql(
              "CREATE OR REPLACE TEMP VIEW "
                  + PREVIOUS_VIEW
                  + " AS "
                  + (previousVersion == null
                      ? "SELECT * FROM fact_clustering WHERE FALSE"
                      : "SELECT * FROM fact_clustering VERSION AS OF " + previousVersion));
    }
  }

  static List<Path> notebooks() {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every code cell whose first line is %%sql, named by its tag. */
  static List<SqlCell> sqlCells() {
    List<SqlCell> cells = new ArrayList<>();
    for (Path nb : notebooks()) {
      for (JsonNode cell : read(nb).get("cells")) {
        if (cell.get("cell_type").asText().equals("code") && source(cell).startsWith("%%sql")) {
          cells.add(sqlCell(nb, cell));
        }
      }
    }
    return cells;
  }

  private static SqlCell sqlCell(Path nb, JsonNode cell) {
    String src = source(cell);
    JsonNode tags = cell.path("metadata").path("tags");
    String name = tags.size() == 1 ? tags.get(0).asText() : null;
    return new SqlCell(nb.getFileName().toString(), name, src.substring(src.indexOf('\n') + 1));
  }

  private static JsonNode read(Path nb) {
    try {
      return new ObjectMapper().readTree(nb.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String source(JsonNode cell) {
    JsonNode src = cell.get("source");
    if (src.isTextual()) {
      return src.asText();
    }
    StringBuilder sb = new StringBuilder();
    src.forEach(line -> sb.append(line.asText()));
    return sb.toString();
  }

  private static Dataset<Row> table(Path warehouse, String name) {
    return spark().read().format("delta").load(warehouse.resolve(name).toString());
  }

  private static Row single(Map<String, List<Row>> results, String cell) {
    assertThat(results.get(cell)).as(cell).hasSize(1);
    return results.get(cell).get(0);
  }

  private static BigDecimal sum(List<Row> rows, String column) {
    return rows.stream()
        .map(r -> r.<BigDecimal>getAs(column))
        .filter(Objects::nonNull)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
