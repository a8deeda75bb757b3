package com.example.shop.messaging.deadletter;

import java.util.List;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedrivenOffsetsTests {

	@Test
	void nothingIsRedrivenOnAPartitionNobodyCommittedTo() {
		RedrivenOffsets offsets = RedrivenOffsets.from(null);

		assertThat(offsets.isRedriven(0)).isFalse();
	}

	@Test
	void redrivingTheOldestWaitingRecordMovesTheOffsetToTheNextWaitingOne() {
		OffsetAndMetadata commit = RedrivenOffsets.commit(List.of(4L, 7L), 8, RedrivenOffsets.from(null), List.of(3L));

		assertThat(commit.offset()).isEqualTo(4);
		assertThat(commit.metadata()).isEmpty();
	}

	@Test
	void redrivingARecordAboveAnOlderWaitingOneKeepsItInTheMetadata() {
		OffsetAndMetadata commit = RedrivenOffsets.commit(List.of(3L, 7L), 8, RedrivenOffsets.from(null), List.of(5L));
		RedrivenOffsets offsets = RedrivenOffsets.from(commit);

		assertThat(commit.offset()).isEqualTo(3);
		assertThat(offsets.isRedriven(2)).isTrue();
		assertThat(offsets.isRedriven(3)).isFalse();
		assertThat(offsets.isRedriven(5)).isTrue();
		assertThat(offsets.isRedriven(7)).isFalse();
	}

	@Test
	void redrivingTheLastWaitingRecordMovesTheOffsetToTheEndAndForgetsTheMetadata() {
		RedrivenOffsets before = new RedrivenOffsets(3, new TreeSet<>(List.of(5L, 6L)));

		OffsetAndMetadata commit = RedrivenOffsets.commit(List.of(), 8, before, List.of(3L, 7L));

		assertThat(commit.offset()).isEqualTo(8);
		assertThat(commit.metadata()).isEmpty();
		assertThat(RedrivenOffsets.from(commit).isRedriven(7)).isTrue();
		assertThat(RedrivenOffsets.from(commit).isRedriven(8)).isFalse();
	}

	@Nested
	class Waiting {

		@Test
		void countsEveryRecordOfAPartitionNobodyRedroveFrom() {
			assertThat(RedrivenOffsets.from(null).waiting(0, 5)).isEqualTo(5);
		}

		@Test
		void startsAtTheLogStartWhenRetentionRemovedOlderRecords() {
			assertThat(RedrivenOffsets.from(null).waiting(3, 5)).isEqualTo(2);
			assertThat(RedrivenOffsets.from(new OffsetAndMetadata(1, "")).waiting(3, 5)).isEqualTo(2);
		}

		@Test
		void leavesOutTheRecordsBelowTheWatermarkAndTheRedrivenOnesAboveIt() {
			RedrivenOffsets offsets = RedrivenOffsets.from(new OffsetAndMetadata(3, "5,6"));

			assertThat(offsets.waiting(0, 8)).as("3, 4 and 7").isEqualTo(3);
		}

		@Test
		void isZeroOnceEverythingWasRedriven() {
			OffsetAndMetadata commit = RedrivenOffsets.commit(List.of(), 8, RedrivenOffsets.from(null),
					List.of(6L, 7L));

			assertThat(RedrivenOffsets.from(commit).waiting(0, 8)).isZero();
			assertThat(RedrivenOffsets.from(null).waiting(4, 4)).isZero();
		}

	}

}
