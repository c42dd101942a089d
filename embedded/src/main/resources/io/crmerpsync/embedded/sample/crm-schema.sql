-- Sample CRM schema used by the embedded demo and the tests. It stands for a typical CRM's
-- sales tables; the pipeline itself is generic and reads any table through the mapping.
-- No ON DELETE CASCADE on purpose: MariaDB does not write cascaded deletes to the binlog,
-- so a cascade would delete ERP-bound rows without a change event.
CREATE TABLE customers (
  id                 BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  first_name         VARCHAR(100)  NOT NULL,
  last_name          VARCHAR(100)  NOT NULL,
  company_name       VARCHAR(200)  NULL,
  email              VARCHAR(255)  NOT NULL,
  phone              VARCHAR(40)   NULL,
  tax_id             VARCHAR(40)   NULL,
  street             VARCHAR(200)  NULL,
  city               VARCHAR(100)  NULL,
  postal_code        VARCHAR(20)   NULL,
  country_code       CHAR(2)       NOT NULL,
  credit_limit       DECIMAL(14,2) NOT NULL DEFAULT 0,
  payment_terms_days INT           NOT NULL DEFAULT 30,
  status             ENUM('PROSPECT','ACTIVE','SUSPENDED','CLOSED') NOT NULL DEFAULT 'ACTIVE',
  created_at         DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at         DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uk_customers_email (email)
) ENGINE=InnoDB;

CREATE TABLE orders (
  id                     BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_number           VARCHAR(30)   NOT NULL,
  customer_id            BIGINT        NOT NULL,
  status                 ENUM('DRAFT','CONFIRMED','SHIPPED','CANCELLED') NOT NULL DEFAULT 'DRAFT',
  currency               CHAR(3)       NOT NULL,
  total_amount           DECIMAL(14,2) NOT NULL,
  ordered_at             DATETIME(3)   NOT NULL,
  shipping_street        VARCHAR(200)  NULL,
  shipping_city          VARCHAR(100)  NULL,
  shipping_postal_code   VARCHAR(20)   NULL,
  shipping_country_code  CHAR(2)       NULL,
  created_at             DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at             DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uk_orders_number (order_number),
  KEY ix_orders_customer (customer_id),
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB;

CREATE TABLE order_lines (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id     BIGINT        NOT NULL,
  line_no      INT           NOT NULL,
  sku          VARCHAR(40)   NOT NULL,
  description  VARCHAR(200)  NULL,
  quantity     DECIMAL(12,3) NOT NULL,
  unit_price   DECIMAL(14,2) NOT NULL,
  UNIQUE KEY uk_order_lines_no (order_id, line_no),
  CONSTRAINT fk_order_lines_order FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE=InnoDB;
