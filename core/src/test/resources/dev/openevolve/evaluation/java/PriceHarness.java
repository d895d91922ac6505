import java.util.LinkedHashMap;
import java.util.Map;

/** Scores a PriceModel candidate: the closer price(10) is to 42, the better. */
public class PriceHarness {
    public static Map<String, ?> evaluate() {
        double p = PriceModel.price(10);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("combined_score", 1.0 / (1.0 + Math.abs(p - 42.0)));
        out.put("price", p);
        out.put("note", "price(10)=" + p);
        return out;
    }
}
