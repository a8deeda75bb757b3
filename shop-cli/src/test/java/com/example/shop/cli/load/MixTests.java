package com.example.shop.cli.load;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MixTests {

	@Test
	void cycleHoldsEachOpExactlyAsOftenAsItsShare() {
		Mix mix = Mix.defaults();

		List<Op> cycle = mix.cycle();

		assertThat(cycle).hasSize(100);
		mix.shares()
			.forEach((op, share) -> assertThat(Collections.frequency(cycle, op)).as(op.name()).isEqualTo(share));
	}

	@Test
	void cycleSpreadsSharesEvenly() {
		List<Op> cycle = Mix.defaults().cycle();

		// 3 scarce orders in 100 calls: one in each third, not three in a row
		assertThat(cycle.subList(0, 34)).contains(Op.SCARCE_ORDER, Op.DECLINED_ORDER, Op.DUPLICATE_ORDER);
		assertThat(cycle.subList(33, 67)).contains(Op.SCARCE_ORDER, Op.DECLINED_ORDER, Op.DUPLICATE_ORDER);
		assertThat(cycle.subList(66, 100)).contains(Op.SCARCE_ORDER, Op.DECLINED_ORDER, Op.DUPLICATE_ORDER);
		assertThat(new Mix(1, 0, 0, 0, 0, 0, 1).cycle()).containsExactly(Op.BROWSE_PRODUCTS, Op.POLL_ORDER);
	}

	@Test
	void refusesNegativeOrNoShares() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Mix(-1, 1, 1, 1, 1, 1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new Mix(0, 0, 0, 0, 0, 0, 0));
	}

}
