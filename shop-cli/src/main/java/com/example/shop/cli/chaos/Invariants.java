package com.example.shop.cli.chaos;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.example.shop.cli.load.Call;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * ARCHITECTURE.md's invariants, checked after a run from its call log and the shop's own
 * data. Stock and money are compared with a snapshot taken before the run, so they hold
 * only when nothing else used the shop meanwhile.
 */
final class Invariants {

	private static final long DECLINED_PRODUCT = 20;

	private Invariants() {
	}

	/**
	 * A verdict on one invariant.
	 *
	 * @param name the invariant
	 * @param held whether it held
	 * @param detail the numbers behind the verdict, or the first violations
	 */
	record Verdict(String name, boolean held, String detail) {

	}

	/**
	 * What the shop held before the run.
	 *
	 * @param stock stock per product
	 * @param approvedTotal money the provider had approved
	 */
	record Snapshot(Map<Long, Integer> stock, BigDecimal approvedTotal) {

		static Snapshot of(ShopData shop) {
			return new Snapshot(shop.stock(), shop.approvedTotal());
		}

	}

	/**
	 * The verdicts and the counts behind the headline ones.
	 *
	 * @param verdicts one per invariant
	 * @param ordersAccepted orders the shop stored (answered 202, or replayed when a
	 * client retried an unclear answer)
	 * @param lost accepted orders no instance knows
	 * @param doubleCharged orders with more than one approved charge
	 */
	record Checked(List<Verdict> verdicts, long ordersAccepted, long lost, long doubleCharged) {

	}

	static Checked check(List<Call> calls, List<Phases.Phase> phases, Snapshot before, ShopData shop,
			Scenario.Budgets budgets) {
		List<Verdict> verdicts = new ArrayList<>();
		long unanswered = calls.stream().filter((call) -> !call.answered()).count();
		verdicts.add(new Verdict("every call answered", unanswered == 0,
				unanswered + " of " + calls.size() + " calls got no answer"));
		List<String> slow = phases.stream()
			.filter((phase) -> phase.p99Ms() > budgets.p99().toMillis())
			.map((phase) -> phase.name() + ": p99 " + Math.round(phase.p99Ms()) + " ms")
			.toList();
		verdicts.add(new Verdict("p99 within " + budgets.p99().toMillis() + " ms in every phase", slow.isEmpty(),
				slow.isEmpty() ? "every phase within budget" : String.join("; ", slow)));

		Map<String, String> orderByKey = new LinkedHashMap<>();
		List<String> keyViolations = new ArrayList<>();
		for (Call call : calls) {
			if (call.status() != 202 || call.orderId() == null) {
				continue;
			}
			String first = orderByKey.putIfAbsent(call.idempotencyKey(), call.orderId());
			if (first != null && (!first.equals(call.orderId()) || !call.replayed())) {
				keyViolations.add(call.idempotencyKey());
			}
		}
		verdicts.add(new Verdict("one order per idempotency key", keyViolations.isEmpty(),
				keyViolations.isEmpty() ? orderByKey.size() + " keys, repeats replayed"
						: "keys answered with another order or not replayed: " + first(keyViolations)));
		verdicts.add(resolveUnclear(calls, orderByKey, shop));

		Map<String, JsonNode> settled = settle(orderByKey.values().stream().distinct().toList(), shop,
				budgets.settle());
		List<String> lost = settled.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() == null)
			.map(Map.Entry::getKey)
			.toList();
		verdicts.add(new Verdict("no lost order", lost.isEmpty(),
				lost.isEmpty() ? settled.size() + " accepted orders all found" : "not found: " + first(lost)));
		List<String> unsettled = settled.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() != null && !isFinal(entry.getValue()))
			.map(Map.Entry::getKey)
			.toList();
		verdicts
			.add(new Verdict("every order settles within " + budgets.settle().toSeconds() + " s", unsettled.isEmpty(),
					unsettled.isEmpty() ? "all confirmed or rejected" : "pending: " + first(unsettled)));

		List<String> charges = new ArrayList<>();
		long doubleCharged = 0;
		List<String> declines = new ArrayList<>();
		Map<Long, Integer> taken = new HashMap<>();
		BigDecimal confirmedTotal = BigDecimal.ZERO;
		long confirmed = 0;
		for (Map.Entry<String, JsonNode> entry : settled.entrySet()) {
			JsonNode order = entry.getValue();
			if (order == null || !isFinal(order)) {
				continue;
			}
			boolean isConfirmed = "CONFIRMED".equals(order.get("status").asText());
			long approved = shop.approvedCharges(entry.getKey());
			doubleCharged += (approved > 1) ? 1 : 0;
			if (approved != (isConfirmed ? 1 : 0)) {
				charges.add(entry.getKey() + " (" + order.get("status").asText() + ", " + approved + " charges)");
			}
			boolean declinedProduct = false;
			for (JsonNode item : order.get("items")) {
				declinedProduct |= item.get("productId").asLong() == DECLINED_PRODUCT;
				if (isConfirmed) {
					taken.merge(item.get("productId").asLong(), item.get("quantity").asInt(), Integer::sum);
				}
			}
			if (declinedProduct && isConfirmed) {
				declines.add(entry.getKey());
			}
			if (isConfirmed) {
				confirmed++;
				confirmedTotal = confirmedTotal.add(order.get("total").decimalValue());
			}
		}
		verdicts.add(new Verdict("no double charge: confirmed orders charged once, rejected never", charges.isEmpty(),
				charges.isEmpty() ? confirmed + " confirmed orders, one approved charge each" : first(charges)));
		verdicts.add(new Verdict("declined payments reject the order", declines.isEmpty(), declines.isEmpty()
				? "no order of product " + DECLINED_PRODUCT + " confirmed" : "confirmed: " + first(declines)));

		Map<Long, Integer> after = shop.stock();
		List<String> stock = new ArrayList<>();
		before.stock().forEach((product, was) -> {
			int expected = was - taken.getOrDefault(product, 0);
			if (!Integer.valueOf(expected).equals(after.get(product))) {
				stock.add("product " + product + ": " + was + " - " + taken.getOrDefault(product, 0) + " confirmed = "
						+ expected + ", catalog has " + after.get(product));
			}
		});
		verdicts.add(new Verdict("stock adds up: taken = confirmed quantities, rejected released", stock.isEmpty(),
				stock.isEmpty() ? taken.values().stream().mapToInt(Integer::intValue).sum() + " items taken"
						: first(stock)));
		BigDecimal charged = shop.approvedTotal().subtract(before.approvedTotal());
		verdicts.add(new Verdict("money adds up: charged = confirmed totals", charged.compareTo(confirmedTotal) == 0,
				"charged " + charged + ", confirmed orders total " + confirmedTotal));
		return new Checked(verdicts, settled.size(), lost.size(), doubleCharged);
	}

	/**
	 * Orders whose every answer was a 5xx or none may or may not exist (a gateway timeout
	 * can come after the order was stored). The checker does what those answers tell a
	 * client to do, retry with the same key, and counts the orders that brings back: a
	 * stored one must be replayed, never created twice, and is then held to every other
	 * invariant like the rest.
	 */
	private static Verdict resolveUnclear(List<Call> calls, Map<String, String> orderByKey, ShopData shop) {
		Map<String, JsonNode> unclear = new LinkedHashMap<>();
		Map<String, Boolean> clear = new HashMap<>();
		for (Call call : calls) {
			if (call.idempotencyKey() == null) {
				continue;
			}
			boolean clearAnswer = call.status() >= 200 && call.status() < 500;
			clear.merge(call.idempotencyKey(), clearAnswer, Boolean::logicalOr);
			unclear.putIfAbsent(call.idempotencyKey(), call.body());
		}
		unclear.keySet().removeIf((key) -> clear.get(key) || orderByKey.containsKey(key));
		long replayed = 0;
		long created = 0;
		long refused = 0;
		List<String> failures = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : unclear.entrySet()) {
			try {
				Optional<ShopData.Retried> order = shop.retryOrder(entry.getKey(), entry.getValue());
				if (order.isEmpty()) {
					refused++;
					continue;
				}
				orderByKey.put(entry.getKey(), order.get().orderId());
				boolean wasStored = order.get().replayed();
				replayed += wasStored ? 1 : 0;
				created += wasStored ? 0 : 1;
			}
			catch (IllegalStateException ex) {
				failures.add(entry.getKey());
			}
		}
		return new Verdict("unclear answers resolved by retrying with the same key", failures.isEmpty(),
				unclear.size() + " keys got only a 5xx or no answer: " + replayed + " had been stored (replayed), "
						+ created + " stored now, " + refused + " refused"
						+ (failures.isEmpty() ? "" : "; retries failed: " + first(failures)));
	}

	/**
	 * Waits (up to {@code budget}) until every order is confirmed or rejected; an order
	 * no instance knows maps to null.
	 */
	private static Map<String, JsonNode> settle(List<String> orderIds, ShopData shop, Duration budget) {
		long deadline = System.nanoTime() + budget.toNanos();
		Map<String, JsonNode> orders = new LinkedHashMap<>();
		orderIds.forEach((id) -> orders.put(id, null));
		while (true) {
			for (Map.Entry<String, JsonNode> entry : orders.entrySet()) {
				if (entry.getValue() == null || !isFinal(entry.getValue())) {
					Optional<JsonNode> order = readOrder(shop, entry.getKey());
					entry.setValue(order.orElse(null));
				}
			}
			boolean done = orders.values().stream().allMatch((order) -> order != null && isFinal(order));
			if (done || System.nanoTime() > deadline) {
				return orders;
			}
			pause();
		}
	}

	private static Optional<JsonNode> readOrder(ShopData shop, String orderId) {
		try {
			return shop.order(orderId);
		}
		catch (IllegalStateException ex) {
			// no instance answers right now: not known to be lost, try again
			return Optional.empty();
		}
	}

	private static boolean isFinal(JsonNode order) {
		String status = order.get("status").asText();
		return "CONFIRMED".equals(status) || "REJECTED".equals(status);
	}

	private static String first(List<String> items) {
		return items.size() + " — " + String.join(", ", items.subList(0, Math.min(5, items.size())));
	}

	private static void pause() {
		try {
			TimeUnit.SECONDS.sleep(1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while orders settle", ex);
		}
	}

}
