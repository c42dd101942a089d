-- ERP interface tables written by the crm-erp-sync ERP sink connector (PostgreSQL).
--
-- Shape of real ERP interface tables (Oracle EBS *_INTERFACE_ALL, SAP IDoc status records):
-- the source system and its reference identify the entity, an action code says what to do,
-- the payload follows, source_version fences out old or repeated commands, and the ERP's
-- importer owns process_status / error_code / error_message.
--
-- Table names are unqualified on purpose: the connector runs this file with search_path set to
-- the schema named by erp.schema (default erp). A DBA can do the same by hand in psql:
-- set search_path to the schema, then \i this file.
-- Every statement is idempotent (IF NOT EXISTS), so running the file again changes nothing.

CREATE TABLE IF NOT EXISTS customer_iface (
  source_system       TEXT          NOT NULL,
  source_ref          TEXT          NOT NULL,
  action              TEXT          NOT NULL CHECK (action IN ('UPSERT', 'DELETE', 'DEACTIVATE')),
  first_name          TEXT,
  last_name           TEXT,
  company_name        TEXT,
  email               TEXT,
  phone               TEXT,
  tax_id              TEXT,
  street              TEXT,
  city                TEXT,
  postal_code         TEXT,
  country_code        VARCHAR(2),
  credit_limit        NUMERIC(14,2),
  payment_terms_days  INT,
  status              TEXT,
  -- Every CRM row merged into this customer (crm:1,crm-us:7): how each CRM's orders name it.
  source_refs         TEXT,
  -- Columns this command does not carry (the ERP owns them): leave them as they are.
  omitted_columns     TEXT,
  source_version      BIGINT        NOT NULL,
  idempotency_key     TEXT,
  source_position     TEXT,
  source_commit_time  TIMESTAMPTZ,
  process_status      TEXT          NOT NULL DEFAULT 'PENDING'
                        CHECK (process_status IN ('PENDING', 'PROCESSING', 'SUCCESS', 'ERROR')),
  error_code          TEXT,
  error_message       TEXT,
  batch_id            TEXT,
  created_at          TIMESTAMPTZ   NOT NULL DEFAULT now(),
  updated_at          TIMESTAMPTZ   NOT NULL DEFAULT now(),
  PRIMARY KEY (source_system, source_ref)
);

-- The ERP importer polls for work; a partial index keeps that cheap however many rows are done.
CREATE INDEX IF NOT EXISTS customer_iface_open_idx
  ON customer_iface (process_status) WHERE process_status IN ('PENDING', 'ERROR');

CREATE TABLE IF NOT EXISTS order_iface (
  source_system          TEXT          NOT NULL,
  source_ref             TEXT          NOT NULL,
  action                 TEXT          NOT NULL CHECK (action IN ('UPSERT', 'DELETE', 'DEACTIVATE')),
  order_number           TEXT,
  customer_ref           TEXT,
  status                 TEXT,
  currency               VARCHAR(3),
  total_amount           NUMERIC(14,2),
  ordered_at             TIMESTAMPTZ,
  shipping_street        TEXT,
  shipping_city          TEXT,
  shipping_postal_code   TEXT,
  shipping_country_code  VARCHAR(2),
  -- The importer takes the header only when this many lines are present for it.
  line_count             INT,
  -- Columns this command does not carry (the ERP owns them): leave them as they are.
  omitted_columns        TEXT,
  source_version         BIGINT        NOT NULL,
  idempotency_key        TEXT,
  source_position        TEXT,
  source_commit_time     TIMESTAMPTZ,
  process_status         TEXT          NOT NULL DEFAULT 'PENDING'
                           CHECK (process_status IN ('PENDING', 'PROCESSING', 'SUCCESS', 'ERROR')),
  error_code             TEXT,
  error_message          TEXT,
  batch_id               TEXT,
  created_at             TIMESTAMPTZ   NOT NULL DEFAULT now(),
  updated_at             TIMESTAMPTZ   NOT NULL DEFAULT now(),
  PRIMARY KEY (source_system, source_ref)
);

CREATE INDEX IF NOT EXISTS order_iface_open_idx
  ON order_iface (process_status) WHERE process_status IN ('PENDING', 'ERROR');

CREATE TABLE IF NOT EXISTS order_line_iface (
  source_system     TEXT           NOT NULL,
  order_source_ref  TEXT           NOT NULL,
  line_no           INT            NOT NULL,
  sku               TEXT,
  description       TEXT,
  quantity          NUMERIC(12,3),
  unit_price        NUMERIC(14,2),
  source_version    BIGINT         NOT NULL,
  created_at        TIMESTAMPTZ    NOT NULL DEFAULT now(),
  PRIMARY KEY (source_system, order_source_ref, line_no),
  FOREIGN KEY (source_system, order_source_ref)
    REFERENCES order_iface (source_system, source_ref) ON DELETE CASCADE
);
