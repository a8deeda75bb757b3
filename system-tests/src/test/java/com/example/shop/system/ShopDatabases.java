package com.example.shop.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The local shop's databases on its PostgreSQL primary (localhost:55432), read the way a
 * test checks that a request changed nothing: the rows that requests and the saga write,
 * and for each outbox (whose relay deletes what it published) the last id it handed out.
 */
final class ShopDatabases implements AutoCloseable {

	private static final String OUTBOX = "select coalesce(pg_sequence_last_value("
			+ "pg_get_serial_sequence('outbox_event', 'id')), 0)";

	/** What is counted, database by database. */
	private static final Map<String, Map<String, String>> STATE = Map.of("orders",
			Map.of("orders", "select count(*) from orders", "order_line", "select count(*) from order_line",
					"idempotency_key", "select count(*) from idempotency_key", "outbox", OUTBOX),
			"catalog",
			Map.of("stock", "select coalesce(sum(stock), 0) from product", "stock_reservation",
					"select count(*) from stock_reservation", "outbox", OUTBOX),
			"payments", Map.of("payment", "select count(*) from payment", "outbox", OUTBOX), "provider",
			Map.of("charge", "select count(*) from charge"));

	private final Map<String, Connection> connections = new LinkedHashMap<>();

	ShopDatabases() throws SQLException {
		for (String database : STATE.keySet()) {
			this.connections.put(database,
					DriverManager.getConnection("jdbc:postgresql://127.0.0.1:55432/" + database, "shop", "shop"));
		}
	}

	/** Every count, as {@code database.what}. */
	Map<String, Long> state() throws SQLException {
		Map<String, Long> state = new LinkedHashMap<>();
		for (Map.Entry<String, Map<String, String>> database : STATE.entrySet()) {
			for (Map.Entry<String, String> count : database.getValue().entrySet()) {
				state.put(database.getKey() + "." + count.getKey(), single(database.getKey(), count.getValue()));
			}
		}
		return state;
	}

	/** The catalog's decision for an order: RESERVED, REJECTED, RELEASED, or none yet. */
	Optional<String> reservation(UUID orderId) throws SQLException {
		try (Statement statement = this.connections.get("catalog").createStatement();
				ResultSet result = statement
					.executeQuery("select status from stock_reservation where order_id = '" + orderId + "'")) {
			return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
		}
	}

	private long single(String database, String query) throws SQLException {
		try (Statement statement = this.connections.get(database).createStatement();
				ResultSet result = statement.executeQuery(query)) {
			result.next();
			return result.getLong(1);
		}
	}

	@Override
	public void close() throws SQLException {
		for (Connection connection : this.connections.values()) {
			connection.close();
		}
	}

}
