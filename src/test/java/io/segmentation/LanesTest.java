package io.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every test class runs in exactly one lane (docs/development.md, "Test lanes"): {@code mvn test}
 * runs the unit and spark lanes, {@code mvn verify} adds e2e and it. A class without a lane tag
 * would be run by neither Surefire execution, so it is caught here, as is a class in a lane cheaper
 * than what it does.
 */
@Tag("unit")
class LanesTest {

  static final Set<String> LANES = Set.of("unit", "spark", "e2e", "it");

  private static final Pattern TEST_METHOD =
      Pattern.compile("@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b");
  private static final Pattern TAG = Pattern.compile("@Tag\\(\"([^\"]+)\"\\)");

  /** Running the whole job: the command line in-process or one of the shared job fixtures. */
  private static final Pattern WHOLE_JOB =
      Pattern.compile(
          "\\bCli\\.run\\(|\\bMain\\.execute\\(|\\bGeneratedWarehouse\\b|\\bRealDataWarehouse\\b"
              + "|\\bSmallWarehouse\\.(get|run)\\(");

  private static final Pattern SPARK = Pattern.compile("\\bSparkTestBase\\b|\\bSparkSession\\b");

  @Test
  void everyTestClassHasExactlyOneLaneThatFitsWhatItRuns() throws IOException {
    assertThat(misfiled(Path.of("src/test/java"))).isEmpty();
    assertThat(misfiled(Path.of("src/spark-lines/test/java"))).isEmpty();
  }

  /** Each test class whose lane tags are missing, several, or cheaper than what it runs. */
  static List<String> misfiled(Path testRoot) throws IOException {
    List<String> wrong = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> s = Files.walk(testRoot)) {
      sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path source : sources) {
      String text = Files.readString(source);
      if (!TEST_METHOD.matcher(text).find()) {
        continue; // a helper, not a test class
      }
      String name = source.getFileName().toString().replace(".java", "");
      List<String> lanes = new ArrayList<>();
      Matcher tag = TAG.matcher(text);
      while (tag.find()) {
        if (LANES.contains(tag.group(1))) {
          lanes.add(tag.group(1));
        }
      }
      if (lanes.size() != 1) {
        wrong.add(name + ": lane tags " + lanes + ", expected exactly one of " + LANES);
        continue;
      }
      String lane = lanes.get(0);
      if (name.endsWith("IT") != lane.equals("it")) {
        wrong.add(name + ": lane " + lane + ", but the it lane is exactly the *IT classes");
      } else if (WHOLE_JOB.matcher(text).find() && !Set.of("e2e", "it").contains(lane)) {
        wrong.add(name + ": runs the whole job, so its lane is e2e, not " + lane);
      } else if (SPARK.matcher(text).find() && lane.equals("unit")) {
        wrong.add(name + ": starts Spark, so its lane is spark (or e2e), not unit");
      }
    }
    return wrong;
  }
}
