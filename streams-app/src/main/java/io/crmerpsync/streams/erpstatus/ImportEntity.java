package io.crmerpsync.streams.erpstatus;

/**
 * The interface tables whose import status is published, with the names of their nodes and stores
 * in the topology. The names are stable API like those in {@code TopologyNames}: the store's
 * changelog topic is named after it.
 */
public enum ImportEntity {
  CUSTOMER("customer"),
  ORDER("order");

  private final String label;

  ImportEntity(String label) {
    this.label = label;
  }

  /** How the status topic and the commands name the entity: {@code customer}, {@code order}. */
  public String label() {
    return label;
  }

  /** The source node reading the interface table's raw change topic. */
  public String sourceNode() {
    return "erp-" + label + "-iface-source";
  }

  /** The processor turning the table's changes into status events. */
  public String processorNode() {
    return "erp-" + label + "-import-status";
  }

  /** The store of the last report published per row: one entry per interface row reported on. */
  public String store() {
    return "erp-" + label + "-import-reports";
  }
}
