-- Where an order's prices came from: catalog itself, or its last known prices while catalog was down.
-- Orders placed before this column existed were all priced by catalog.
ALTER TABLE orders ADD COLUMN price_source VARCHAR(16) NOT NULL DEFAULT 'CATALOG'
    CHECK (price_source IN ('CATALOG', 'CACHE'));
ALTER TABLE orders ALTER COLUMN price_source DROP DEFAULT;
