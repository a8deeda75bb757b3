package com.example.shop.cli.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Relative shares of each {@link Op} in the load. The calls follow a fixed, evenly
 * interleaved cycle of {@code sum of shares} calls (smooth weighted round-robin), so
 * every share shows up exactly, even in a short run, and a run can be repeated.
 *
 * @param browseProducts product pages
 * @param browseProduct single products
 * @param placeOrder fresh orders for products 1..18
 * @param duplicateOrder the same key and body as an earlier order
 * @param scarceOrder orders for the scarce product 19
 * @param declinedOrder orders for product 20, which the provider declines
 * @param pollOrder reads of an earlier order
 */
public record Mix(int browseProducts, int browseProduct, int placeOrder, int duplicateOrder, int scarceOrder,
		int declinedOrder, int pollOrder) {

	public Mix {
		if (browseProducts < 0 || browseProduct < 0 || placeOrder < 0 || duplicateOrder < 0 || scarceOrder < 0
				|| declinedOrder < 0 || pollOrder < 0) {
			throw new IllegalArgumentException("Shares must not be negative");
		}
		if (browseProducts + browseProduct + placeOrder + duplicateOrder + scarceOrder + declinedOrder
				+ pollOrder == 0) {
			throw new IllegalArgumentException("At least one share must be positive");
		}
	}

	/** Mostly browsing (55%), a fifth fresh orders, and a few of each special case. */
	public static Mix defaults() {
		return new Mix(25, 30, 20, 5, 3, 3, 14);
	}

	Map<Op, Integer> shares() {
		Map<Op, Integer> shares = new EnumMap<>(Op.class);
		shares.put(Op.BROWSE_PRODUCTS, this.browseProducts);
		shares.put(Op.BROWSE_PRODUCT, this.browseProduct);
		shares.put(Op.PLACE_ORDER, this.placeOrder);
		shares.put(Op.DUPLICATE_ORDER, this.duplicateOrder);
		shares.put(Op.SCARCE_ORDER, this.scarceOrder);
		shares.put(Op.DECLINED_ORDER, this.declinedOrder);
		shares.put(Op.POLL_ORDER, this.pollOrder);
		return shares;
	}

	/**
	 * One cycle of operations: each op as often as its share, spread evenly.
	 */
	List<Op> cycle() {
		Map<Op, Integer> shares = shares();
		int total = shares.values().stream().mapToInt(Integer::intValue).sum();
		Map<Op, Integer> current = new EnumMap<>(Op.class);
		shares.keySet().forEach((op) -> current.put(op, 0));
		List<Op> cycle = new ArrayList<>(total);
		for (int i = 0; i < total; i++) {
			Op next = null;
			for (Op op : Op.values()) {
				current.merge(op, shares.get(op), Integer::sum);
				if (next == null || current.get(op) > current.get(next)) {
					next = op;
				}
			}
			current.merge(next, -total, Integer::sum);
			cycle.add(next);
		}
		return cycle;
	}

}
