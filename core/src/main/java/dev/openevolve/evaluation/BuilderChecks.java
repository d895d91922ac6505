package dev.openevolve.evaluation;

/** Argument checks shared by the evaluator builders; messages name the setting, the rule and the value. */
final class BuilderChecks {
    private BuilderChecks() {
    }

    static int memoryLimitMb(int mb) {
        if (mb < 16) {
            throw new IllegalArgumentException("memoryLimitMb must be at least 16 but was " + mb);
        }
        return mb;
    }

    static long maxOutputBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxOutputBytes must be positive but was " + bytes);
        }
        return bytes;
    }
}
