/**
 * JMH benchmarks of Hardtack's hot paths beside the peers a Java team would use instead (docs/BENCHMARKS.md). Each
 * {@code <Subject>Benchmark} measures one subject; peers sit behind the {@link CookieSubject} and {@link IdSubject}
 * facades, selected by {@code @Param}, so they are compared within one JMH run.
 */
package dev.hardtack.benchmarks;
