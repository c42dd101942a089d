-- The sample ERP's own customer master: where ERP users edit credit limits and phone numbers.
-- It stands for the ERP's tables that the pipeline captures as the second source ('erp');
-- the interface tables the sink writes are separate (erp.customer_iface).
-- REPLICA IDENTITY FULL so that updates carry the whole before-image (only changed fields count).
CREATE TABLE IF NOT EXISTS erp.customer_master (
  id                  BIGSERIAL PRIMARY KEY,
  crm_customer_id     BIGINT NOT NULL UNIQUE,
  erp_customer_number TEXT,
  credit_limit        NUMERIC(14,2),
  phone               TEXT,
  updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
ALTER TABLE erp.customer_master REPLICA IDENTITY FULL;
