package io.segmentation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.SparkTestBase;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class SessionsTest extends SparkTestBase {

  @Test
  void verboseRaisesSparkToInfoAndPutsTheCallersLevelBack() {
    spark().sparkContext().setLogLevel("ERROR");
    try {
      try (Sessions.LogLevel logs = Sessions.verbose(spark(), true)) {
        assertThat(LogManager.getRootLogger().getLevel()).isEqualTo(Level.INFO);
      }
      assertThat(LogManager.getRootLogger().getLevel()).isEqualTo(Level.ERROR);
      try (Sessions.LogLevel logs = Sessions.verbose(spark(), false)) {
        assertThat(LogManager.getRootLogger().getLevel()).isEqualTo(Level.ERROR);
      }
    } finally {
      spark().sparkContext().setLogLevel("WARN");
    }
  }
}
