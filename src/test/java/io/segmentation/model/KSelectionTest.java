package io.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentation.errors.ExitCode;
import io.segmentation.errors.UserException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class KSelectionTest {
  @Test
  void picksHighestSilhouette() {
    List<KCandidate> c =
        List.of(
            new KCandidate(3, 0.40, 100, 0.2),
            new KCandidate(4, 0.55, 80, 0.1),
            new KCandidate(5, 0.50, 70, 0.1));
    assertThat(KSelection.choose(c, 0.02).k()).isEqualTo(4);
  }

  @Test
  void skipsKWhoseSmallestSegmentIsTooSmall() {
    List<KCandidate> c =
        List.of(
            new KCandidate(3, 0.40, 100, 0.2),
            new KCandidate(4, 0.90, 80, 0.01),
            new KCandidate(5, 0.50, 70, 0.05));
    assertThat(KSelection.choose(c, 0.02).k()).isEqualTo(5);
  }

  @Test
  void smallestShareExactlyAtTheMinimumIsAdmissible() {
    List<KCandidate> c =
        List.of(new KCandidate(3, 0.40, 100, 0.2), new KCandidate(4, 0.90, 80, 0.02));
    assertThat(KSelection.choose(c, 0.02).k()).isEqualTo(4);
  }

  @Test
  void tiesGoToTheSmallerK() {
    List<KCandidate> c =
        List.of(
            new KCandidate(6, 0.5, 10, 0.1),
            new KCandidate(4, 0.5, 20, 0.1),
            new KCandidate(5, 0.5, 15, 0.1));
    assertThat(KSelection.choose(c, 0.02).k()).isEqualTo(4);
  }

  @Test
  void ignoresNonFiniteSilhouettes() {
    List<KCandidate> c =
        List.of(new KCandidate(3, Double.NaN, 10, 0.3), new KCandidate(4, 0.1, 20, 0.1));
    assertThat(KSelection.choose(c, 0.02).k()).isEqualTo(4);
  }

  @Test
  void noAdmissibleKIsAModellingError() {
    List<KCandidate> c =
        List.of(new KCandidate(3, 0.4, 10, 0.01), new KCandidate(4, 0.5, 20, 0.005));
    assertThatThrownBy(() -> KSelection.choose(c, 0.02))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("minimum segment share of 2.0%")
        .hasMessageContaining("k=3 smallest 1.0%")
        .hasMessageContaining("model.min-segment-share")
        .satisfies(e -> assertThat(((UserException) e).exitCode()).isEqualTo(ExitCode.MODEL));
  }
}
