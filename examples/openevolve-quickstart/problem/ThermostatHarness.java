import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores a {@code Thermostat}: simulates a room (heat capacity, losses to the outside, a sensor
 * that lags one minute) through three winter days' worth of scenarios and measures how closely the
 * room follows its target. Deterministic: the same constants always get the same score.
 */
public class ThermostatHarness {
    private static final double DT = 10;                 // seconds per step
    private static final double HEATER_WATTS = 3000;
    private static final double LOSS_WATTS_PER_KELVIN = 60;
    private static final double HEAT_CAPACITY = 1.2e5;   // joules per kelvin
    private static final int SENSOR_DELAY_STEPS = 6;
    private static final int STEPS = 1440;               // four hours

    public static Map<String, Object> evaluate() {
        double[][] scenarios = {{5, 21, 17}, {-5, 22, 14}, {12, 20, 19.5}};  // outdoor, target, start
        double absError = 0;
        double overshoot = 0;
        double energy = 0;
        for (double[] s : scenarios) {
            var thermostat = new Thermostat();
            double temperature = s[2];
            double[] sensor = new double[SENSOR_DELAY_STEPS];
            java.util.Arrays.fill(sensor, temperature);
            for (int i = 0; i < STEPS; i++) {
                double target = i < STEPS / 2 ? s[1] : s[1] - 2;
                double measured = sensor[i % SENSOR_DELAY_STEPS];
                sensor[i % SENSOR_DELAY_STEPS] = temperature;
                double power = thermostat.heaterPower(target, measured, DT);
                if (!Double.isFinite(power)) {
                    throw new IllegalStateException("heater power is not a number at step " + i);
                }
                power = Math.max(0, Math.min(1, power));
                double watts = power * HEATER_WATTS - LOSS_WATTS_PER_KELVIN * (temperature - s[0]);
                temperature += watts / HEAT_CAPACITY * DT;
                absError += Math.abs(target - temperature);
                overshoot = Math.max(overshoot, temperature - target);
                energy += power * HEATER_WATTS * DT / 3.6e6;
            }
        }
        double meanError = absError / (scenarios.length * STEPS);
        var result = new LinkedHashMap<String, Object>();
        result.put("combined_score", 1.0 / (1.0 + meanError + 0.5 * overshoot));
        result.put("mean_abs_error_kelvin", meanError);
        result.put("max_overshoot_kelvin", overshoot);
        result.put("energy_kwh", energy);
        result.put("summary", String.format("mean |error| %.3f K, overshoot %.3f K, %.2f kWh", meanError, overshoot, energy));
        return result;
    }
}
