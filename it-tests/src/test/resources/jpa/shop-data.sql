INSERT INTO customers (id, name) VALUES (1, 'ada'), (2, 'grace'), (3, 'linus');
INSERT INTO purchases (id, item, amount, customer_id) VALUES (1, 'card 4111111111111111', 10, 1), (2, 'book', 20, 1), (3, 'card 4111111111111111', 30, 2), (4, 'pen', 40, 2), (5, 'lamp', 50, 3), (6, 'card 4111111111111111', 60, 3);
