package com.example.shop.cli.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Decides each call of a run: its kind (from the mix's cycle), client, key and body.
 * Remembers the most recent orders that were accepted, for duplicates and polls; until
 * there is one, a duplicate is sent as a fresh order and a poll as a product read.
 */
final class Traffic {

	static final int SCARCE_PRODUCT = 19;

	static final int DECLINED_PRODUCT = 20;

	private static final int NORMAL_PRODUCTS = 18;

	private static final int REMEMBERED = 1000;

	private static final ObjectMapper json = new ObjectMapper();

	private final List<Op> cycle;

	private final String run;

	private final int clients;

	private final List<Placed> placed = new ArrayList<>();

	private int next;

	Traffic(Mix mix, String run, int clients) {
		this.cycle = mix.cycle();
		this.run = run;
		this.clients = clients;
	}

	Request next(long sequence) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String id = this.run + "-" + sequence;
		String client = "load-" + this.run + "-" + (sequence % this.clients + 1);
		Op op = this.cycle.get((int) (sequence % this.cycle.size()));
		Optional<Placed> earlier = (op == Op.DUPLICATE_ORDER || op == Op.POLL_ORDER) ? recent() : Optional.empty();
		return switch (op) {
			case BROWSE_PRODUCTS -> Request.get(sequence, id, op, client, "/api/products?page=0&size=20");
			case BROWSE_PRODUCT -> Request.get(sequence, id, op, client, "/api/products/" + random.nextInt(1, 21));
			case PLACE_ORDER -> order(sequence, id, op, client, normalItems(random));
			case SCARCE_ORDER -> order(sequence, id, op, client, List.of(SCARCE_PRODUCT));
			case DECLINED_ORDER -> order(sequence, id, op, client, List.of(DECLINED_PRODUCT));
			case DUPLICATE_ORDER -> earlier.map((order) -> duplicate(sequence, id, order.request()))
				.orElseGet(() -> order(sequence, id, Op.PLACE_ORDER, client, normalItems(random)));
			case POLL_ORDER -> earlier
				.map((order) -> Request.get(sequence, id, op, order.request().client(),
						"/api/orders/" + order.orderId()))
				.orElseGet(() -> Request.get(sequence, id, Op.BROWSE_PRODUCT, client,
						"/api/products/" + random.nextInt(1, 21)));
		};
	}

	/** Remembers an order the shop accepted, for later duplicates and polls. */
	void answered(Request request, Call call) {
		if (request.op().placesOrder() && call.successful() && call.orderId() != null) {
			synchronized (this.placed) {
				if (this.placed.size() < REMEMBERED) {
					this.placed.add(new Placed(request, call.orderId()));
				}
				else {
					this.placed.set(this.next, new Placed(request, call.orderId()));
					this.next = (this.next + 1) % REMEMBERED;
				}
			}
		}
	}

	private Optional<Placed> recent() {
		synchronized (this.placed) {
			return this.placed.isEmpty() ? Optional.empty()
					: Optional.of(this.placed.get(ThreadLocalRandom.current().nextInt(this.placed.size())));
		}
	}

	/** One or two different products of 1..18, one of each, so stock lasts a long run. */
	private static List<Integer> normalItems(ThreadLocalRandom random) {
		int first = random.nextInt(1, NORMAL_PRODUCTS + 1);
		if (random.nextInt(4) != 0) {
			return List.of(first);
		}
		return List.of(first, first % NORMAL_PRODUCTS + 1);
	}

	private Request order(long sequence, String id, Op op, String client, List<Integer> products) {
		ObjectNode body = json.createObjectNode();
		body.put("customerId", "c-" + client);
		var items = body.putArray("items");
		products.forEach((product) -> items.addObject().put("productId", product).put("quantity", 1));
		try {
			return new Request(sequence, id, op, client, "POST", "/api/orders", id, body,
					json.writeValueAsString(body));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Request duplicate(long sequence, String id, Request original) {
		return new Request(sequence, id, Op.DUPLICATE_ORDER, original.client(), "POST", "/api/orders",
				original.idempotencyKey(), original.body(), original.bodyText());
	}

	private record Placed(Request request, String orderId) {
	}

}
