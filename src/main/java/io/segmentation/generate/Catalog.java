package io.segmentation.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The generator's products (400 coloured gift items with fixed prices) and random baskets of them.
 */
final class Catalog {
  private Catalog() {}

  /** A product, or an invoice line of one (quantity 1 in the catalog). */
  record Line(String stockCode, String description, int quantity, double price) {}

  private static final String[] ITEMS = {
    "HEART T-LIGHT HOLDER",
    "METAL LANTERN",
    "CUPID HEARTS COAT HANGER",
    "HOT WATER BOTTLE",
    "LUNCH BAG",
    "CAKE STAND",
    "PARTY BUNTING",
    "ALARM CLOCK",
    "JUMBO BAG",
    "TEA CUP, SAUCER",
    "GIFT WRAP",
    "CANDLE, SCENTED",
    "PICNIC BASKET",
    "DOORMAT",
    "STORAGE TIN"
  };

  private static final String[] COLOURS = {
    "WHITE", "RED", "PINK", "BLUE", "VINTAGE", "RETROSPOT", "GREEN", "IVORY"
  };

  /** The catalog, prices drawn from {@code rnd}. */
  static List<Line> of(SplittableRandom rnd) {
    List<Line> catalog = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String code = String.valueOf(20000 + i * 7) + (i % 5 == 0 ? "A" : "");
      String description =
          COLOURS[i % COLOURS.length] + " " + ITEMS[(i / COLOURS.length) % ITEMS.length];
      double price = Math.round((0.4 + rnd.nextDouble() * rnd.nextDouble() * 12) * 100) / 100.0;
      catalog.add(new Line(code, description, 1, price));
    }
    return catalog;
  }

  /** Between {@code minLines} and {@code maxLines} lines of random products and quantities. */
  static List<Line> basket(
      List<Line> catalog,
      SplittableRandom rnd,
      int minLines,
      int maxLines,
      int minQty,
      int maxQty) {
    int n = minLines + rnd.nextInt(maxLines - minLines + 1);
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Line p = catalog.get(rnd.nextInt(catalog.size()));
      lines.add(
          new Line(
              p.stockCode(),
              p.description(),
              minQty + rnd.nextInt(maxQty - minQty + 1),
              p.price()));
    }
    return lines;
  }
}
