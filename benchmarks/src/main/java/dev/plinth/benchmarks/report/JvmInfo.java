package dev.plinth.benchmarks.report;

import java.util.List;

/** The JVM a benchmark ran in, as JMH records it: VM name and version, and the flags it added. */
record JvmInfo(String vmName, String vmVersion, String jdkVersion, List<String> jvmArgs) {
    JvmInfo {
        jvmArgs = List.copyOf(jvmArgs);
    }

    /** e.g. {@code OpenJDK 64-Bit Server VM 17.0.15+6 (JDK 17.0.15)}. */
    String describe() {
        return vmName + " " + vmVersion + " (JDK " + jdkVersion + ")";
    }
}
