package dev.openevolve.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodingTest {
    private final JsonCodec json = new JsonCodec();

    @Test
    void handWrittenJsonOfStringMapsReadsBackIdentically() {
        var map = new HashMap<String, String>();
        for (char c = 0; c < 0x80; c++) {
            map.put("k" + (int) c, "v" + c + "\"\\/" + c);
        }
        map.put("", "");
        map.put("emoji 🚀", "żółć \u2028 \u2029 \uFFFF");

        assertThat(json.strings(json.writeStrings(map))).isEqualTo(map);
        assertThat(json.writeStrings(Map.of())).isEqualTo("{}");
    }

    @Test
    void nonFiniteNumbersRoundTripAsStrings() {
        var map = Map.of("nan", Double.NaN, "inf", Double.POSITIVE_INFINITY, "ninf", Double.NEGATIVE_INFINITY,
                "tiny", Double.MIN_VALUE, "huge", Double.MAX_VALUE);

        assertThat(json.doubles(json.write(map))).isEqualTo(map);
    }

    @Test
    void copyTextEscapesEverySeparatorAndMarksNull() {
        var text = new CopyText(64).text("a\tb\nc\rd\\N").tab().text(null).tab().text("").endRow();

        assertThat(text.drain()).isEqualTo("a\\tb\\nc\\rd\\\\N\t\\N\t\n");
    }

    @Test
    void copyTextWritesInstantsWithMicrosecondsInUtc() {
        var text = new CopyText(64);
        text.instant(Instant.parse("2024-03-15T10:15:30.123456789Z")).tab()
                .instant(Instant.parse("2024-03-15T10:15:30Z")).tab()
                .instant(Instant.parse("1969-12-31T23:59:59.000001Z"));

        assertThat(text.drain()).isEqualTo(
                "2024-03-15T10:15:30.123456Z\t2024-03-15T10:15:30.000000Z\t1969-12-31T23:59:59.000001Z");
    }
}
