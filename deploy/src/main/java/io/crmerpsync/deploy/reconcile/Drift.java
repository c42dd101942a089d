package io.crmerpsync.deploy.reconcile;

/**
 * One key on which the ERP's interface table and the pipeline's last command disagree.
 *
 * @param sentVersion the version of the pipeline's last command for the key, null when it sent none
 * @param erpVersion the {@code source_version} of the ERP's row, null when it has none
 */
public record Drift(String key, Kind kind, Long sentVersion, Long erpVersion) {

  /** How the two disagree. */
  public enum Kind {
    /** The pipeline sent the key, the ERP has no row: lost in the ERP. A resync repairs it. */
    MISSING_IN_ERP(true),
    /**
     * The ERP's row is older than the last command: lost or restored in the ERP. Resync repairs.
     */
    BEHIND(true),
    /**
     * The ERP's row has the version last sent but other values in the columns the command carried:
     * edited behind the pipeline's back (by hand, by another program). A resync repairs it.
     */
    EDITED_IN_ERP(true),
    /** The ERP's row is newer than anything sent: written by something else, or a lost topic. */
    AHEAD(false),
    /** The ERP has a row of this source the pipeline never sent a command for. */
    UNKNOWN_TO_PIPELINE(false);

    private final boolean repairedByResync;

    Kind(boolean repairedByResync) {
      this.repairedByResync = repairedByResync;
    }

    /** Whether sending the key's golden record again brings the ERP in step. */
    public boolean repairedByResync() {
      return repairedByResync;
    }
  }
}
