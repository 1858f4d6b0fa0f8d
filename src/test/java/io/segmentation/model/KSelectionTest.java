package io.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentation.errors.ExitCode;
import io.segmentation.errors.UserException;
import java.util.List;
import java.util.Optional;
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

  private static final List<KCandidate> FLAT =
      List.of(
          new KCandidate(3, 0.52, 100, 0.2),
          new KCandidate(4, 0.49, 80, 0.1),
          new KCandidate(5, 0.40, 70, 0.05));

  @Test
  void aFirstRunTakesTheBestK() {
    KChoice c = KSelection.keepOrSwitch(FLAT, 0.02, Optional.empty(), 0.05);
    assertThat(c.chosen().k()).isEqualTo(3);
    assertThat(c.changed()).isFalse();
    assertThat(c.reason()).isEqualTo("first run: k with the highest silhouette");
  }

  @Test
  void thePreviousKIsKeptWhileTheBestBeatsItByNoMoreThanTheMargin() {
    KChoice c = KSelection.keepOrSwitch(FLAT, 0.02, Optional.of(4), 0.05);
    assertThat(c.chosen().k()).isEqualTo(4);
    assertThat(c.best().k()).isEqualTo(3);
    assertThat(c.changed()).isFalse();
    assertThat(c.reason())
        .isEqualTo(
            "k=4 kept: k=3's silhouette 0.520 beats its 0.490 by 0.030, within"
                + " model.k-switch-margin 0.050");
  }

  @Test
  void anotherKReplacesThePreviousOneWhenItWinsByMoreThanTheMargin() {
    KChoice c = KSelection.keepOrSwitch(FLAT, 0.02, Optional.of(4), 0.02);
    assertThat(c.chosen().k()).isEqualTo(3);
    assertThat(c.changed()).isTrue();
    assertThat(c.reason())
        .isEqualTo(
            "k changed 4 -> 3: silhouette 0.520 beats 0.490 by more than model.k-switch-margin"
                + " 0.020");
    assertThat(KSelection.keepOrSwitch(FLAT, 0.02, Optional.of(4), 0.0).chosen().k())
        .as("margin 0: the best k")
        .isEqualTo(3);
  }

  @Test
  void aPreviousKThatIsNoLongerAdmissibleOrNotTriedIsReplacedByTheBest() {
    KChoice small = KSelection.keepOrSwitch(FLAT, 0.08, Optional.of(5), 0.5);
    assertThat(small.chosen().k()).isEqualTo(3);
    assertThat(small.reason())
        .isEqualTo("the previous k=5 is no longer admissible (smallest segment 5.0% < 8.0%)");
    KChoice outside = KSelection.keepOrSwitch(FLAT, 0.02, Optional.of(7), 0.5);
    assertThat(outside.chosen().k()).isEqualTo(3);
    assertThat(outside.changed()).isTrue();
    assertThat(outside.reason()).isEqualTo("the previous k=7 is outside the k range");
    KChoice same = KSelection.keepOrSwitch(FLAT, 0.02, Optional.of(3), 0.05);
    assertThat(same.chosen().k()).isEqualTo(3);
    assertThat(same.reason()).isEqualTo("k=3 kept: still the best");
  }
}
