package com.example.shop.messaging.deadletter;

import java.util.Arrays;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Which records of one dead-letter partition were re-driven, kept in the dead-letter
 * group's committed offset of that partition: every record below the offset is done, and
 * the commit's metadata lists the re-driven offsets above it (records re-driven out of
 * order, while an older one still waits). So the list needs no database, and every
 * instance of a service sees the same.
 */
record RedrivenOffsets(long watermark, SortedSet<Long> above) {

	/** What a partition nobody re-drove from yet has: nothing. */
	static RedrivenOffsets from(OffsetAndMetadata committed) {
		if (committed == null) {
			return new RedrivenOffsets(0, new TreeSet<>());
		}
		String metadata = committed.metadata();
		SortedSet<Long> above = (metadata == null || metadata.isBlank()) ? new TreeSet<>()
				: Arrays.stream(metadata.split(","))
					.map(String::trim)
					.map(Long::valueOf)
					.collect(Collectors.toCollection(TreeSet::new));
		return new RedrivenOffsets(committed.offset(), above);
	}

	/**
	 * How many records of the partition still wait for a re-drive, from its offsets alone
	 * (no record is read): those from the watermark, or the log's start if retention
	 * removed more, to the end, less the re-driven ones above the watermark.
	 */
	long waiting(long logStartOffset, long endOffset) {
		long from = Math.max(this.watermark, logStartOffset);
		long redrivenAbove = this.above.subSet(from, Math.max(from, endOffset)).size();
		return Math.max(0, endOffset - from - redrivenAbove);
	}

	boolean isRedriven(long offset) {
		return offset < this.watermark || this.above.contains(offset);
	}

	/**
	 * The bookkeeping once {@code redriven} are done too, given the offsets still waiting
	 * on the partition and its end offset: the offset moves up to the oldest record still
	 * waiting, and only re-driven records above it stay in the metadata.
	 */
	static OffsetAndMetadata commit(Collection<Long> stillWaiting, long endOffset, RedrivenOffsets before,
			Collection<Long> redriven) {
		long watermark = stillWaiting.stream().mapToLong(Long::longValue).min().orElse(endOffset);
		SortedSet<Long> above = new TreeSet<>(before.above());
		above.addAll(redriven);
		String metadata = above.stream()
			.filter((offset) -> offset >= watermark)
			.map(String::valueOf)
			.collect(Collectors.joining(","));
		return new OffsetAndMetadata(watermark, metadata);
	}

}
