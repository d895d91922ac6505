import java.util.Map;
import java.util.TreeSet;

/** Calls the candidate's Probe.run() and reports it, with the names of the environment variables it could see. */
public class ProbeHarness {
    public static Map<String, ?> evaluate() throws Exception {
        return Map.of("combined_score", Probe.run(), "env", String.join(",", new TreeSet<>(System.getenv().keySet())));
    }
}
