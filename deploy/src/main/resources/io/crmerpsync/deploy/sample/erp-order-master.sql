-- The sample ERP's own order table: where the ERP records what it does with an order it imported
-- from order_iface (it ships it, it cancels it). The pipeline captures it as the 'erp' source of
-- orders: its status joins the order under the mapping file's 'order' policies. source_system and
-- source_ref name the order as the sink wrote it into order_iface.
-- REPLICA IDENTITY FULL so that updates carry the whole before-image (only changed fields count).
CREATE TABLE IF NOT EXISTS erp.order_master (
  id             BIGSERIAL PRIMARY KEY,
  source_system  TEXT NOT NULL,
  source_ref     TEXT NOT NULL,
  erp_order_no   TEXT,
  status         TEXT,
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (source_system, source_ref)
);
ALTER TABLE erp.order_master REPLICA IDENTITY FULL;
