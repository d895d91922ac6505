import java.util.Map;

/** Calls the candidate's Probe.run() and reports what it returns; used by the hostile-candidate suite. */
public class ProbeHarness {
    public static Map<String, ?> evaluate() throws Exception {
        return Map.of("combined_score", Probe.run());
    }
}
