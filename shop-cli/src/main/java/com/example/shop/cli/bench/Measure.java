package com.example.shop.cli.bench;

/**
 * One line of the benchmark's table.
 *
 * @param what what was measured, and how
 * @param figure the figure this run got
 * @param goal the project's goal
 * @param peer the published peer figure to hold it against, or what it was held against
 * in this run
 * @param met whether the goal was met; null when there is no goal or nothing was measured
 */
record Measure(String what, String figure, String goal, String peer, Boolean met) {

	static Measure failed(String what, String goal, String why) {
		return new Measure(what, "not measured: " + why, goal, "", null);
	}

	String verdict() {
		return (this.met == null) ? "" : this.met ? "met" : "not met";
	}

}
