-- The demo catalog. Ids are part of the contract (tests, demos and the README use them):
--   19 is scarce (3 left) for out-of-stock demos;
--   20 costs more than the payment provider's card limit (1000.00), so its orders are always declined.
INSERT INTO product (id, name, description, price, stock) VALUES
    (1, 'Ceramic mug', 'Stoneware mug, 350 ml, dishwasher safe.', 12.50, 40),
    (2, 'Espresso beans 1 kg', 'Dark roast, whole beans, roasted weekly.', 24.90, 120),
    (3, 'Pour-over dripper', 'Porcelain dripper for size 02 filters.', 32.00, 60),
    (4, 'Cast-iron skillet', 'Pre-seasoned, 28 cm, works on induction.', 59.00, 40),
    (5, 'Chef''s knife', '20 cm blade, stainless steel, full tang.', 89.00, 35),
    (6, 'Bamboo cutting board', 'Large board with a juice groove.', 27.50, 80),
    (7, 'Linen tea towel', 'Washed linen, 50 x 70 cm.', 9.90, 150),
    (8, 'Green tea 250 g', 'Loose-leaf sencha from Shizuoka.', 14.00, 90),
    (9, 'Hardcover notebook', 'A5, dotted, 192 numbered pages.', 18.00, 110),
    (10, 'Fountain pen', 'Steel nib, medium, with a converter.', 45.00, 50),
    (11, 'Mechanical pencil', '0.5 mm lead, knurled metal grip.', 7.50, 180),
    (12, 'Desk lamp', 'Dimmable LED lamp with an adjustable arm.', 74.00, 30),
    (13, 'Wool throw', 'Merino wool blanket, 130 x 170 cm.', 129.00, 25),
    (14, 'Scented candle', 'Soy wax, cedar and fig, 40 hours.', 19.50, 140),
    (15, 'Paperback classic', 'A classic novel in a pocket edition.', 8.99, 100),
    (16, 'Jazz standards on vinyl', '180 g pressing, gatefold sleeve.', 29.99, 45),
    (17, 'Wireless headphones', 'Over-ear, noise cancelling, 30 hours of battery.', 249.00, 30),
    (18, 'Guitar strings', 'Phosphor bronze acoustic set, light gauge.', 11.00, 200),
    (19, 'Signed first edition', 'A first printing signed by the author. Only a few exist.', 280.00, 3),
    (20, 'Concert grand piano', 'A 2.7 m concert grand, delivered and tuned.', 4999.00, 10);

-- Products added later take ids after the seed.
ALTER TABLE product ALTER COLUMN id RESTART WITH 21;
