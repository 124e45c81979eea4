/** JMH benchmarks of Hardtack's hot paths (filled by the benchmarks work). */
package dev.hardtack.benchmarks;
