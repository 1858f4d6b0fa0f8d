package io.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.model.SegmentIdentity.Current;
import io.segmentation.model.SegmentIdentity.Previous;
import io.segmentation.model.SegmentIdentity.Status;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SegmentIdentityTest {
  private static final SegmentIdentity.Settings SETTINGS =
      new SegmentIdentity.Settings(1.0, 0.5, 1.0);

  private final List<Previous> previous =
      List.of(
          new Previous(1, "Power Loyalists", new double[] {2, 2}, 100),
          new Previous(2, "Steady Essentials", new double[] {0, 0}, 300),
          new Previous(5, "Ghost Shoppers", new double[] {-2, -1}, 200));

  private static Current current(int index, double x, double y, double monetary) {
    return new Current(index, new double[] {x, y}, 100, monetary, 30);
  }

  @Test
  void sameSegmentsInAnotherOrderKeepTheirKeys() {
    List<Current> now =
        List.of(current(0, -2, -1.1, 10), current(1, 2.1, 2, 900), current(2, 0.1, 0, 100));
    SegmentIdentity.Result r = SegmentIdentity.match(previous, now, null, 5, SETTINGS);
    assertThat(r.byIndex().get(0).key()).isEqualTo(5);
    assertThat(r.byIndex().get(1).key()).isEqualTo(1);
    assertThat(r.byIndex().get(2).key()).isEqualTo(2);
    assertThat(r.byIndex().values()).allMatch(m -> m.status() == Status.CONTINUING);
    assertThat(r.byIndex().get(1).centroidShift())
        .isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.retired()).isEmpty();
  }

  @Test
  void aVanishedSegmentIsRetiredAndANewOneGetsAFreshKey() {
    // Ghost Shoppers are gone; a new far-away segment appears.
    List<Current> now =
        List.of(current(0, 2, 2, 900), current(1, 0, 0.1, 100), current(2, 8, -8, 50));
    SegmentIdentity.Result r = SegmentIdentity.match(previous, now, null, 7, SETTINGS);
    assertThat(r.byIndex().get(0).key()).isEqualTo(1);
    assertThat(r.byIndex().get(1).key()).isEqualTo(2);
    SegmentIdentity.Match fresh = r.byIndex().get(2);
    assertThat(fresh.status()).isEqualTo(Status.NEW);
    assertThat(fresh.key()).as("largest key ever + 1, never a reused one").isEqualTo(8);
    assertThat(r.retired()).extracting(Previous::key).containsExactly(5);
    assertThat(r.count(Status.CONTINUING)).isEqualTo(2);
  }

  @Test
  void fewerSegmentsRetireTheUnmatched() {
    List<Current> now = List.of(current(0, 2, 2, 900), current(1, 0, 0, 100));
    SegmentIdentity.Result r = SegmentIdentity.match(previous, now, null, 5, SETTINGS);
    assertThat(r.retired()).extracting(Previous::key).containsExactly(5);
  }

  @Test
  void customerOverlapDecidesWhenCentroidsAreUnknown() {
    List<Previous> prev = List.of(new Previous(1, "A", null, 100), new Previous(2, "B", null, 100));
    List<Current> now = List.of(new Current(0, null, 100, 1, 1), new Current(1, null, 100, 2, 1));
    long[][] overlap = {{5, 90}, {80, 10}};
    SegmentIdentity.Result r = SegmentIdentity.match(prev, now, overlap, 2, SETTINGS);
    assertThat(r.byIndex().get(0).key()).isEqualTo(2);
    assertThat(r.byIndex().get(1).key()).isEqualTo(1);
  }

  @Test
  void overlapKeepsASegmentWhoseCentroidMovedFar() {
    List<Previous> prev = List.of(new Previous(3, "A", new double[] {0}, 100));
    List<Current> now = List.of(new Current(0, new double[] {5}, 100, 1, 1));
    SegmentIdentity.Result r = SegmentIdentity.match(prev, now, new long[][] {{90}}, 3, SETTINGS);
    assertThat(r.byIndex().get(0).status()).isEqualTo(Status.CONTINUING);
    SegmentIdentity.Result without = SegmentIdentity.match(prev, now, null, 3, SETTINGS);
    assertThat(without.byIndex().get(0).status()).isEqualTo(Status.NEW);
    assertThat(without.byIndex().get(0).key()).isEqualTo(4);
    assertThat(without.byIndex().get(0).previousKey())
        .as("origin: nearest previous segment")
        .isEqualTo(3);
  }
}
