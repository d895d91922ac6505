package dev.openevolve.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.openevolve.benchmarks.PairedOverhead.Estimate;
import dev.openevolve.benchmarks.PairedOverhead.Figures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedOverheadTest {

    @Test
    void theTrimmedMeanIgnoresTheTenPercentOnEitherSide() {
        double[] values = new double[20];
        for (int i = 0; i < 20; i++) {
            values[i] = 10;
        }
        values[0] = -1_000;   // a preempted block
        values[1] = 5_000;
        Estimate e = PairedOverhead.trimmedMean(values);
        assertThat(e.mean()).isEqualTo(10.0);
        assertThat(e.standardError()).isZero();
    }

    @Test
    void theStandardErrorFollowsTheSpreadAndTheCount() {
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 2 == 0 ? 9 : 11;
        }
        Estimate e = PairedOverhead.trimmedMean(values);
        assertThat(e.mean()).isCloseTo(10, within(1e-9));
        // sd about 1, over (1 - 0.2) * sqrt(1000)
        assertThat(e.standardError()).isCloseTo(1 / (0.8 * Math.sqrt(1000)), within(1e-3));
    }

    @Test
    void poolingCountsTheJvmsOwnSpreadWhenItExceedsTheirErrors() {
        Estimate pooled = Estimate.pooled(List.of(new Estimate(0, 0.1), new Estimate(20, 0.1)));
        assertThat(pooled.mean()).isEqualTo(10.0);
        // the two JVMs disagree by 20 ns: the error is that spread's (10 ns), not their own 0.1 ns
        assertThat(pooled.standardError()).isCloseTo(10, within(1e-9));
        // and with two JVMs the interval takes Student's t for one degree of freedom, 12.71, not 1.96
        assertThat(pooled.halfWidth()).isCloseTo(127.06, within(0.01));
        Estimate four = Estimate.pooled(List.of(new Estimate(1, 0), new Estimate(2, 0), new Estimate(3, 0),
                new Estimate(4, 0)));
        assertThat(four.halfWidth()).isCloseTo(3.182 * Math.sqrt(5.0 / 3 / 4), within(1e-3));
        Estimate agreeing = Estimate.pooled(List.of(new Estimate(10, 2), new Estimate(10, 2)));
        assertThat(agreeing.standardError()).isCloseTo(Math.sqrt(8) / 2, within(1e-9));
        assertThat(agreeing.halfWidth()).isCloseTo(1.96 * Math.sqrt(8) / 2, within(1e-9));
    }

    @Test
    void aChildJvmsLineReadsBackAsTheSameFigures() {
        Map<String, Estimate> cpu = new LinkedHashMap<>();
        Map<String, Estimate> wall = new LinkedHashMap<>();
        int k = 0;
        for (String c : PairedOverhead.CASES) {
            cpu.put(c, new Estimate(10.5 + k, 0.25 + k));
            wall.put(c, new Estimate(20.5 + k, 0.5 + k));
            k++;
        }
        Figures f = new Figures("5us", 600, 5_000.25, 5_010.5, cpu, wall, new Estimate(-3.5, 1.25), 61.75);
        assertThat(Figures.parse(f.line())).isEqualTo(f);
        assertThat(f.seedPercent()).isCloseTo(100 * 10.5 / 5_000.25, within(1e-9));
    }
}
