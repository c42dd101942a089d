-- ERP interface tables written by the crm-erp-sync ERP sink connector (MariaDB 10.5+, MySQL 8.0.16+).
--
-- The same tables as postgres-interface-tables.sql: the source system and its reference identify
-- the entity, an action code says what to do, the payload follows, source_version fences out old
-- or repeated commands, and the ERP's importer owns process_status / error_code / error_message.
--
-- Differences from PostgreSQL, on purpose:
-- * VARCHAR with a length where PostgreSQL has TEXT: keys must fit an InnoDB index, and a value
--   longer than its column is refused (the sink runs in strict mode) and dead-lettered.
-- * DATETIME holds UTC wall time (the sink writes UTC); PostgreSQL's TIMESTAMPTZ holds instants.
-- * utf8mb4_bin: keys compare byte for byte, as in PostgreSQL; a case-insensitive collation would
--   make C-1 and c-1 the same customer.
-- * a plain index on process_status (no partial indexes).
--
-- Table names are unqualified: by hand, run the file in the database the sink writes to
-- (erp.schema, default erp): mariadb erp < mariadb-interface-tables.sql
-- The connector qualifies the names itself and relies on this format: statements end with ';' at
-- the end of a line, no ';' inside a statement, comments only on lines of their own, table names
-- right after CREATE TABLE IF NOT EXISTS and REFERENCES. Every statement is idempotent.

CREATE TABLE IF NOT EXISTS customer_iface (
  source_system       VARCHAR(64)    NOT NULL,
  source_ref          VARCHAR(255)   NOT NULL,
  action              VARCHAR(16)    NOT NULL,
  first_name          VARCHAR(255),
  last_name           VARCHAR(255),
  company_name        VARCHAR(255),
  email               VARCHAR(255),
  phone               VARCHAR(64),
  tax_id              VARCHAR(64),
  street              VARCHAR(255),
  city                VARCHAR(255),
  postal_code         VARCHAR(32),
  country_code        VARCHAR(2),
  credit_limit        DECIMAL(14,2),
  payment_terms_days  INT,
  status              VARCHAR(64),
  -- Every CRM row merged into this customer (crm:1,crm-us:7): how each CRM's orders name it.
  source_refs         VARCHAR(1024),
  -- Columns this command does not carry (the ERP owns them): leave them as they are.
  omitted_columns     VARCHAR(1024),
  source_version      BIGINT         NOT NULL,
  idempotency_key     VARCHAR(512),
  source_position     VARCHAR(255),
  source_commit_time  DATETIME(3),
  process_status      VARCHAR(16)    NOT NULL DEFAULT 'PENDING',
  error_code          VARCHAR(255),
  error_message       TEXT,
  batch_id            VARCHAR(255),
  created_at          DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at          DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (source_system, source_ref),
  -- The ERP importer polls for work by status.
  KEY customer_iface_status_idx (process_status),
  CONSTRAINT customer_iface_action_chk CHECK (action IN ('UPSERT', 'DELETE', 'DEACTIVATE')),
  CONSTRAINT customer_iface_status_chk
    CHECK (process_status IN ('PENDING', 'PROCESSING', 'SUCCESS', 'ERROR'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS order_iface (
  source_system          VARCHAR(64)    NOT NULL,
  source_ref             VARCHAR(255)   NOT NULL,
  action                 VARCHAR(16)    NOT NULL,
  order_number           VARCHAR(255),
  customer_ref           VARCHAR(255),
  status                 VARCHAR(64),
  currency               VARCHAR(3),
  total_amount           DECIMAL(14,2),
  ordered_at             DATETIME(3),
  shipping_street        VARCHAR(255),
  shipping_city          VARCHAR(255),
  shipping_postal_code   VARCHAR(32),
  shipping_country_code  VARCHAR(2),
  -- The importer takes the header only when this many lines are present for it.
  line_count             INT,
  -- Columns this command does not carry (the ERP owns them): leave them as they are.
  omitted_columns        VARCHAR(1024),
  source_version         BIGINT         NOT NULL,
  idempotency_key        VARCHAR(512),
  source_position        VARCHAR(255),
  source_commit_time     DATETIME(3),
  process_status         VARCHAR(16)    NOT NULL DEFAULT 'PENDING',
  error_code             VARCHAR(255),
  error_message          TEXT,
  batch_id               VARCHAR(255),
  created_at             DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at             DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (source_system, source_ref),
  KEY order_iface_status_idx (process_status),
  CONSTRAINT order_iface_action_chk CHECK (action IN ('UPSERT', 'DELETE', 'DEACTIVATE')),
  CONSTRAINT order_iface_status_chk
    CHECK (process_status IN ('PENDING', 'PROCESSING', 'SUCCESS', 'ERROR'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS order_line_iface (
  source_system     VARCHAR(64)    NOT NULL,
  order_source_ref  VARCHAR(255)   NOT NULL,
  line_no           INT            NOT NULL,
  sku               VARCHAR(255),
  description       TEXT,
  quantity          DECIMAL(12,3),
  unit_price        DECIMAL(14,2),
  source_version    BIGINT         NOT NULL,
  created_at        DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (source_system, order_source_ref, line_no),
  CONSTRAINT order_line_iface_order_fk FOREIGN KEY (source_system, order_source_ref)
    REFERENCES order_iface (source_system, source_ref) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
