package io.segmentation.config;

import java.util.Locale;

/** The repeat-purchase model of {@code clv.model}. */
public enum ClvModel {
  /**
   * Modified BG/NBD (Batislam, Denizel and Filiztekin 2007): a customer may also drop out right
   * after the first purchase, so one who never came back is not certainly alive.
   */
  MBGNBD,
  /**
   * BG/NBD (Fader, Hardie and Lee 2005): drop-out only after a repeat purchase; a customer without
   * one is alive with probability 1.
   */
  BGNBD;

  /** The name in the configuration and in the {@code clv_model} table. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
