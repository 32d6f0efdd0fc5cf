package dev.plinth.benchmarks.report;

import java.nio.file.Path;

/** The versions of the engines measured, read from the benchmark jars. */
record Versions(String plinthChicory, String extismSdk, String extismChicory) {
    static final String EXTISM_SDK_GROUP = "org.extism.sdk";
    static final String EXTISM_SDK_ARTIFACT = "chicory-sdk-core";

    static Versions fromJars(Path plinthJar, Path extismJar) {
        return new Versions(chicory(plinthJar),
                ArtifactVersions.inJar(extismJar, EXTISM_SDK_GROUP, EXTISM_SDK_ARTIFACT).orElse(SuiteInfo.UNKNOWN),
                chicory(extismJar));
    }

    private static String chicory(Path jar) {
        return ArtifactVersions.inJar(jar, "com.dylibso.chicory", "runtime").orElse(SuiteInfo.UNKNOWN);
    }
}
